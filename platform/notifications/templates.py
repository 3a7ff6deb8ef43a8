"""The mail of each notification kind, in English and Romanian.

A template is ``(subject, body)``; ``{placeholders}`` are filled from the event's
params plus ``name`` (the recipient's). A missing param reads as an empty string,
and a missing reason as "no reason given", so a mail never fails to render. The UI
words the in-app list itself from ``kind`` and ``params`` (notificationsMessages.ts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from hansa.notifications.order_templates import ORDER_TEMPLATES
from hansa.notifications.rfq_award_templates import RFQ_AWARD_TEMPLATES
from hansa.notifications.rfq_quote_templates import RFQ_QUOTE_TEMPLATES
from hansa.notifications.rfq_templates import RFQ_TEMPLATES

Template = tuple[str, str]
LOCALES: Final = ("en", "ro")
DEFAULT_LOCALE: Final = "en"

_SIGNATURE: Final = {"en": "\n\nThe Hansa team\n", "ro": "\n\nEchipa Hansa\n"}
_NO_REASON: Final = {"en": "no reason given", "ro": "niciun motiv precizat"}

TEMPLATES: Final[dict[str, dict[str, Template]]] = {
    "supplier.approved": {
        "en": (
            "{org_name} is approved on Hansa",
            "Hello {name},\n\nan operator approved your supplier account {org_name}. "
            "Your catalog can now be listed on marketplaces.",
        ),
        "ro": (
            "{org_name} a fost aprobat pe Hansa",
            "Bună ziua, {name},\n\nun operator a aprobat contul de furnizor {org_name}. "
            "Catalogul poate fi acum listat pe piețe.",
        ),
    },
    "supplier.rejected": {
        "en": (
            "{org_name} was not approved on Hansa",
            "Hello {name},\n\nan operator did not approve your supplier account {org_name}.\n"
            "Reason: {reason}",
        ),
        "ro": (
            "{org_name} nu a fost aprobat pe Hansa",
            "Bună ziua, {name},\n\nun operator nu a aprobat contul de furnizor {org_name}.\nMotiv: {reason}",
        ),
    },
    "supplier.suspended": {
        "en": (
            "{org_name} is suspended on Hansa",
            "Hello {name},\n\nan operator suspended your supplier account {org_name}; "
            "buyers cannot see it until it is reactivated.\nReason: {reason}",
        ),
        "ro": (
            "{org_name} a fost suspendat pe Hansa",
            "Bună ziua, {name},\n\nun operator a suspendat contul de furnizor {org_name}; "
            "cumpărătorii nu îl văd până la reactivare.\nMotiv: {reason}",
        ),
    },
    "supplier.reactivated": {
        "en": (
            "{org_name} is active again on Hansa",
            "Hello {name},\n\nan operator reactivated your supplier account {org_name}.",
        ),
        "ro": (
            "{org_name} este din nou activ pe Hansa",
            "Bună ziua, {name},\n\nun operator a reactivat contul de furnizor {org_name}.",
        ),
    },
    "supplier.awaiting_approval": {
        "en": (
            "Supplier {org_name} waits for approval",
            "Hello {name},\n\nthe supplier {org_name} ({slug}) signed up and waits for approval "
            "in the operator console.",
        ),
        "ro": (
            "Furnizorul {org_name} așteaptă aprobarea",
            "Bună ziua, {name},\n\nfurnizorul {org_name} ({slug}) s-a înscris și așteaptă aprobarea "
            "în consola operatorului.",
        ),
    },
    "order.placed": {
        "en": (
            "Order {number} placed with {supplier_name}",
            "Hello {name},\n\norder {number} of {buyer_name} was placed with {supplier_name}: "
            "{total} {currency}, {payment_method}.",
        ),
        "ro": (
            "Comanda {number} a fost plasată la {supplier_name}",
            "Bună ziua, {name},\n\ncomanda {number} a {buyer_name} a fost plasată la {supplier_name}: "
            "{total} {currency}, {payment_method}.",
        ),
    },
    "order.credit_hold": {
        "en": (
            "Order {number} with {supplier_name} is on credit hold",
            "Hello {name},\n\norder {number} of {buyer_name} with {supplier_name} ({total} {currency}) "
            "waits for the supplier to release it.\nReason: {reason}",
        ),
        "ro": (
            "Comanda {number} la {supplier_name} este blocată pentru credit",
            "Bună ziua, {name},\n\ncomanda {number} a {buyer_name} la {supplier_name} ({total} {currency}) "
            "așteaptă deblocarea de către furnizor.\nMotiv: {reason}",
        ),
    },
    "listing.approved": {
        "en": (
            "{org_name} is listed on {marketplace_name}",
            "Hello {name},\n\nthe application of {org_name} to the marketplace {marketplace_name} "
            "was approved.",
        ),
        "ro": (
            "{org_name} este listat pe {marketplace_name}",
            "Bună ziua, {name},\n\ncererea {org_name} pentru piața {marketplace_name} a fost aprobată.",
        ),
    },
    "listing.rejected": {
        "en": (
            "{org_name} was not listed on {marketplace_name}",
            "Hello {name},\n\nthe application of {org_name} to the marketplace {marketplace_name} "
            "was rejected.\nReason: {reason}",
        ),
        "ro": (
            "{org_name} nu a fost listat pe {marketplace_name}",
            "Bună ziua, {name},\n\ncererea {org_name} pentru piața {marketplace_name} a fost respinsă.\n"
            "Motiv: {reason}",
        ),
    },
    "import.done": {
        "en": (
            "Import of {filename} finished",
            "Hello {name},\n\nthe {import_kind} import of {filename} ({org_name}) finished: "
            "{rows} rows applied.",
        ),
        "ro": (
            "Importul {filename} s-a încheiat",
            "Bună ziua, {name},\n\nimportul ({import_kind}) din {filename} ({org_name}) s-a încheiat: "
            "{rows} rânduri aplicate.",
        ),
    },
    "import.failed": {
        "en": (
            "Import of {filename} failed",
            "Hello {name},\n\nthe {import_kind} import of {filename} ({org_name}) failed with "
            "{errors} errors; nothing was changed. The list of errors is on the imports page.",
        ),
        "ro": (
            "Importul {filename} a eșuat",
            "Bună ziua, {name},\n\nimportul ({import_kind}) din {filename} ({org_name}) a eșuat cu "
            "{errors} erori; nu s-a modificat nimic. Lista erorilor este pe pagina de importuri.",
        ),
    },
    "approvals.requested": {
        "en": (
            "A purchase request of {requester_name} waits for your approval",
            "Hello {name},\n\n{requester_name} wants to order from {suppliers} ({totals}). "
            "It waits for approval at level {level} of {levels}.\nWhy: {reasons}\n"
            "Approve or reject it on the Approvals page.",
        ),
        "ro": (
            "O cerere de achiziție a lui {requester_name} așteaptă aprobarea dumneavoastră",
            "Bună ziua, {name},\n\n{requester_name} dorește să comande de la {suppliers} ({totals}). "
            "Cererea așteaptă aprobarea la nivelul {level} din {levels}.\nMotiv: {reasons}\n"
            "O puteți aproba sau respinge pe pagina Aprobări.",
        ),
    },
    "approvals.approved": {
        "en": (
            "Your purchase request was approved",
            "Hello {name},\n\nyour purchase request for {suppliers} ({totals}) was approved; "
            "the orders are being placed.",
        ),
        "ro": (
            "Cererea dumneavoastră de achiziție a fost aprobată",
            "Bună ziua, {name},\n\ncererea de achiziție pentru {suppliers} ({totals}) a fost aprobată; "
            "comenzile sunt în curs de plasare.",
        ),
    },
    "approvals.rejected": {
        "en": (
            "Your purchase request was rejected",
            "Hello {name},\n\nyour purchase request for {suppliers} ({totals}) was rejected at level "
            "{level}.\nReason: {reason}",
        ),
        "ro": (
            "Cererea dumneavoastră de achiziție a fost respinsă",
            "Bună ziua, {name},\n\ncererea de achiziție pentru {suppliers} ({totals}) a fost respinsă la "
            "nivelul {level}.\nMotiv: {reason}",
        ),
    },
    **ORDER_TEMPLATES,
    **RFQ_QUOTE_TEMPLATES,
    **RFQ_AWARD_TEMPLATES,
    **RFQ_TEMPLATES,
}


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _one_line(value: str) -> str:
    return " ".join(value.split())


def render(kind: str, locale: str, name: str, params: Mapping[str, Any]) -> Template:
    """The subject and body of ``kind`` in ``locale`` (English when it has none)."""
    templates = TEMPLATES[kind]
    language = locale if locale in templates else DEFAULT_LOCALE
    subject, body = templates[language]
    values = _Params({key: "" if value is None else str(value) for key, value in params.items()})
    values["name"] = name
    if not values.get("reason"):
        values["reason"] = _NO_REASON[language]
    one_line = _Params({key: _one_line(value) for key, value in values.items()})
    return subject.format_map(one_line), body.format_map(values) + _SIGNATURE[language]
