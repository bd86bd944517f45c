"""A local BeatPass API server (Flask + waitress + SQLite) with demo data and faults.

Start it with :func:`studio.sandbox.server.start_sandbox` or the ``beatpass-sandbox`` command.

Test hooks (loopback callers only; ``/__sandbox/`` is outside ``/api/v1``):

- ``POST /__sandbox/faults``: ``{"latency_ms", "fail_rate", "drop_rate", "fail_next",
  "fail_status", "rate_limit_next", "retry_after", "spotify_down", "spotify_unknown",
  "drop_next",
  "drop_answer_next", "me_without_artists", "profile_without_artists"}``; ``{}`` resets.
  ``drop_next`` drops a request before it runs; ``drop_answer_next`` runs the next write
  (POST/PUT/PATCH/DELETE; reads pass) and then drops the connection without answering (its
  changes are kept). ``me_without_artists`` makes A3 answer as a BeatPass that ignores
  ``with=`` (no ``artists``); ``profile_without_artists`` drops them from U1 too.
  ``spotify_unknown`` makes C3, C5 and C6 answer 404 for every Spotify id (an item taken
  off Spotify after it was found; C2 search still answers).
- ``POST /__sandbox/tokens/expire``: exactly one of ``{"token": "<id>|<secret>"}`` (that
  token; 404 when unknown or already expired), ``{"email": "..."}`` (every live token of that
  account; 404 for an unknown account) or ``{"all": true}`` (every live token). Answers
  ``{"status": "success", "expired": <count>}``; later calls with those tokens get 401.
"""
