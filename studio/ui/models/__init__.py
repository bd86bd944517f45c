"""Qt item models of the app: the country list (with its type-ahead filter) and the
outbox."""

from studio.ui.models.countries import (
    CODE_ROLE,
    FLAG_ROLE,
    NAME_ROLE,
    CountryFilterModel,
    CountryListModel,
)
from studio.ui.models.outbox import ITEM_ID_ROLE, ITEM_ROLE, OutboxModel

__all__ = [
    "CODE_ROLE",
    "FLAG_ROLE",
    "ITEM_ID_ROLE",
    "ITEM_ROLE",
    "NAME_ROLE",
    "CountryFilterModel",
    "CountryListModel",
    "OutboxModel",
]
