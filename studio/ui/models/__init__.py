"""Qt item models of the app: the country list (with its type-ahead filter,
:mod:`studio.ui.models.countries`) and the outbox (:mod:`studio.ui.models.outbox`).

Import from the submodule you need: this package imports neither, so the profile form's
country list does not pull in publishing (the outbox model's imports) while the app opens.
"""
