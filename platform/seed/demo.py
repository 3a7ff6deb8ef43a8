"""``hansa seed demo``: a deterministic demo dataset.

Everything is drawn from ``random.Random`` seeded by ``--seed`` and every id is a
``uuid5`` of the seed and a stable key, so the same seed gives the same ids,
names, SKUs and prices on any empty database (screenshots and benchmarks
repeat). Public rows (marketplaces, taxonomies, users, organisations,
memberships) go through the domains' repositories and rules
(``definition_errors``, ``check_attributes``, ``grant``) with those ids: the
services themselves draw ``uuid4`` ids. Each supplier is one transaction:
its tenant is provisioned exactly as ``provision_tenant`` does (with the
deterministic id), then its catalog, inventory and prices are loaded with COPY
in that same transaction (in the tenant's schema), with their outbox events.

Idempotent: a supplier whose tenant exists is skipped, and the public part is
skipped when its marketplaces exist, so a second run does nothing (and a run
that failed half-way resumes). See docs/demo-data.md.
"""

from __future__ import annotations

import logging
import random
import string
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from redis.asyncio import Redis

from hansa.audit.service import record
from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.errors import Conflict
from hansa.core.migrations import MigrationSet
from hansa.core.tenancy import SYSTEM, schema_for
from hansa.identity.auth import service as auth
from hansa.identity.auth.passwords import hash_password
from hansa.identity.orgs import service as orgs
from hansa.identity.permissions.service import grant
from hansa.identity.principal import PLATFORM_DOMAIN, org_domain, user_subject
from hansa.marketplace.approvals import service as approvals
from hansa.marketplace.approvals.schemas import CurrencyLimit, NewApprovalRule, RuleLevel
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.buyers.schemas import NewBuyerLocation
from hansa.marketplace.cart.service import valid_quantity
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import AttributeDefinition, AttributeOut
from hansa.marketplace.marketplaces.service import check_attributes, effective_schema
from hansa.marketplace.media.events import MAKE_RENDITIONS
from hansa.marketplace.orders import service as orders
from hansa.marketplace.requisitions import service as requisitions
from hansa.notifications import service as notifications
from hansa.seed.data import (
    BUYER_ROLES,
    BUYERS,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    MARKETPLACES,
    PASSWORD,
    RON_PER_EUR,
    SUPPLIER_ROLES,
    SUPPLIERS,
    Attr,
    Category,
    Marketplace,
    Site,
    Supplier,
)
from hansa.seed.demo_orders import ORDERS_PER_SUPPLIER, plan_orders
from hansa.seed.pictures import PictureRow, store_pictures
from hansa.tenants import service as tenants
from hansa.tenants.schemas import NewTenant

log = logging.getLogger(__name__)

DEFAULT_PRODUCTS = 3_000
DEFAULT_SEED = 42
DEFAULT_IMAGES = 40  # per supplier: enough for the catalog's first pages, quick to draw
EPOCH = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # products' created_at: fixed, one minute apart
PRICE_STEP = Decimal("0.0001")
TIER_FACTORS = (Decimal(1), Decimal("0.94"), Decimal("0.88"))
TIER_STEPS = (0, 10, 50)  # tier minima: 1, then 10 and 50 order increments
PRODUCT_LINES = ("Economy", "Professional", "Heavy Duty", "Industrial", "Premium", "Marine grade")


class DemoSeedConflict(Conflict):
    """A demo slug is taken by data the demo seed did not create."""

    default_code = "seed.slug_taken"


@dataclass
class DemoReport:
    seed: int
    products: int
    seeded: bool = False  # False: the data was there already, nothing was written
    skipped: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class DemoLogin:
    organisation: str
    kind: str  # supplier / buyer
    role: str
    email: str


def email_for(role: str, org_slug: str) -> str:
    return f"{role.replace('_', '-')}@{org_slug}.{EMAIL_DOMAIN}"


def demo_logins() -> list[DemoLogin]:
    """Every demo user (all share ``PASSWORD``), suppliers first."""
    logins = [
        DemoLogin(s.name, "supplier", role, email_for(role, s.slug))
        for s in SUPPLIERS
        for role in SUPPLIER_ROLES
    ]
    logins += [
        DemoLogin(b.name, "buyer", role, email_for(role, b.slug)) for b in BUYERS for role in BUYER_ROLES
    ]
    return logins


