"""The mails of a supplier quote's steps (``rfq.quote_*``, ``rfq.countered``, ``rfq.message``),
in English and Romanian. Merged into ``templates.TEMPLATES``."""

from __future__ import annotations

from typing import Final

Template = tuple[str, str]

# kind -> ((English subject, body), (Romanian subject, body))
_KINDS: Final[dict[str, tuple[Template, Template]]] = {
    "rfq.quote_sent": (
        (
            "{supplier_name} sent a quote for {number}",
            "{supplier_name} sent revision {revision} of its quote for {number} ({title}).",
        ),
        (
            "{supplier_name} a trimis o ofertă pentru {number}",
            "{supplier_name} a trimis revizia {revision} a ofertei pentru {number} ({title}).",
        ),
    ),
    "rfq.quote_declined": (
        (
            "{supplier_name} declined {number}",
            "{supplier_name} declined to quote for {number} ({title}).\nReason: {reason}",
        ),
        (
            "{supplier_name} a refuzat {number}",
            "{supplier_name} a refuzat să ofere pentru {number} ({title}).\nMotiv: {reason}",
        ),
    ),
    "rfq.quote_withdrawn": (
        (
            "{supplier_name} withdrew its quote for {number}",
            "{supplier_name} withdrew its quote for {number} ({title}).\nReason: {reason}",
        ),
        (
            "{supplier_name} și-a retras oferta pentru {number}",
            "{supplier_name} și-a retras oferta pentru {number} ({title}).\nMotiv: {reason}",
        ),
    ),
    "rfq.countered": (
        (
            "A counter-offer on {number}",
            "The buyer countered your quote for {number} ({title}): answer with a new revision.\n"
            "Comment: {comment}",
        ),
        (
            "O contraofertă la {number}",
            "Cumpărătorul a făcut o contraofertă la oferta pentru {number} ({title}): "
            "răspundeți cu o revizie nouă.\nComentariu: {comment}",
        ),
    ),
    "rfq.quote_expired": (
        (
            "A quote for {number} expired",
            "The quote of {supplier_name} for {number} ({title}) expired: it was valid until {valid_until}.",
        ),
        (
            "O ofertă pentru {number} a expirat",
            "Oferta {supplier_name} pentru {number} ({title}) a expirat: era valabilă până la {valid_until}.",
        ),
    ),
    "rfq.message": (
        ("A new message on {number}", "A new message on {number} ({title}):\n\n{excerpt}"),
        ("Un mesaj nou la {number}", "Un mesaj nou la {number} ({title}):\n\n{excerpt}"),
    ),
    "rfq.quote_approval_requested": (
        (
            "A quote for {number} waits for your approval",
            "{author_name} asks you to approve the quote for {number} ({title}): {total} {currency}.",
        ),
        (
            "O ofertă pentru {number} așteaptă aprobarea dvs.",
            "{author_name} vă cere să aprobați oferta pentru {number} ({title}): {total} {currency}.",
        ),
    ),
}


def _template(en: Template, ro: Template) -> dict[str, Template]:
    return {
        "en": (en[0], f"Hello {{name}},\n\n{en[1]}"),
        "ro": (ro[0], f"Bună ziua, {{name}},\n\n{ro[1]}"),
    }


RFQ_QUOTE_TEMPLATES: Final[dict[str, dict[str, Template]]] = {
    kind: _template(en, ro) for kind, (en, ro) in _KINDS.items()
}
