"""Mails and notifications of requests for quotes (rfq.requests), in English and Romanian.
Params: number, title, buyer_name, deadline (ISO, UTC), reason."""

from __future__ import annotations

from typing import Final

Template = tuple[str, str]

RFQ_TEMPLATES: Final[dict[str, dict[str, Template]]] = {
    "rfq.invited": {
        "en": (
            "Request for quotes {number} from {buyer_name}",
            "Hello {name},\n\n{buyer_name} invites you to quote on “{title}” ({number}). "
            "Quotes are due by {deadline} (UTC).\nOpen it under Requests for quotes.",
        ),
        "ro": (
            "Cerere de ofertă {number} de la {buyer_name}",
            "Bună ziua, {name},\n\n{buyer_name} vă invită să ofertați pentru „{title}” ({number}). "
            "Ofertele se trimit până la {deadline} (UTC).\nO găsiți la Cereri de ofertă.",
        ),
    },
    "rfq.deadline_extended": {
        "en": (
            "Request for quotes {number}: the deadline moved to {deadline}",
            "Hello {name},\n\n{buyer_name} extended the deadline of “{title}” ({number}) "
            "to {deadline} (UTC).",
        ),
        "ro": (
            "Cererea de ofertă {number}: termenul a fost mutat la {deadline}",
            "Bună ziua, {name},\n\n{buyer_name} a prelungit termenul cererii „{title}” ({number}) "
            "până la {deadline} (UTC).",
        ),
    },
    "rfq.closed": {
        "en": (
            "Request for quotes {number} is closed",
            "Hello {name},\n\nthe request “{title}” ({number}) of {buyer_name} no longer takes quotes.",
        ),
        "ro": (
            "Cererea de ofertă {number} s-a închis",
            "Bună ziua, {name},\n\ncererea „{title}” ({number}) a {buyer_name} nu mai primește oferte.",
        ),
    },
    "rfq.deadline_passed": {
        "en": (
            "Your request for quotes {number} reached its deadline",
            "Hello {name},\n\nthe deadline of “{title}” ({number}) passed: the request is closed. "
            "Compare the quotes and award it.",
        ),
        "ro": (
            "Cererea dumneavoastră de ofertă {number} a ajuns la termen",
            "Bună ziua, {name},\n\ntermenul cererii „{title}” ({number}) a trecut: cererea este închisă. "
            "Comparați ofertele și atribuiți-o.",
        ),
    },
    "rfq.cancelled": {
        "en": (
            "Request for quotes {number} was cancelled",
            "Hello {name},\n\n{buyer_name} cancelled the request “{title}” ({number}).\nReason: {reason}",
        ),
        "ro": (
            "Cererea de ofertă {number} a fost anulată",
            "Bună ziua, {name},\n\n{buyer_name} a anulat cererea „{title}” ({number}).\nMotiv: {reason}",
        ),
    },
}
