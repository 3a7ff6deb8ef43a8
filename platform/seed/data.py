"""The demo dataset's fixed parts: marketplaces, taxonomies with attribute schemas,
suppliers, buyers, people, and the word lists products are generated from.

Nothing here is random: ``demo.py`` draws from these lists with a seeded
``random.Random``, so the same seed gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "Hansa-Demo-2026"  # noqa: S105 (the documented demo password)
"""The one password of every demo user (documented in docs/demo-data.md)."""

EMAIL_DOMAIN = "demo"
"""Demo e-mails are ``<role>@<organisation>.demo``: a reserved-looking TLD that no
real person or test fixture uses."""

SUPPLIER_ROLES = ("owner", "admin", "catalog_manager", "sales", "viewer")
BUYER_ROLES = ("owner", "admin", "purchaser", "approver", "viewer")


@dataclass(frozen=True)
class Attr:
    """One attribute definition, with the sample values products draw from."""

    code: str
    name: str
    type: str  # text / number / boolean / enum
    unit: str | None = None
    allowed: tuple[str, ...] | None = None
    required: bool = False
    samples: tuple[object, ...] = ()  # numbers and texts to draw from (enums draw from ``allowed``)


@dataclass(frozen=True)
class Category:
    """A taxonomy node; leaves carry what products of that category look like."""

    slug: str
    name: str
    attributes: tuple[Attr, ...] = ()
    children: tuple[Category, ...] = ()
    title: str = ""  # product name template over attribute codes, e.g. "Hex bolt {thread}"
    axis: str | None = None  # the attribute the product's variants differ by
    variant_title: str = ""  # variant name template
    unit_of_measure: str = "pcs"
    packs: tuple[int, ...] = (1,)
    price: tuple[float, float] = (1.0, 10.0)  # EUR per unit of measure, base tier
    lead_times: tuple[int, ...] = (1, 2, 3, 5)
    blurb: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marketplace:
    slug: str
    name: str
    kind: str
    description: str
    taxonomy: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Location:
    code: str
    name: str


@dataclass(frozen=True)
class Supplier:
    slug: str
    name: str
    prefix: str  # SKU prefix
    currency: str  # its default currency: base and segment lists are in it
    languages: tuple[str, ...]
    marketplaces: tuple[str, ...]  # slugs; products come from the verticals' leaves
    locations: tuple[Location, ...]
    weight: int  # share of the products
    key_accounts: tuple[str, ...] = ()  # buyer slugs in its "Key accounts" segment
    customer_lists: tuple[tuple[str, str, str], ...] = ()  # (buyer slug, kind, currency)
    terms: tuple[tuple[str, int, int, str], ...] = ()  # (buyer slug, net days, credit limit, currency)
    # base lists in other currencies, for buyers whose terms are in them (a buyer trades
    # in its terms' currency, else in the supplier's: every demo buyer must see prices)
    export_currencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    """A buyer company's location (docs/buyers.md); the first of each kind is its default."""

    name: str
    line1: str
    postal_code: str
    city: str
    country: str
    ship_to: bool
    bill_to: bool
    contact: str
    tax_id: str


@dataclass(frozen=True)
class Buyer:
    slug: str
    name: str
    sites: tuple[Site, ...] = ()


@dataclass(frozen=True)
class Person:
    first: str
    last: str


METRIC_THREADS = ("M3", "M4", "M5", "M6", "M8", "M10", "M12", "M16", "M20", "M24")
FASTENER_MATERIALS = ("stainless A2", "stainless A4", "steel 8.8", "steel 10.9", "brass", "steel 4.6")
FASTENER_FINISHES = ("plain", "zinc plated", "hot-dip galvanised", "black oxide", "passivated")
LENGTHS_MM = (6, 8, 10, 12, 16, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 120, 140, 160)
IP_RATINGS = ("IP20", "IP44", "IP54", "IP65", "IP66", "IP67", "IP68")