def login_lines() -> list[str]:
    """One line per role (the first supplier's and buyer's addresses), for ``hansa up``."""
    first_supplier, first_buyer = SUPPLIERS[0], BUYERS[0]
    others_s = ", ".join(s.slug for s in SUPPLIERS[1:])
    others_b = ", ".join(b.slug for b in BUYERS[1:])
    lines = [f"supplier {role:<16} {email_for(role, first_supplier.slug)}" for role in SUPPLIER_ROLES]
    lines += [f"buyer    {role:<16} {email_for(role, first_buyer.slug)}" for role in BUYER_ROLES]
    lines.append(
        f"(same roles @{others_s}.{EMAIL_DOMAIN} and @{others_b}.{EMAIL_DOMAIN}; password {PASSWORD})"
    )
    return lines


async def has_only_platform_organisations(db: Database) -> bool:
    """True on a database nobody has used yet (``hansa up`` seeds it then)."""
    async with db.transaction() as tx:
        return await orgs.has_only_platform_organisations(tx)


class Ids:
    """Deterministic ids: uuid5 of the seed's namespace and a stable key."""

    def __init__(self, seed: int) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://hansa.localhost/seed/demo/{seed}")

    def __call__(self, *parts: object) -> uuid.UUID:
        return uuid.uuid5(self.namespace, "/".join(str(part) for part in parts))


# --------------------------------------------------------------------------- the plan (pure)


def walk(
    categories: Sequence[Category], ancestors: tuple[Category, ...] = ()
) -> Iterator[tuple[Category, tuple[Category, ...]]]:
    """Depth-first: each category with its ancestors (root first)."""
    for category in categories:
        yield category, ancestors
        yield from walk(category.children, (*ancestors, category))


def leaves(marketplace: Marketplace) -> list[tuple[Category, tuple[Category, ...]]]:
    return [(c, a) for c, a in walk(marketplace.taxonomy) if not c.children]


def category_path(category: Category, ancestors: tuple[Category, ...]) -> str:
    return "/".join(c.slug for c in (*ancestors, category))


def merged_schema(category: Category, ancestors: tuple[Category, ...]) -> list[Attr]:
    """The effective schema as the marketplace computes it: the nearest definition wins."""
    by_code: dict[str, Attr] = {}
    for node in (*ancestors, category):
        for attr in node.attributes:
            by_code.pop(attr.code, None)
            by_code[attr.code] = attr
    return list(by_code.values())


