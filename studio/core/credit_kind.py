"""Makes the "credits" draft kind known (import it before a credits draft is opened,
merged or diffed): its schema (:mod:`studio.core.credit_drafts`) and its own merge
(:mod:`studio.core.credit_merge`)."""

from __future__ import annotations

from studio.core.credit_drafts import CREDITS, SCHEMA
from studio.core.credit_merge import merge_credits
from studio.core.drafts import register_schema
from studio.core.merge import register_merger

register_schema(CREDITS, SCHEMA)
register_merger(CREDITS, merge_credits)
