"""Quick-order paste and file reading (pure): every separator, decimal commas, bad rows
reported with their line number, the 10,000-row bound, CSV and XLSX files."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from hansa.marketplace.cart.paste import MAX_ROWS, TooManyRows, parse_file, parse_text
from hansa.marketplace.imports.parsing import FileUnreadable


@pytest.mark.parametrize(
    ("line", "sku", "quantity"),
    [
        ("HB-M8\t100", "HB-M8", Decimal("100")),
        ("HB-M8;100", "HB-M8", Decimal("100")),
        ("HB-M8 100", "HB-M8", Decimal("100")),
        ("HB-M8    100", "HB-M8", Decimal("100")),
        ("HB-M8,100", "HB-M8", Decimal("100")),
        ("HB-M8\t1,5", "HB-M8", Decimal("1.5")),  # a decimal comma
        ("HB-M8;1,5", "HB-M8", Decimal("1.5")),
        ("HB-M8 1,5", "HB-M8", Decimal("1.5")),
        ("HB-M8,1,5", "HB-M8", Decimal("1.5")),  # the SKU ends at the first comma
        ("HB-M8 1.5", "HB-M8", Decimal("1.5")),
        ("HB-M8 ,5", "HB-M8", Decimal("0.5")),
        ("  HB-M8 \t 20  ", "HB-M8", Decimal("20")),
        ("HB-M8; 20", "HB-M8", Decimal("20")),
    ],
)
def test_a_line_gives_its_sku_and_quantity(line: str, sku: str, quantity: Decimal) -> None:
    [row] = parse_text(line)
    assert (row.row, row.sku, row.quantity, row.problem) == (1, sku, quantity, None)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("HB-M8", "bad_quantity"),  # no quantity
        ("HB-M8 0", "bad_quantity"),
        ("HB-M8 -3", "bad_quantity"),
        ("HB-M8 abc", "bad_quantity"),
        ("HB-M8 1.000,5", "bad_quantity"),  # no thousands grouping
        ("HB-M8 1e3", "bad_quantity"),
        ("HB-M8 10 20", "bad_quantity"),
        ("HB-M8 1000000000000", "bad_quantity"),
        ("X" * 65 + " 5", "bad_sku"),
    ],
)
def test_bad_rows_are_reported_not_dropped(line: str, problem: str) -> None:
    [row] = parse_text(line)
    assert (row.row, row.quantity, row.problem) == (1, None, problem)


def test_rows_keep_the_line_number_the_user_sees() -> None:
    rows = parse_text("A 1\n\n  \nB 2\r\nC x\n")
    assert [(r.row, r.sku, r.problem) for r in rows] == [
        (1, "A", None),
        (4, "B", None),
        (5, "C", "bad_quantity"),
    ]


def test_at_most_10000_rows() -> None:
    assert len(parse_text("\n".join(f"S{i} 1" for i in range(MAX_ROWS)))) == MAX_ROWS
    with pytest.raises(TooManyRows):
        parse_text("\n".join(f"S{i} 1" for i in range(MAX_ROWS + 1)))


def test_csv_file_with_sku_and_qty_columns() -> None:
    content = b"sku;qty\nHB-M8;100\nWR-13;2,5\n;3\nBAD;x\n"
    rows = parse_file(content, "csv")
    assert [(r.row, r.sku, r.quantity, r.problem) for r in rows] == [
        (2, "HB-M8", Decimal("100"), None),
        (3, "WR-13", Decimal("2.5"), None),
        (4, "", None, "bad_sku"),
        (5, "BAD", None, "bad_quantity"),
    ]
    with pytest.raises(FileUnreadable):
        parse_file(b"code;amount\nA;1\n", "csv")


def test_xlsx_file() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["SKU", "Quantity"])
    sheet.append(["HB-M8", 100])
    sheet.append(["WR-13", 2.5])
    sheet.append(["TXT", "1,5"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = parse_file(buffer.getvalue(), "xlsx")
    assert [(r.row, r.sku, r.quantity) for r in rows] == [
        (2, "HB-M8", Decimal("100")),
        (3, "WR-13", Decimal("2.5")),
        (4, "TXT", Decimal("1.5")),
    ]
    with pytest.raises(FileUnreadable):
        parse_file(b"not a zip", "xlsx")
