"""The preview's pictures come from the app's one loader: :mod:`studio.pictures`."""

from studio.pictures import ImageLoader, can_load, decode_scaled, default_fetch

__all__ = ["ImageLoader", "can_load", "decode_scaled", "default_fetch"]
