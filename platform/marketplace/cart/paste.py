"""Reading quick-order rows: a pasted text or a CSV/XLSX file (``sku;qty``). Pure functions,
no database; the service runs them off the event loop.

A pasted line is ``SKU<separator>quantity``. The separator is the first of tab, ``;``,
spaces, ``,`` that the line holds; the SKU ends at its first occurrence and the rest is
the quantity. A quantity is digits with at most one decimal mark, ``.`` or ``,``
("1,5" and "1.5" are both one and a half); no thousands grouping ("1,000" is one).
Blank lines are skipped; rows keep the line number the user sees (1-based, blank
lines counted) so the report points at the right line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from hansa.marketplace.imports.parsing import FileUnreadable, Limits, NumberText, read_sheet

MAX_ROWS = 10_000
MAX_TEXT_CHARS = 1_000_000  # 10,000 lines of up to 100 characters
MAX_SKU_CHARS = 64
MAX_QUANTITY = Decimal("1000000000000")  # the cart's own bound (cart_line.quantity)
_QUANTITY = re.compile(r"(\d+(?:[.,]\d*)?|[.,]\d+)")
_SEPARATORS = ("\t", ";", " ", ",")

RowProblem = Literal["bad_quantity", "bad_sku"]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    row: int
    sku: str
    quantity_text: str
    quantity: Decimal | None  # None: ``problem`` says why
    problem: RowProblem | None = None


class TooManyRows(ValueError):
    pass


def parse_quantity(text: str) -> Decimal | None:
    """A positive quantity below ``MAX_QUANTITY`` with a decimal point or comma; None otherwise."""
    cleaned = text.strip()
    if not _QUANTITY.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    return value if 0 < value < MAX_QUANTITY else None


def row_of(number: int, sku: str, quantity_text: str) -> ParsedRow:
    """One row checked: a SKU of 1 to 64 characters, a valid quantity."""
    sku = sku.strip()
    if not sku or len(sku) > MAX_SKU_CHARS:
        return ParsedRow(number, sku[:MAX_SKU_CHARS], quantity_text[:40], None, "bad_sku")
    quantity = parse_quantity(quantity_text)
    if quantity is None:
        return ParsedRow(number, sku, quantity_text[:40], None, "bad_quantity")
    return ParsedRow(number, sku, quantity_text.strip(), quantity)


def split_line(line: str) -> tuple[str, str]:
    """(SKU, quantity text) of one pasted line; no separator: the whole line is the SKU."""
    for separator in _SEPARATORS:
        if separator in line:
            sku, _, rest = line.partition(separator)
            return sku, rest.strip()
    return line, ""


def parse_text(text: str) -> list[ParsedRow]:
    """Every non-blank line of a paste, at most ``MAX_ROWS``."""
    rows: list[ParsedRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if len(rows) == MAX_ROWS:
            raise TooManyRows(f"at most {MAX_ROWS} rows per quick order")
        sku, quantity = split_line(stripped)
        rows.append(row_of(number, sku, quantity))
    return rows


_SKU_COLUMNS = ("sku",)
_QUANTITY_COLUMNS = ("qty", "quantity", "cantitate")


def parse_file(content: bytes, fmt: Literal["csv", "xlsx"]) -> list[ParsedRow]:
    """The rows of a CSV (``;``, ``,`` or tab) or XLSX (first sheet) with a header naming a
    ``sku`` and a ``qty`` (or ``quantity``) column. Raises ``FileUnreadable``."""
    sheet = read_sheet(content, fmt, Limits(max_rows=MAX_ROWS))
    sku_column = next((c for c in _SKU_COLUMNS if c in sheet.columns), None)
    quantity_column = next((c for c in _QUANTITY_COLUMNS if c in sheet.columns), None)
    if sku_column is None or quantity_column is None:
        raise FileUnreadable("the first row must name the columns: sku and qty")
    rows = []
    for number, cells in sheet.rows:
        text = cells.get(quantity_column, "")
        if isinstance(text, NumberText):  # an XLSX number: exact already, a decimal point
            text = str(text)
        rows.append(row_of(number, cells.get(sku_column, ""), text))
    return rows