FASTENERS = Marketplace(
    slug="fasteners",
    name="Fasteners & Fixings",
    kind="vertical",
    description="Bolts, screws, nuts, washers and anchors from European stockists, by the piece or the box.",
    taxonomy=(
        Category(
            slug="fasteners",
            name="Fasteners",
            attributes=(
                Attr("material", "Material", "enum", allowed=FASTENER_MATERIALS, required=True),
                Attr("finish", "Finish", "enum", allowed=FASTENER_FINISHES),
            ),
            children=(
                Category(
                    slug="bolts-screws",
                    name="Bolts & Screws",
                    attributes=(Attr("standard", "Standard", "text", samples=("DIN", "ISO")),),
                    children=(
                        Category(
                            slug="hex-bolts",
                            name="Hex Bolts",
                            attributes=(
                                Attr("thread", "Thread", "enum", allowed=METRIC_THREADS, required=True),
                                Attr(
                                    "length_mm",
                                    "Length",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=LENGTHS_MM,
                                ),
                                Attr("fully_threaded", "Fully threaded", "boolean"),
                            ),
                            title="Hex bolt DIN 933 {thread}, {material}",
                            axis="length_mm",
                            variant_title="{thread} x {length_mm} mm",
                            packs=(25, 50, 100, 200),
                            price=(0.04, 1.8),
                            blurb=(
                                "Hexagon head bolt to DIN 933 / ISO 4017.",
                                "Coarse metric thread, tolerance 6g.",
                                "Suitable for steel construction, machinery and general assembly.",
                                "Delivered in sealed boxes with batch traceability.",
                            ),
                        ),
                        Category(
                            slug="socket-cap-screws",
                            name="Socket Cap Screws",
                            attributes=(
                                Attr("thread", "Thread", "enum", allowed=METRIC_THREADS, required=True),
                                Attr(
                                    "length_mm",
                                    "Length",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=LENGTHS_MM,
                                ),
                                Attr("drive", "Drive", "enum", allowed=("hex socket", "torx", "pozidriv")),
                            ),
                            title="Socket cap screw ISO 4762 {thread}, {material}",
                            axis="length_mm",
                            variant_title="{thread} x {length_mm} mm",
                            packs=(50, 100, 200),
                            price=(0.05, 2.4),
                            blurb=(
                                "Cylindrical head cap screw to ISO 4762 / DIN 912.",
                                "High clamping force in a small footprint.",
                                "Typical in tooling, jigs and machine frames.",
                            ),
                        ),
                        Category(
                            slug="wood-screws",
                            name="Wood & Chipboard Screws",
                            attributes=(
                                Attr(
                                    "diameter_mm",
                                    "Diameter",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=(3.0, 3.5, 4.0, 4.5, 5.0, 6.0),
                                ),
                                Attr(
                                    "length_mm",
                                    "Length",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=LENGTHS_MM,
                                ),
                                Attr("drive", "Drive", "enum", allowed=("pozidriv", "torx", "phillips")),
                            ),
                            title="Chipboard screw countersunk {diameter_mm} mm, {drive}",
                            axis="length_mm",
                            variant_title="{diameter_mm} x {length_mm} mm",
                            packs=(100, 200, 500, 1000),
                            price=(0.01, 0.3),
                            blurb=(
                                "Countersunk head with nibs for a flush finish.",
                                "Sharp point and coarse thread: no pre-drilling in softwood.",
                                "For furniture, fit-out and timber framing.",
                            ),
                        ),
                    ),
                ),
                Category(
                    slug="nuts-washers",
                    name="Nuts & Washers",
                    children=(
                        Category(
                            slug="hex-nuts",
                            name="Hex Nuts",
                            attributes=(
                                Attr("thread", "Thread", "enum", allowed=METRIC_THREADS, required=True),
                                Attr(
                                    "property_class",
                                    "Property class",
                                    "enum",
                                    allowed=("5", "8", "10", "A2-70", "A4-80"),
                                ),
                            ),
                            title="Hex nut DIN 934 {material}",
                            axis="thread",
                            variant_title="{thread}",
                            packs=(100, 200, 500),
                            price=(0.01, 0.9),
                            blurb=(
                                "Hexagon nut to DIN 934 / ISO 4032.",
                                "Pairs with DIN 933 bolts of the same property class.",
                            ),
                        ),
                        Category(
                            slug="nyloc-nuts",
                            name="Nylon Insert Lock Nuts",
                            attributes=(
                                Attr("thread", "Thread", "enum", allowed=METRIC_THREADS, required=True),
                            ),
                            title="Nyloc nut DIN 985 {material}",
                            axis="thread",
                            variant_title="{thread}",
                            packs=(50, 100, 200),
                            price=(0.03, 1.2),
                            blurb=(
                                "Prevailing torque nut with a polyamide insert, to DIN 985.",
                                "Resists loosening under vibration; service temperature up to 120 °C.",
                            ),
                        ),
                        Category(
                            slug="flat-washers",
                            name="Flat Washers",
                            attributes=(
                                Attr("thread", "For thread", "enum", allowed=METRIC_THREADS, required=True),
                                Attr(
                                    "thickness_mm",
                                    "Thickness",
                                    "number",
                                    unit="mm",
                                    samples=(0.5, 0.8, 1.0, 1.6, 2.0, 2.5, 3.0),
                                ),
                            ),
                            title="Flat washer DIN 125-A {material}",
                            axis="thread",
                            variant_title="for {thread}",
                            packs=(100, 500, 1000),
                            price=(0.005, 0.4),
                            blurb=(
                                "Flat washer form A to DIN 125 / ISO 7089.",
                                "Spreads the load under nuts and bolt heads.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Category(
            slug="fixings",
            name="Fixings",
            attributes=(
                Attr(
                    "material",
                    "Material",
                    "enum",
                    allowed=("steel zinc plated", "stainless A4", "nylon PA6", "hot-dip galvanised steel"),
                    required=True,
                ),
            ),
            children=(
                Category(
                    slug="anchors",
                    name="Anchors",
                    children=(
                        Category(
                            slug="wedge-anchors",
                            name="Wedge Anchors",
                            attributes=(
                                Attr(
                                    "thread",
                                    "Thread",
                                    "enum",
                                    allowed=("M6", "M8", "M10", "M12", "M16", "M20"),
                                    required=True,
                                ),
                                Attr(
                                    "length_mm",
                                    "Length",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=(60, 75, 90, 100, 120, 140, 160),
                                ),
                                Attr(
                                    "approval",
                                    "Approval",
                                    "enum",
                                    allowed=("ETA option 1", "ETA option 7", "none"),
                                ),
                            ),
                            title="Wedge anchor {thread}, {material}",
                            axis="length_mm",
                            variant_title="{thread} x {length_mm} mm",
                            packs=(10, 25, 50),
                            price=(0.3, 4.5),
                            lead_times=(2, 3, 5, 7),
                            blurb=(
                                "Torque-controlled expansion anchor for cracked and non-cracked concrete.",
                                "Through-fixing: drill, insert, tighten.",
                            ),
                        ),
                        Category(
                            slug="nylon-plugs",
                            name="Nylon Plugs",
                            attributes=(
                                Attr(
                                    "diameter_mm",
                                    "Diameter",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=(5, 6, 8, 10, 12, 14),
                                ),
                                Attr(
                                    "length_mm",
                                    "Length",
                                    "number",
                                    unit="mm",
                                    required=True,
                                    samples=(25, 30, 40, 50, 60, 80),
                                ),
                            ),
                            title="Universal nylon plug {diameter_mm} mm",
                            axis="length_mm",
                            variant_title="{diameter_mm} x {length_mm} mm",
                            packs=(100, 200, 500),
                            price=(0.01, 0.25),
                            blurb=(
                                "Expanding plug for solid and hollow masonry.",
                                "Anti-rotation wings; use with wood or chipboard screws.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

ELECTRICAL = Marketplace(
    slug="electrical",
    name="Electrical Components",
    kind="vertical",
    description="Circuit protection, connectors, cables and enclosures for panel builders and installers.",
    taxonomy=(
        Category(
            slug="electrical",
            name="Electrical",
            attributes=(
                Attr(
                    "rated_voltage_v",
                    "Rated voltage",
                    "number",
                    unit="V",
                    required=True,
                    samples=(24, 230, 400, 690),
                ),
                Attr("brand", "Brand", "text", samples=("Voltex", "Kontakt", "Elmatic", "Norlux", "Tecnor")),
            ),
            children=(
                Category(
                    slug="circuit-protection",
                    name="Circuit Protection",
                    attributes=(
                        Attr(
                            "poles",
                            "Poles",
                            "enum",
                            allowed=("1P", "1P+N", "2P", "3P", "3P+N", "4P"),
                            required=True,
                        ),
                    ),
                    children=(
                        Category(
                            slug="mcbs",
                            name="Miniature Circuit Breakers",
                            attributes=(
                                Attr(
                                    "rated_current_a",
                                    "Rated current",
                                    "number",
                                    unit="A",
                                    required=True,
                                    samples=(6, 10, 13, 16, 20, 25, 32, 40, 50, 63),
                                ),
                                Attr(
                                    "curve", "Tripping curve", "enum", allowed=("B", "C", "D"), required=True
                                ),
                                Attr(
                                    "breaking_capacity_ka",
                                    "Breaking capacity",
                                    "number",
                                    unit="kA",
                                    samples=(6, 10, 15),
                                ),
                            ),
                            title="MCB {poles} curve {curve}, {breaking_capacity_ka} kA",
                            axis="rated_current_a",
                            variant_title="{poles} {curve}{rated_current_a}",
                            packs=(1, 6, 12),
                            price=(3.5, 65.0),
                            lead_times=(1, 2, 3, 10),
                            blurb=(
                                "DIN-rail miniature circuit breaker to EN 60898-1.",
                                "Protects cables against overload and short circuit.",
                            ),
                        ),
                        Category(
                            slug="rcds",
                            name="Residual Current Devices",
                            attributes=(
                                Attr(
                                    "rated_current_a",
                                    "Rated current",
                                    "number",
                                    unit="A",
                                    required=True,
                                    samples=(25, 40, 63, 80, 100),
                                ),
                                Attr(
                                    "sensitivity_ma",
                                    "Sensitivity",
                                    "number",
                                    unit="mA",
                                    required=True,
                                    samples=(10, 30, 100, 300),
                                ),
                                Attr("rcd_type", "Type", "enum", allowed=("AC", "A", "F", "B")),
                            ),
                            title="RCCB type {rcd_type} {poles}, {sensitivity_ma} mA",
                            axis="rated_current_a",
                            variant_title="{poles} {rated_current_a} A",
                            packs=(1, 4),
                            price=(18.0, 240.0),
                            lead_times=(2, 3, 5, 14),
                            blurb=(
                                "Residual current circuit breaker to EN 61008-1.",
                                "Personal protection against earth-fault currents.",
                            ),
                        ),
                    ),
                ),
                Category(
                    slug="connectors",
                    name="Connectors & Glands",
                    children=(
                        Category(
                            slug="terminal-blocks",
                            name="Terminal Blocks",
                            attributes=(
                                Attr(
                                    "cross_section_mm2",
                                    "Wire cross-section",
                                    "number",
                                    unit="mm²",
                                    required=True,
                                    samples=(1.5, 2.5, 4.0, 6.0, 10.0, 16.0, 35.0),
                                ),
                                Attr(
                                    "rated_current_a",
                                    "Rated current",
                                    "number",
                                    unit="A",
                                    samples=(17.5, 24, 32, 41, 57, 76, 125),
                                ),
                                Attr(
                                    "connection",
                                    "Connection",
                                    "enum",
                                    allowed=("screw", "push-in", "spring clamp"),
                                    required=True,
                                ),
                                Attr(
                                    "colour",
                                    "Colour",
                                    "enum",
                                    allowed=("grey", "blue", "green-yellow", "black", "red"),
                                ),
                            ),
                            title="DIN-rail terminal block, {connection}, {colour}",
                            axis="cross_section_mm2",
                            variant_title="{cross_section_mm2} mm²",
                            packs=(10, 50, 100),
                            price=(0.25, 6.0),
                            blurb=(
                                "Feed-through terminal block for TS35 rails.",
                                "Marking strips and end plates sold separately.",
                            ),
                        ),
                        Category(
                            slug="cable-glands",
                            name="Cable Glands",
                            attributes=(
                                Attr(
                                    "thread",
                                    "Thread",
                                    "enum",
                                    allowed=("M12", "M16", "M20", "M25", "M32", "M40", "M50"),
                                    required=True,
                                ),
                                Attr("ip_rating", "IP rating", "enum", allowed=IP_RATINGS, required=True),
                                Attr(
                                    "gland_material",
                                    "Material",
                                    "enum",
                                    allowed=("polyamide", "nickel-plated brass", "stainless steel"),
                                ),
                            ),
                            title="Cable gland {gland_material}, {ip_rating}",
                            axis="thread",
                            variant_title="{thread}",
                            packs=(10, 25, 50, 100),
                            price=(0.2, 9.0),
                            blurb=(
                                "Metric cable gland with strain relief and sealing insert.",
                                "Locknut included.",
                            ),
                        ),
                    ),
                ),
                Category(
                    slug="cables",
                    name="Cables",
                    children=(
                        Category(
                            slug="power-cables",
                            name="Power Cables",
                            attributes=(
                                Attr(
                                    "cores", "Cores", "enum", allowed=("2", "3", "4", "5", "7"), required=True
                                ),
                                Attr(
                                    "cross_section_mm2",
                                    "Cross-section",
                                    "number",
                                    unit="mm²",
                                    required=True,
                                    samples=(1.5, 2.5, 4.0, 6.0, 10.0, 16.0),
                                ),
                                Attr("sheath", "Sheath", "enum", allowed=("PVC", "LSZH", "PUR")),
                                Attr("halogen_free", "Halogen free", "boolean"),
                            ),
                            title="Power cable {cores}-core, {sheath} sheath",
                            axis="cross_section_mm2",
                            variant_title="{cores}G{cross_section_mm2}",
                            unit_of_measure="m",
                            packs=(1, 50, 100),
                            price=(0.6, 14.0),
                            lead_times=(1, 3, 7),
                            blurb=(
                                "Flexible power and control cable, fine-stranded copper conductors.",
                                "Cut to length or by the drum.",
                            ),
                        ),
                        Category(
                            slug="enclosures",
                            name="Enclosures",
                            attributes=(
                                Attr("ip_rating", "IP rating", "enum", allowed=IP_RATINGS, required=True),
                                Attr(
                                    "modules",
                                    "DIN modules",
                                    "number",
                                    required=True,
                                    samples=(4, 8, 12, 18, 24, 36, 54),
                                ),
                                Attr(
                                    "enclosure_material",
                                    "Material",
                                    "enum",
                                    allowed=("polycarbonate", "ABS", "sheet steel"),
                                ),
                            ),
                            title="Distribution enclosure {enclosure_material}, {ip_rating}",
                            axis="modules",
                            variant_title="{modules} modules",
                            packs=(1,),
                            price=(12.0, 420.0),
                            lead_times=(3, 5, 10, 21),
                            blurb=(
                                "Surface-mounted enclosure with TS35 rails and a transparent door.",
                                "Knock-outs top and bottom.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

INDUSTRIAL = Marketplace(
    slug="industrial-supply",
    name="Hansa Industrial Supply",
    kind="horizontal",
    description="Everything for production, maintenance and installation, across every vertical.",
)

MARKETPLACES = (FASTENERS, ELECTRICAL, INDUSTRIAL)

BUYERS = (
    Buyer(
        "nordbau",
        "Nordbau Construction AG",
        (
            Site(
                "Head office",
                "Am Sandtorkai 41",
                "20457",
                "Hamburg",
                "DE",
                True,
                True,
                "Jana Petersen",
                "DE812345678",
            ),
            Site(
                "Site Kiel harbour",
                "Kaistraße 18",
                "24114",
                "Kiel",
                "DE",
                True,
                False,
                "Lars Hansen",
                "DE812345678",
            ),
            Site(
                "Warehouse Lübeck",
                "Hafenstraße 7",
                "23568",
                "Lübeck",
                "DE",
                True,
                False,
                "Ole Brandt",
                "DE812345678",
            ),
        ),
    ),
    Buyer(
        "carpatica",
        "Carpatica Instalații SRL",
        (
            Site(
                "Sediu Cluj",
                "Str. Fabricii 12",
                "400632",
                "Cluj-Napoca",
                "RO",
                False,
                True,
                "Ana Pop",
                "RO18547290",
            ),
            Site(
                "Depozit Turda",
                "Str. Libertății 3",
                "401106",
                "Turda",
                "RO",
                True,
                False,
                "Mihai Rus",
                "RO18547290",
            ),
        ),
    ),
)

SUPPLIERS = (
    Supplier(
        slug="boltnut",
        name="BoltNut Industrial GmbH",
        prefix="BN",
        currency="EUR",
        languages=("de", "en"),
        marketplaces=("fasteners", "industrial-supply"),
        locations=(Location("HAM", "Hamburg central warehouse"), Location("MUC", "Munich branch")),
        weight=3,
        key_accounts=("nordbau",),
        customer_lists=(("nordbau", "customer", "EUR"),),
        terms=(("nordbau", 60, 150_000, "EUR"),),
    ),
    Supplier(
        slug="fixpro",
        name="FixPro Fasteners SRL",
        prefix="FP",
        currency="RON",
        languages=("ro", "en"),
        marketplaces=("fasteners",),
        locations=(Location("CLJ", "Cluj-Napoca depot"),),
        weight=2,
        key_accounts=("carpatica",),
        customer_lists=(("carpatica", "contract", "RON"),),
        terms=(("carpatica", 30, 250_000, "RON"), ("nordbau", 30, 50_000, "EUR")),
        export_currencies=("EUR",),
    ),
    Supplier(
        slug="voltra",
        name="Voltra Electric BV",
        prefix="VE",
        currency="EUR",
        languages=("nl", "en"),
        marketplaces=("electrical", "industrial-supply"),
        locations=(Location("RTM", "Rotterdam DC"), Location("EIN", "Eindhoven stock")),
        weight=3,
        key_accounts=("nordbau", "carpatica"),
        customer_lists=(("nordbau", "contract", "EUR"),),
        terms=(("nordbau", 30, 80_000, "EUR"), ("carpatica", 30, 40_000, "EUR")),
    ),
    Supplier(
        slug="ampere",
        name="Ampere Components s.r.o.",
        prefix="AC",
        currency="EUR",
        languages=("cs", "en"),
        marketplaces=("electrical",),
        locations=(Location("BRQ", "Brno warehouse"),),
        weight=2,
        key_accounts=("carpatica",),
        customer_lists=(("carpatica", "customer", "EUR"),),
        terms=(("carpatica", 60, 60_000, "EUR"),),
    ),
    Supplier(
        slug="steelcraft",
        name="Steelcraft Supplies Ltd",
        prefix="SC",
        currency="EUR",
        languages=("en",),
        marketplaces=("fasteners", "electrical"),
        locations=(Location("DUB", "Dublin warehouse"),),
        weight=2,
        key_accounts=("nordbau",),
        terms=(("nordbau", 30, 25_000, "EUR"),),
    ),
)

FIRST_NAMES = (
    "Anna", "Lukas", "Maria", "Jonas", "Elena", "Tomás", "Sofia", "Mihai", "Ioana", "Pieter",
    "Sanne", "Jan", "Petra", "Ondřej", "Klara", "Niamh", "Liam", "Greta", "Felix", "Andrei",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "Schmidt", "Popescu", "Ionescu", "de Vries", "Jansen", "Novák", "Dvořák", "Murphy",
    "Kelly", "Weber", "Becker", "Stan", "Bakker", "Svoboda", "Fischer", "Radu", "Visser",
)  # fmt: skip

RON_PER_EUR = 4.97
"""The fixed rate used to draw RON prices from EUR ones."""
