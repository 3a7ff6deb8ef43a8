"""The mails of an order's steps (``order.<step>``), in English and Romanian: one sentence
per step, in the same frame. Merged into ``templates.TEMPLATES``."""

from __future__ import annotations

from typing import Final

Template = tuple[str, str]

# step -> (English, Romanian): what happened to the order
_STEPS: Final[dict[str, tuple[str, str]]] = {
    "confirmed": ("was confirmed by {supplier_name}", "a fost confirmată de {supplier_name}"),
    "rejected": ("was rejected by {supplier_name}", "a fost respinsă de {supplier_name}"),
    "cancelled": ("was cancelled", "a fost anulată"),
    "released": (
        "was released from credit hold by {supplier_name}",
        "a fost eliberată din blocajul de credit de {supplier_name}",
    ),
    "change_proposed": (
        "has changes proposed by {supplier_name}: accept or decline them",
        "are modificări propuse de {supplier_name}: acceptați-le sau refuzați-le",
    ),
    "change_requested": (
        "has changes requested by {buyer_name}: accept or decline them",
        "are modificări cerute de {buyer_name}: acceptați-le sau refuzați-le",
    ),
    "change_accepted": ("has its proposed changes accepted", "are modificările propuse acceptate"),
    "change_declined": ("has its proposed changes declined", "are modificările propuse refuzate"),
    "partially_shipped": (
        "was partly shipped by {supplier_name}",
        "a fost expediată parțial de {supplier_name}",
    ),
    "shipped": ("was shipped by {supplier_name}", "a fost expediată de {supplier_name}"),
    "delivered": ("was delivered", "a fost livrată"),
}


def _template(en: str, ro: str) -> dict[str, Template]:
    return {
        "en": (
            f"Order {{number}} {en}",
            f"Hello {{name}},\n\norder {{number}} of {{buyer_name}} with {{supplier_name}} {en}.\n"
            "Note: {reason}",
        ),
        "ro": (
            f"Comanda {{number}} {ro}",
            f"Bună ziua, {{name}},\n\ncomanda {{number}} a {{buyer_name}} către {{supplier_name}} {ro}.\n"
            "Notă: {reason}",
        ),
    }


ORDER_TEMPLATES: Final[dict[str, dict[str, Template]]] = {
    f"order.{step}": _template(en, ro) for step, (en, ro) in _STEPS.items()
}
