"""The mails of an RFQ's award to the suppliers, in English and Romanian. A losing supplier
hears that it lost, never anyone's prices. Merged into ``templates.TEMPLATES``."""

from __future__ import annotations

from typing import Final

Template = tuple[str, str]

RFQ_AWARD_TEMPLATES: Final[dict[str, dict[str, Template]]] = {
    "rfq.awarded": {
        "en": (
            "{buyer_name} awarded you {number}",
            "Hello {name},\n\n{buyer_name} awarded you {lines} line(s) of its request for quotes {number} "
            '"{title}". The orders and the contract price list, where asked, follow.',
        ),
        "ro": (
            "{buyer_name} v-a atribuit {number}",
            "Bună ziua, {name},\n\n{buyer_name} v-a atribuit {lines} poziție(i) din cererea de ofertă "
            "{number} „{title}”. Comenzile și lista de prețuri contractuală, unde au fost cerute, urmează.",
        ),
    },
    "rfq.lost": {
        "en": (
            "{number} was awarded to another supplier",
            'Hello {name},\n\n{buyer_name} awarded its request for quotes {number} "{title}" to other '
            "suppliers. Thank you for your quote.",
        ),
        "ro": (
            "{number} a fost atribuită altui furnizor",
            "Bună ziua, {name},\n\n{buyer_name} a atribuit cererea de ofertă {number} „{title}” altor "
            "furnizori. Vă mulțumim pentru ofertă.",
        ),
    },
    "rfq.award_mapping": {
        "en": (
            "Map the awarded lines of {number} to your catalog",
            "Hello {name},\n\nthe contract price list of {number} waits: {lines} have no SKU of your "
            "catalog. Map them to a SKU on the RFQ's award page.",
        ),
        "ro": (
            "Asociați pozițiile atribuite din {number} cu catalogul dumneavoastră",
            "Bună ziua, {name},\n\nlista de prețuri contractuală pentru {number} așteaptă: {lines} nu au un "
            "cod SKU din catalogul dumneavoastră. Asociați-le pe pagina de atribuire a cererii.",
        ),
    },
}
