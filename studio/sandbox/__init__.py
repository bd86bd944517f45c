"""A local BeatPass API server (Flask + waitress + SQLite) with demo data and faults.

Start it with :func:`studio.sandbox.server.start_sandbox` or the ``beatpass-sandbox`` command.
"""
