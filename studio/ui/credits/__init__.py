"""The credits section: the professional credits of a producer profile."""
