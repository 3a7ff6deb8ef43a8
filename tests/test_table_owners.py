"""Every table has one owning domain, and only that domain's SQL names it.

``OWNERS`` is the map (docs/architecture.md "Domains and tables" shows the same). The scan
reads the SQL text of every module under ``platform/`` (``FROM``/``JOIN``/``INTO``/``UPDATE``/
``COPY``, asyncpg's ``copy_records_to_table`` and the ``("table", [columns], rows)`` plans of
a bulk COPY) and fails on a table another domain owns, naming the file and the table. Other
domains call the owner's service or a read function it exports. ``KNOWN`` lists what is still
read across, each with its reason; an entry that no longer matches fails too, so the list
only shrinks.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.fixtures.architecture import PLATFORM, domain_of

OWNERS: dict[str, tuple[str, ...]] = {
    "core": ("outbox", "processed_event", "mail_message", "idempotency_key"),
    "tenants": ("tenant", "supplier_profile"),
    "identity.orgs": ("organisation", "invitation"),
    "identity.auth": ("app_user", "user_session", "api_key", "email_token", "recovery_code"),
    "identity.permissions": ("casbin_rule",),
    "audit": ("audit_log",),
    "notifications": ("notification",),
    # in the shared ``search`` schema
    "search": (
        "document",
        "document_body",
        "facet_value",
        "staging",
        "term",
        "category_name",
        "supplier_name",
        "synonym",
        "query_log",
        "reindex_done",
        "suggest_word",
    ),
    "marketplace.marketplaces": ("marketplace", "marketplace_listing", "category", "category_attribute"),
    "marketplace.catalog": (
        "product",
        "variant",
        "inventory_location",
        "inventory_level",
        "stock_reservation",
    ),
    "marketplace.pricing": (
        "price_list",
        "price_list_item",
        "price_tier",
        "buyer_segment",
        "buyer_segment_member",
        "customer_terms",
    ),
    "marketplace.media": ("media", "media_rendition", "media_visibility_buyer"),
    "marketplace.imports": ("import_job", "export_job", "import_column_mapping"),
    "marketplace.buyers": ("buyer_location",),
    "marketplace.checkout": ("checkout", "checkout_step"),
    "marketplace.approvals": (
        "spending_limit",
        "approval_rule",
        "approval_rule_level",
        "purchase_request",
        "approval_decision",
    ),
    "marketplace.requisitions": ("requisition_list", "requisition_line"),
    "marketplace.cart": ("cart_line", "preferred_supplier"),
    "rfq.requests": ("rfq_number_counter", "rfq", "rfq_line", "rfq_invitation", "rfq_file"),
    "rfq.quotes": (
        "rfq_revision",
        "rfq_revision_line",
        "rfq_counter_offer",
        "rfq_counter_line",
        "rfq_message",
        "rfq_revision_expiry",
        "quote_policy",
        "quote_draft",
        "quote_draft_line",
    ),
    "rfq.awards": ("rfq_award", "rfq_award_line", "rfq_award_step"),
    "marketplace.orders": (
        "order_ref",
        "order_counter",
        "sales_order",
        "sales_order_line",
        "sales_order_revision",
        "sales_order_change",
        "shipment",
        "shipment_line",
    ),
}
OWNER_OF = {table: domain for domain, tables in OWNERS.items() for table in tables}

# (file under platform/, table): why it is still read across. Only shrinks.
KNOWN: dict[tuple[str, str], str] = {
    (
        "marketplace/pricing/repository.py",
        "variant",
    ): "kept: a list's items filtered and ordered by the variant's SKU while paging (two calls cannot)",
    # kept: price resolution is the hot path and stays one statement per page (bench.pricing
    # measures it against a bare fetch of the same rows)
    ("marketplace/pricing/resolution.py", "product"): "price resolution (hot path): one statement per page",
    ("marketplace/pricing/resolution.py", "variant"): "price resolution (hot path): one statement per page",
    # the demo seed loads a supplier's rows (and the events the services would have written) by
    # COPY: thousands of rows per table, where the owners' services insert row by row
    **{
        ("seed/demo.py", table): "the demo's bulk COPY"
        for table in (
            "buyer_segment",
            "buyer_segment_member",
            "customer_terms",
            "inventory_level",
            "inventory_location",
            "media",
            "outbox",
            "price_list",
            "price_list_item",
            "price_tier",
            "product",
            "variant",
        )
    },
}

SQL_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|COPY)\s+(?:(?:public|search)\.)?([a-z_]+)\b")
COPY_CALL = re.compile(r"copy_records_to_table\(\s*\"([a-z_]+)\"")
COPY_PLAN = re.compile(r"\(\s*\"([a-z_]+)\",\s*(?:\[|list\()")  # ("table", [columns], rows) of a bulk COPY
CREATE_TABLE = re.compile(
    r"CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?(?:(?:public|search)\.)?([a-z_]+)", re.IGNORECASE
)


def tables_named(text: str) -> set[str]:
    named = {m.group(1) for pattern in (SQL_TABLE, COPY_CALL, COPY_PLAN) for m in pattern.finditer(text)}
    return named & OWNER_OF.keys()


def foreign_reads(root: Path = PLATFORM) -> set[tuple[str, str]]:
    """(file, table) for each table a module names in SQL that another domain owns."""
    found: set[tuple[str, str]] = set()
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        domain = domain_of(path, root)
        for table in tables_named(path.read_text()):
            if OWNER_OF[table] != domain:
                found.add((path.relative_to(root).as_posix(), table))
    return found


def test_every_migrated_table_has_one_owner() -> None:
    migrated = {
        m.group(1)
        for sql in (PLATFORM / "migrations").rglob("*.sql")
        for m in CREATE_TABLE.finditer(sql.read_text())
    }
    owned = [table for tables in OWNERS.values() for table in tables]
    assert len(owned) == len(set(owned)), "a table is listed under two owners"
    assert migrated - set(owned) == set(), "give each new table its owning domain in OWNERS"
    assert set(owned) - migrated == set(), "OWNERS names a table no migration creates"


def test_only_the_owner_queries_its_tables() -> None:
    found = foreign_reads()
    new = sorted(found - KNOWN.keys())
    assert new == [], "SQL names another domain's table (call the owner's service): " + ", ".join(
        f"{file}: {table} (owned by {OWNER_OF[table]})" for file, table in new
    )
    gone = sorted(KNOWN.keys() - found)
    assert gone == [], f"fixed, remove from KNOWN: {gone}"


def test_the_architecture_doc_shows_this_map() -> None:
    doc = (PLATFORM.parent / "docs" / "architecture.md").read_text()
    section = doc.split("## Domains and tables", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_.]+)` \| (.+) \|$", section, re.MULTILINE)
    shown = {domain: tuple(re.findall(r"`([a-z_]+)`", tables)) for domain, tables in rows}
    assert shown == OWNERS, "docs/architecture.md 'Domains and tables' differs from OWNERS"


def test_the_scan_finds_a_foreign_table(tmp_path: Path) -> None:
    module = tmp_path / "marketplace" / "pricing" / "repository.py"
    module.parent.mkdir(parents=True)
    module.write_text('SQL = "SELECT id FROM public.organisation o JOIN price_list pl ON true"\n')
    (tmp_path / "core.py").write_text("from hansa.core import db  # not SQL\n")
    assert domain_of(module, tmp_path) == "marketplace.pricing"
    assert foreign_reads(tmp_path) == {("marketplace/pricing/repository.py", "organisation")}