def split(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` in parts proportional to ``weights`` (largest remainder, deterministic)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _draw(rng: random.Random, attr: Attr) -> object:
    if attr.type == "enum":
        assert attr.allowed
        return rng.choice(attr.allowed)
    if attr.type == "boolean":
        return rng.random() < 0.5
    return rng.choice(attr.samples)


def _price(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(PRICE_STEP, rounding=ROUND_HALF_UP)


@dataclass
class VariantPlan:
    id: uuid.UUID
    sku: str
    name: str
    attributes: dict[str, object]
    pack_size: int
    min_order_qty: int
    order_increment: int
    lead_time_days: int
    base_price: Decimal
    # a shared article's (below): the same for every supplier offering it
    gtin: str | None = None
    manufacturer: str | None = None
    mpn: str | None = None


@dataclass
class ProductPlan:
    id: uuid.UUID
    name: str
    description: str
    category_id: uuid.UUID
    unit_of_measure: str
    created_at: datetime
    variants: list[VariantPlan]


@dataclass
class PriceListPlan:
    id: uuid.UUID
    name: str
    kind: str
    currency: str
    priority: int
    valid_from: date | None
    valid_to: date | None
    segment_id: uuid.UUID | None
    buyer_org_id: uuid.UUID | None
    items: list[tuple[uuid.UUID, uuid.UUID, list[tuple[Decimal, Decimal]]]]  # (item id, variant id, tiers)


@dataclass
class SupplierPlan:
    supplier: Supplier
    tenant_id: uuid.UUID
    products: list[ProductPlan]
    locations: list[tuple[uuid.UUID, str, str]]
    levels: list[tuple[uuid.UUID, uuid.UUID, Decimal]]
    segment_id: uuid.UUID
    segment_members: list[uuid.UUID]
    price_lists: list[PriceListPlan]
    terms: list[tuple[uuid.UUID, int, Decimal, str]]


# The first products of each supplier are shared articles: a supplier's first categories are
# the first leaves of its first vertical marketplace, so suppliers of the same marketplace
# (boltnut, fixpro and steelcraft; voltra and ampere) offer the same articles under the same
# GTIN at their own prices, and the search shows them as one result with several offers.
# Shared articles are the journey's "M8 inox" where the category has those attributes.
SHARED_ARTICLES = 3
ARTICLE_MANUFACTURER = "Hansa Standard Parts"
ARTICLE_PREFERENCES: dict[str, object] = {"thread": "M8", "material": "stainless A2"}


def _article(
    rng: random.Random,
    schema: list[Attr],
    leaf: Category,
    needed: set[str],
    prefer: dict[str, object] | None = None,
) -> tuple[dict[str, object], list[object], list[int]]:
    """A product's common attributes, its variant axis' values and the ones it offers
    (``prefer``: values taken where the category allows them)."""
    common: dict[str, object] = {}
    for attr in schema:
        if attr.code == leaf.axis:
            continue
        if not attr.required and attr.code not in needed and rng.random() < 0.15:
            continue
        common[attr.code] = _draw(rng, attr)
        wanted = (prefer or {}).get(attr.code)
        if wanted is not None and wanted in (attr.allowed or attr.samples):
            common[attr.code] = wanted
    axis = next(a for a in schema if a.code == leaf.axis)
    choices: list[object] = list(axis.allowed or axis.samples)
    picked = sorted(rng.sample(range(len(choices)), rng.randint(1, min(6, len(choices)))))
    return common, choices, picked


def _identity(category_id: uuid.UUID, leaf: Category, index: int) -> dict[str, Any]:
    """A shared article variant's GTIN (EAN-13 in the GS1 in-store range 20-29, which
    no real product uses), manufacturer and part number: the same for every supplier."""
    body = f"2{uuid.uuid5(category_id, str(index)).int % 10**11:011d}"
    weighted = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    mpn = f"{leaf.slug.upper()[:12]}-{index + 1:02d}"
    return {"gtin": body + str((10 - weighted % 10) % 10), "manufacturer": ARTICLE_MANUFACTURER, "mpn": mpn}


def plan_supplier(
    ids: Ids, seed: int, supplier: Supplier, count: int, schemas: dict[uuid.UUID, list[Attr]]
) -> SupplierPlan:
    """The supplier's catalog, stock and prices, drawn from its own ``Random``."""
    rng = random.Random(f"{seed}:{supplier.slug}")  # noqa: S311 (demo data, not secrets)
    tenant_id = ids("org", supplier.slug)
    verticals = [m for m in MARKETPLACES if m.slug in supplier.marketplaces and m.kind == "vertical"]
    cats = [
        (leaf, ids("category", m.slug, category_path(leaf, anc)))
        for m in verticals
        for leaf, anc in leaves(m)
    ]
    products: list[ProductPlan] = []
    used_names: set[str] = set()
    for n in range(count):
        leaf, category_id = cats[n % len(cats)]
        schema = schemas[category_id]
        needed = _template_fields(leaf.title) | _template_fields(leaf.variant_title)
        common, choices, picked = _article(rng, schema, leaf, needed)
        shared = n < SHARED_ARTICLES
        if shared:
            # drawn from the category's own generator: every supplier starting with this
            # category offers this same article (its variants share a GTIN)
            article = random.Random(f"{seed}:article:{category_id}")  # noqa: S311 (demo data)
            common, choices, picked = _article(article, schema, leaf, needed, ARTICLE_PREFERENCES)
        shown = {code: _show(value) for code, value in common.items()}
        name = leaf.title.format(**shown)
        if name in used_names:
            name = f"{name} - {rng.choice(PRODUCT_LINES)}"
        if name in used_names:
            name = f"{name} {n + 1}"
        used_names.add(name)
        sentences = list(leaf.blurb)
        rng.shuffle(sentences)
        description = " ".join(sentences[: max(2, len(sentences) - 1)])
        product_id = ids("product", supplier.slug, n)
        low, high = leaf.price
        start = low * (high / low) ** rng.random()
        pack = rng.choice(leaf.packs)
        lead = rng.choice(leaf.lead_times)
        variants: list[VariantPlan] = []
        for j, index in enumerate(picked):
            value = choices[index]
            attributes = {**common, leaf.axis or "": value}
            variant_name = leaf.variant_title.format(**{k: _show(v) for k, v in attributes.items()})
            identity = _identity(category_id, leaf, index) if shared else {}
            variants.append(
                VariantPlan(
                    id=ids("variant", supplier.slug, n, j),
                    sku=f"{supplier.prefix}-{n + 1:05d}-{j + 1:02d}",
                    name=variant_name,
                    attributes=attributes,
                    pack_size=pack,
                    min_order_qty=pack * rng.choice((1, 1, 1, 2, 5)),
                    order_increment=pack,
                    lead_time_days=lead + rng.choice((0, 0, 1, 2)),
                    base_price=_price(start * (1 + 0.15 * j)),
                    **identity,
                )
            )
        products.append(
            ProductPlan(
                id=product_id,
                name=name,
                description=f"{description} Sold per {leaf.unit_of_measure}.",
                category_id=category_id,
                unit_of_measure=leaf.unit_of_measure,
                created_at=EPOCH + timedelta(minutes=n),
                variants=variants,
            )
        )

    all_variants = [v for p in products for v in p.variants]
    locations = [(ids("location", supplier.slug, loc.code), loc.code, loc.name) for loc in supplier.locations]
    levels: list[tuple[uuid.UUID, uuid.UUID, Decimal]] = []
    for v in all_variants:
        for k, (location_id, _, _) in enumerate(locations):
            if k and rng.random() < 0.5:
                continue
            on_hand = 0 if rng.random() < 0.08 else v.order_increment * rng.randint(1, 400)
            levels.append((v.id, location_id, Decimal(on_hand)))

    segment_id = ids("segment", supplier.slug, "key-accounts")
    members = [ids("org", slug) for slug in supplier.key_accounts]
    lists: list[PriceListPlan] = []

    def price_list(
        key: str,
        name: str,
        kind: str,
        currency: str,
        factor: Decimal,
        share: float,
        *,
        priority: int = 0,
        window: tuple[date | None, date | None] = (date(2026, 1, 1), None),
        segment: uuid.UUID | None = None,
        buyer: uuid.UUID | None = None,
    ) -> None:
        list_id = ids("price-list", supplier.slug, key)
        covered = all_variants if share >= 1 else [v for v in all_variants if rng.random() < share]
        rate = Decimal(str(RON_PER_EUR)) if currency == "RON" else Decimal(1)
        items = []
        for v in covered:
            tiers = [
                (
                    Decimal(max(1, step * v.order_increment)),
                    _price(v.base_price * factor * rate * tier_factor),
                )
                for step, tier_factor in zip(TIER_STEPS, TIER_FACTORS, strict=True)
            ]
            items.append((ids("price-item", supplier.slug, key, v.sku), v.id, tiers))
        lists.append(
            PriceListPlan(
                list_id, name, kind, currency, priority, window[0], window[1], segment, buyer, items
            )
        )

    price_list("base", "Base prices 2026", "base", supplier.currency, Decimal(1), 1.0)
    for currency in supplier.export_currencies:
        price_list(
            f"base-{currency.lower()}", f"Export prices 2026 ({currency})", "base", currency, Decimal(1), 1.0
        )
    price_list(
        "key-accounts",
        "Key accounts",
        "segment",
        supplier.currency,
        Decimal("0.92"),
        0.5,
        priority=10,
        segment=segment_id,
    )
    price_list(
        "spring-promo",
        "Spring promotion 2026 (ended)",
        "segment",
        supplier.currency,
        Decimal("0.85"),
        0.1,
        priority=20,
        window=(date(2026, 3, 1), date(2026, 5, 31)),
        segment=segment_id,
    )
    buyer_names = {b.slug: b.name for b in BUYERS}
    for buyer_slug, kind, currency in supplier.customer_lists:
        label = "framework contract 2026-2028" if kind == "contract" else "customer prices"
        price_list(
            f"{kind}-{buyer_slug}",
            f"{buyer_names[buyer_slug]} - {label}",
            kind,
            currency,
            Decimal("0.80") if kind == "contract" else Decimal("0.86"),
            0.25,
            priority=5,
            window=(date(2026, 1, 1), date(2028, 12, 31)),
            buyer=ids("org", buyer_slug),
        )
    terms = [(ids("org", slug), days, Decimal(limit), cur) for slug, days, limit, cur in supplier.terms]
    return SupplierPlan(supplier, tenant_id, products, locations, levels, segment_id, members, lists, terms)


# --------------------------------------------------------------------------- loading


async def seed_demo(
    db: Database,
    migrations: MigrationSet,
    *,
    redis: Redis | None = None,
    settings: Settings | None = None,
    products: int = DEFAULT_PRODUCTS,
    seed: int = DEFAULT_SEED,
    images: int = DEFAULT_IMAGES,
    on_step: Callable[[str], None] | None = None,
) -> DemoReport:
    """Load the demo dataset; does nothing where it is loaded already. The first
    ``images`` products of each supplier get a picture, stored where ``settings``
    say (no pictures without ``settings``)."""
    if products < len(SUPPLIERS):
        raise ValueError(f"--products must be at least {len(SUPPLIERS)} (one per supplier)")
    started = time.perf_counter()
    report = DemoReport(seed=seed, products=products)
    ids = Ids(seed)
    step = on_step or (lambda message: log.info(message))
    password_hash: str | None = None

    async def shared_hash() -> str:
        nonlocal password_hash
        if password_hash is None:  # argon2 is slow by design: one hash, shared (salted once)
            password_hash = await hash_password(PASSWORD)
        return password_hash

    async with db.transaction() as tx:
        public_done = await _marketplaces_exist(tx, ids)
        if public_done:
            report.skipped.append("marketplaces, users, buyers")
        else:
            step("marketplaces, taxonomies, users, buyer companies")
            await _seed_public(tx, redis, ids, await shared_hash(), report)
        schemas = await _schemas(tx, ids)

    plans: list[SupplierPlan] = []
    for supplier, count in zip(SUPPLIERS, split(products, [s.weight for s in SUPPLIERS]), strict=True):
        tenant_id = ids("org", supplier.slug)
        async with db.transaction() as tx:
            existing = await tenants.find_tenant(tx, supplier.slug)
        if existing is not None:
            if existing.id != tenant_id:
                raise DemoSeedConflict(
                    f"the slug {supplier.slug!r} is taken by a supplier the demo did not create"
                )
            report.skipped.append(supplier.slug)
            continue
        step(f"supplier {supplier.slug}: {count} products")
        plan = plan_supplier(ids, seed, supplier, count, schemas)
        pictures: list[PictureRow] = []
        if settings is not None and images > 0:
            # files first, rows in the supplier's transaction (as an upload does); a failed
            # run leaves files that the next one overwrites with the same bytes
            pictures = await store_pictures(settings, ids, plan, images)
        await _seed_supplier(db, migrations, redis, ids, plan, schemas, await shared_hash(), report, pictures)
        plans.append(plan)
    if len(plans) >= 2:  # the lists name two suppliers' SKUs, known from this run's plans
        async with db.transaction() as tx:
            await _seed_requisition_lists(tx, ids, plans[:2], report)

    report.seeded = bool(report.counts)
    if report.seeded:
        async with db.transaction() as tx:
            await _seed_notifications(tx, ids)
            await record(
                tx,
                actor=SYSTEM,
                org=PLATFORM_DOMAIN,
                action="demo.seeded",
                target_type="demo",
                target_id=str(seed),
                after={"products": products, **report.counts},
            )
    report.seconds = time.perf_counter() - started
    return report


async def _seed_notifications(tx: Tx, ids: Ids) -> None:
    """A few in-app notifications (no mails) so the bell shows something: each supplier's
    owner hears of the approval, its marketplace listings and a finished import."""
    markets = {m.slug: m.name for m in MARKETPLACES}
    for supplier in SUPPLIERS:
        owner, org_id = ids("user", email_for("owner", supplier.slug)), ids("org", supplier.slug)
        events: list[tuple[str, dict[str, Any]]] = [("supplier.approved", {"org_name": supplier.name})]
        events += [
            ("listing.approved", {"org_name": supplier.name, "marketplace_name": markets[slug]})
            for slug in supplier.marketplaces
        ]
        events.append(
            (
                "import.done",
                {
                    "org_name": supplier.name,
                    "filename": "catalog.xlsx",
                    "import_kind": "products",
                    "rows": 120,
                },
            )
        )
        for n, (kind, params) in enumerate(events):
            notification_id = ids("notification", supplier.slug, str(n))
            await notifications.add_notification(tx, owner, org_id, kind, params, notification_id)


async def _marketplaces_exist(tx: Tx, ids: Ids) -> bool:
    found = False
    for marketplace in MARKETPLACES:
        existing = await marketplaces.marketplace_id_by_slug(tx, marketplace.slug)
        if existing is None:
            continue
        if existing != ids("marketplace", marketplace.slug):
            raise DemoSeedConflict(f"a marketplace {marketplace.slug!r} exists that the demo did not create")
        found = True
    return found


def _count(report: DemoReport, key: str, n: int) -> None:
    report.counts[key] = report.counts.get(key, 0) + n


async def _seed_public(tx: Tx, redis: Redis | None, ids: Ids, password_hash: str, report: DemoReport) -> None:
    for marketplace in MARKETPLACES:
        marketplace_id = ids("marketplace", marketplace.slug)
        await marketplaces.insert_marketplace_row(
            tx,
            marketplace_id=marketplace_id,
            slug=marketplace.slug,
            name=marketplace.name,
            kind=marketplace.kind,
            description=marketplace.description,
        )
        _count(report, "marketplaces", 1)
        positions: dict[str, int] = {}
        for category, ancestors in walk(marketplace.taxonomy):
            parent_path = "/".join(c.slug for c in ancestors)
            position = positions.get(parent_path, 0)
            positions[parent_path] = position + 1
            path = category_path(category, ancestors)
            category_id = ids("category", marketplace.slug, path)
            definitions = [
                AttributeDefinition(
                    code=a.code,
                    name=a.name,
                    type=a.type,
                    unit=a.unit,
                    allowed_values=list(a.allowed) if a.allowed else None,
                    required=a.required,
                )
                for a in category.attributes
            ]
            await marketplaces.insert_category_row(
                tx,
                category_id=category_id,
                marketplace_id=marketplace_id,
                parent_id=ids("category", marketplace.slug, parent_path) if ancestors else None,
                slug=category.slug,
                name=category.name,
                position=position,
                path=path,
                depth=len(ancestors),
                definitions=definitions,
            )
            _count(report, "categories", 1)

    rng = random.Random(f"{ids.namespace}:people")  # noqa: S311
    for org_slug, roles in [(s.slug, SUPPLIER_ROLES) for s in SUPPLIERS] + [
        (b.slug, BUYER_ROLES) for b in BUYERS
    ]:
        for role in roles:
            email = email_for(role, org_slug)
            user_id = ids("user", email)
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            inserted = await auth.create_verified_user(
                tx, user_id=user_id, email=email, name=name, password_hash=password_hash
            )
            if not inserted:
                raise DemoSeedConflict(f"the demo address {email} is taken by someone else")
            _count(report, "users", 1)

    for buyer in BUYERS:
        org_id = ids("org", buyer.slug)
        await orgs.insert_organisation(tx, org_id=org_id, kind="buyer", name=buyer.name, tenant_id=None)
        domain = org_domain("buyer", org_id)
        for role in BUYER_ROLES:
            await grant(tx, redis, user_subject(ids("user", email_for(role, buyer.slug))), role, domain)
        _count(report, "buyer companies", 1)
        for site in buyer.sites:
            await buyers.add_location(
                tx, org_id, ids("location", f"{buyer.slug}:{site.name}"), _location(site)
            )
            _count(report, "buyer locations", 1)
    await _seed_approvals(tx, ids, report)


async def _seed_approvals(tx: Tx, ids: Ids, report: DemoReport) -> None:
    """Nordbau's purchaser may order up to 5,000 EUR per order and 20,000 EUR a month;
    orders above 10,000 EUR need an approver, then an admin (docs/approvals.md)."""
    org_id = ids("org", "nordbau")
    purchaser = ids("user", email_for("purchaser", "nordbau"))
    limit = CurrencyLimit(currency="EUR", per_order=Decimal("5000"), per_month=Decimal("20000"))
    await approvals.write_limits(tx, org_id, purchaser, [limit])
    _count(report, "spending limits", 1)
    rule = NewApprovalRule(
        name="Orders above 10,000 EUR",
        condition="total_above",
        currency="EUR",
        amount=Decimal("10000"),
        levels=[RuleLevel(roles=["approver"]), RuleLevel(roles=["admin"])],
    )
    await approvals.add_rule(tx, org_id, ids("approval_rule", "nordbau:above-10000"), rule)
    _count(report, "approval rules", 1)


async def _seed_requisition_lists(tx: Tx, ids: Ids, plans: list[SupplierPlan], report: DemoReport) -> None:
    """Each buyer company: its purchaser's shared list and its owner's private one, each with
    three SKUs of each of two suppliers at a quantity their rules accept."""
    kinds = (("Weekly site supplies", "shared", "purchaser", 0), ("My reorder list", "private", "owner", 3))
    for buyer in BUYERS:
        for name, visibility, role, first in kinds:
            lines = [
                (plan.tenant_id, v.sku, valid_quantity(Decimal(v.min_order_qty * 2), *_rules(v)))
                for plan in plans
                for v in [p.variants[0] for p in plan.products[first : first + 3]]
            ]
            await requisitions.add_list(
                tx,
                ids("org", buyer.slug),
                ids("user", email_for(role, buyer.slug)),
                ids("requisition_list", buyer.slug, visibility),
                name,
                "shared" if visibility == "shared" else "private",
                lines,
            )
            _count(report, "requisition lists", 1)


def _rules(v: VariantPlan) -> tuple[Decimal, Decimal, Decimal]:
    return Decimal(v.min_order_qty), Decimal(v.order_increment), Decimal(v.pack_size)


def _location(site: Site) -> NewBuyerLocation:
    return NewBuyerLocation(
        name=site.name,
        line1=site.line1,
        postal_code=site.postal_code,
        city=site.city,
        country=site.country,
        is_ship_to=site.ship_to,
        is_bill_to=site.bill_to,
        contact_name=site.contact,
        tax_id=site.tax_id,
    )


async def _schemas(tx: Tx, ids: Ids) -> dict[uuid.UUID, list[Attr]]:
    """Each leaf's effective schema, as the marketplace service computes it, matched
    back to the demo's sample values."""
    schemas: dict[uuid.UUID, list[Attr]] = {}
    for marketplace in MARKETPLACES:
        for leaf, ancestors in leaves(marketplace):
            if not ancestors and not leaf.attributes:
                continue
            category_id = ids("category", marketplace.slug, category_path(leaf, ancestors))
            stored = await effective_schema(tx, category_id)
            local = {a.code: a for a in merged_schema(leaf, ancestors)}
            if stored is None or {a.code for a in stored} != set(local):
                raise ValueError(f"the stored schema of {leaf.slug} is not the demo's")
            schemas[category_id] = list(local.values())
    return schemas


async def _provision(tx: Tx, migrations: MigrationSet, tenant_id: uuid.UUID, supplier: Supplier) -> None:
    """``tenants.service.provision_tenant`` with a given id, active, in the caller's transaction."""
    new = NewTenant(
        slug=supplier.slug,
        name=supplier.name,
        default_currency=supplier.currency,
        languages=list(supplier.languages),
        contact_email=email_for("sales", supplier.slug),
    )
    await tenants.provision_tenant_in(tx, migrations, new, status="active", tenant_id=tenant_id)


async def _seed_supplier(
    db: Database,
    migrations: MigrationSet,
    redis: Redis | None,
    ids: Ids,
    plan: SupplierPlan,
    schemas: dict[uuid.UUID, list[Attr]],
    password_hash: str,
    report: DemoReport,
    pictures: list[PictureRow],
) -> None:
    supplier, tenant_id = plan.supplier, plan.tenant_id
    async with db.transaction() as tx:
        await _provision(tx, migrations, tenant_id, supplier)  # leaves tx in the supplier's schema
        await _seed_supplier_rows(tx, redis, ids, plan, schemas, pictures)
        # placed by the buyers' owners: a purchaser's monthly spending limit starts the demo unspent
        past = plan_orders(ids, plan, lambda buyer: ids("user", email_for("owner", buyer)))
        await orders.insert_orders(tx, tenant_id, past)
    _count(report, "suppliers", 1)
    _count(report, "products", len(plan.products))
    _count(report, "variants", sum(len(p.variants) for p in plan.products))
    _count(report, "price lists", len(plan.price_lists))
    _count(report, "price tiers", sum(len(t) for pl in plan.price_lists for _, _, t in pl.items))
    _count(report, "inventory levels", len(plan.levels))
    _count(report, "orders", ORDERS_PER_SUPPLIER)
    if pictures:
        _count(report, "images", len(pictures))


async def _seed_supplier_rows(
    tx: Tx,
    redis: Redis | None,
    ids: Ids,
    plan: SupplierPlan,
    schemas: dict[uuid.UUID, list[Attr]],
    pictures: list[PictureRow],
) -> None:
    supplier, tenant_id = plan.supplier, plan.tenant_id
    await orgs.insert_organisation(
        tx, org_id=tenant_id, kind="supplier", name=supplier.name, tenant_id=tenant_id
    )
    domain = org_domain("supplier", tenant_id)
    for role in SUPPLIER_ROLES:
        await grant(tx, redis, user_subject(ids("user", email_for(role, supplier.slug))), role, domain)
    for marketplace in MARKETPLACES:
        if marketplace.slug in supplier.marketplaces:
            await marketplaces.add_approved_listing(
                tx,
                ids("listing", supplier.slug, marketplace.slug),
                ids("marketplace", marketplace.slug),
                tenant_id,
            )

    stored: dict[uuid.UUID, list[AttributeOut]] = {}
    for category_id in {p.category_id for p in plan.products}:
        found = await effective_schema(tx, category_id)
        assert found is not None
        stored[category_id] = found
    for product in plan.products:
        for variant in product.variants:
            errors = check_attributes(stored[product.category_id], variant.attributes)
            if errors:
                raise ValueError(f"demo variant {variant.sku} breaks its category's schema: {errors}")

    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]] = [
        (
            "product",
            [
                "id",
                "name",
                "description",
                "category_id",
                "status",
                "unit_of_measure",
                "created_at",
                "updated_at",
            ],
            [
                (
                    p.id,
                    p.name,
                    p.description,
                    p.category_id,
                    "published",
                    p.unit_of_measure,
                    p.created_at,
                    p.created_at,
                )
                for p in plan.products
            ],
        ),
        (
            "variant",
            [
                "id",
                "product_id",
                "sku",
                "name",
                "attributes",
                "pack_size",
                "min_order_qty",
                "order_increment",
                "lead_time_days",
                "gtin",
                "manufacturer",
                "mpn",
                "created_at",
                "updated_at",
            ],
            [
                (
                    v.id,
                    p.id,
                    v.sku,
                    v.name,
                    v.attributes,
                    Decimal(v.pack_size),
                    Decimal(v.min_order_qty),
                    Decimal(v.order_increment),
                    v.lead_time_days,
                    v.gtin,
                    v.manufacturer,
                    v.mpn,
                    p.created_at,
                    p.created_at,
                )
                for p in plan.products
                for v in p.variants
            ],
        ),
        ("inventory_location", ["id", "code", "name"], list(plan.locations)),
        ("inventory_level", ["variant_id", "location_id", "on_hand"], list(plan.levels)),
        ("buyer_segment", ["id", "name"], [(plan.segment_id, "Key accounts")]),
        (
            "buyer_segment_member",
            ["segment_id", "buyer_org_id"],
            [(plan.segment_id, m) for m in plan.segment_members],
        ),
        (
            "price_list",
            [
                "id",
                "name",
                "kind",
                "currency",
                "valid_from",
                "valid_to",
                "priority",
                "segment_id",
                "buyer_org_id",
            ],
            [
                (
                    pl.id,
                    pl.name,
                    pl.kind,
                    pl.currency,
                    pl.valid_from,
                    pl.valid_to,
                    pl.priority,
                    pl.segment_id,
                    pl.buyer_org_id,
                )
                for pl in plan.price_lists
            ],
        ),
        (
            "price_list_item",
            ["id", "price_list_id", "variant_id"],
            [(item_id, pl.id, variant_id) for pl in plan.price_lists for item_id, variant_id, _ in pl.items],
        ),
        (
            "price_tier",
            ["price_list_item_id", "min_qty", "unit_price"],
            [
                (item_id, q, price)
                for pl in plan.price_lists
                for item_id, _, tiers in pl.items
                for q, price in tiers
            ],
        ),
        (
            "customer_terms",
            ["buyer_org_id", "payment_terms_days", "credit_limit", "currency"],
            list(plan.terms),
        ),
        ("media", list(PictureRow.COLUMNS), [picture.record() for picture in pictures]),
    ]
    schema = schema_for(tenant_id)
    for table, columns, rows in tables:
        if rows:
            await tx.connection.copy_records_to_table(
                table, records=rows, columns=columns, schema_name=schema
            )
    for table, _, _ in tables:
        await tx.execute(f"ANALYZE {table}")

    # No catalog, stock or price events: the index is built once, in bulk, after the seed
    # (hansa up / hansa seed demo call seed.search.index_demo). Thousands of indexing jobs
    # queued by the seed held up every other job (a sign-up's mail waited behind them).
    events: list[tuple[str, dict[str, Any]]] = []
    # the worker makes the thumbnails, as after an upload
    events += [(MAKE_RENDITIONS, {"media_id": str(picture.media_id)}) for picture in pictures]
    await tx.connection.copy_records_to_table(
        "outbox",
        records=[(uuid.uuid4(), actor, tenant_id, payload) for actor, payload in events],
        columns=["id", "actor", "tenant_id", "payload"],
        schema_name="public",
    )


async def demo_data_present(db: Database) -> bool:
    """True when the demo suppliers are in the database (whatever the seed)."""
    async with db.transaction() as tx:
        return await tenants.find_tenant(tx, SUPPLIERS[0].slug) is not None
