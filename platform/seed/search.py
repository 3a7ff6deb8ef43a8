"""The demo's search index: its synonyms per marketplace, then every catalog indexed, so
a buyer on ``make run`` finds "M8 inxo" among the stainless M8 screws (docs/search.md)."""

from __future__ import annotations

from hansa.config import Settings
from hansa.core.db import Database
from hansa.search import service as search
from hansa.seed.data import MARKETPLACES

# what operators would keep: the same material under its trade names
DEMO_SYNONYMS = [["inox", "stainless"], ["zinc", "galvanised", "galvanized"], ["mcb", "breaker"]]


async def index_demo(db: Database, settings: Settings) -> search.ReindexReport:
    await search.set_demo_synonyms(db, settings, [m.slug for m in MARKETPLACES], DEMO_SYNONYMS)
    return await search.reindex(db, settings, restart=True)
