"""Case- and accent-insensitive name matching in SQL (buyer directory, customer filter).

Not the ``unaccent`` extension: it would need a migration and an extension a managed
server may not offer; and ``lower()`` under a C locale leaves non-ASCII letters alone,
so both cases are folded here, with ``translate()`` and the two strings below bound as
``$1`` (``ACCENTED``) and ``$2`` (``PLAIN``).
"""

from __future__ import annotations

import unicodedata


def _accent_map() -> tuple[str, str]:
    """Accented Latin letters (both cases) and the plain lower-case letter of each."""
    extra = {"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "\u0131": "i"}
    plain: dict[str, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha() and base != char:
            plain[char] = base
    plain.update({"ș": "s", "Ș": "s", "ț": "t", "Ț": "t"} | extra)
    return "".join(plain), "".join(plain.values())


ACCENTED, PLAIN = _accent_map()


def folded(expr: str) -> str:
    """SQL folding ``expr`` to lower case without accents ($1/$2 are ACCENTED/PLAIN)."""
    return f"lower(translate({expr}, $1, $2))"
