"""Type-ahead on PostgreSQL (docs/search.md, "Suggest"): names that start with the query
first, one suggestion per name, typos corrected from the names' small vocabulary
(``search.suggest_word``) rather than from every indexed term."""

from __future__ import annotations

import uuid

import msgspec
import pytest

from hansa.core.db import Database
from hansa.search import conformance
from hansa.search.postgres import PostgresBackend, _closest
from hansa.search.text import vocabulary


@pytest.fixture
async def backend(db: Database) -> PostgresBackend:
    async with db.transaction() as tx:
        for table in ("document", "synonym", "suggest_word"):
            await tx.execute(f"DELETE FROM search.{table}")
    found = PostgresBackend(db)
    await conformance.load(found)
    return found


def test_the_closest_word_is_the_nearest_whole_word_or_beginning() -> None:
    assert _closest("surbu", ["suruburi", "surub"], prefix=True) == "surub"
    assert _closest("hexga", ["hex", "hexagonal"], prefix=True) == "hexagonal"  # typing it, one swap
    assert _closest("hexga", ["hexagonal"], prefix=False) is None  # a whole word is compared whole
    assert _closest("inxo", ["index", "inox"], prefix=False) == "inox"
    assert _closest("bolt", ["boltz", "bold"], prefix=False) == "boltz"  # equally near: the first found
    assert _closest("galvanizd", ["galvanised"], prefix=False) == "galvanised"  # two edits from 8 letters


def test_the_vocabulary_holds_words_of_letters_only() -> None:
    assert vocabulary(["Șurub hexagonal M8x20 inox A2 DIN 933", "Bolt & Co"]) == {
        "surub",
        "hexagonal",
        "inox",
        "din",
        "bolt",
    }


async def test_writes_keep_the_vocabulary_of_names(backend: PostgresBackend, db: Database) -> None:
    async with db.transaction() as tx:
        words = {r["word"] for r in await tx.fetch("SELECT word FROM search.suggest_word")}
    # product, category and supplier names; not descriptions, SKUs, sizes
    assert {"surub", "hexagonal", "suruburi", "fasteners", "acme", "cheie"} <= words
    assert not {"m8x20", "full", "thread", "galvanised"} & words


async def test_one_suggestion_per_name_and_names_starting_with_the_query_first(
    backend: PostgresBackend,
) -> None:
    s1 = next(d for d in conformance.DOCUMENTS if d.id == conformance.KEYS["s1"])
    twin = msgspec.structs.replace(
        s1, id=f"{conformance.CORA}:{uuid.uuid4()}", tenant_id=conformance.CORA, sku="CRA-M8-20"
    )
    await backend.upsert([twin])
    found = await backend.suggest(conformance.MARKET, "hex")
    labels = [s.label for s in found.products]
    assert labels == [
        "Hex screw M8x20 stainless A2",  # starts with "hex"
        "Piuliță hexagonală M8 inox A2 DIN 934",  # a word starts with it, in name order
        "Șurub hexagonal M8x20 inox A2 DIN 933",  # once, though two suppliers sell it
        "Șurub hexagonal M8x40 inox A4 DIN 933",
    ]


async def test_a_typo_while_typing_is_corrected(backend: PostgresBackend) -> None:
    found = await backend.suggest(conformance.MARKET, "M8 hexga")
    assert {s.label for s in found.products} >= {
        "Șurub hexagonal M8x20 inox A2 DIN 933",
        "Piuliță hexagonală M8 inox A2 DIN 934",
    }
    assert (
        await backend.suggest(conformance.MARKET, "M6 hexagonal")
    ).products == []  # sizes are never corrected


async def test_a_typo_of_a_synonym_is_corrected(backend: PostgresBackend) -> None:
    """A synonym no name has (the demo's "inox": its names say "stainless") is a word
    type-ahead corrects to."""
    await backend.set_synonyms(conformance.MARKET, [["inox", "stainless", "a2", "rostfrei"]])
    found = await backend.suggest(conformance.MARKET, "rostfrie")
    assert "Hex screw M8x20 stainless A2" in {s.label for s in found.products}
