"""Spreadsheet reading and writing without a database: separators, BOM, decimal
commas, diacritics, XLSX numbers, and rows numbered as a spreadsheet shows them."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from hansa.marketplace.imports.parsing import (
    FileUnreadable,
    NumberText,
    Separator,
    format_decimal,
    neutralise,
    parse_decimal,
    read_sheet,
    unescape_formula,
    write_csv,
    write_xlsx,
)
from hansa.marketplace.imports.service import check_header, convert_row


@pytest.mark.parametrize(
    ("text", "separator", "value"),
    [
        ("12,5", ",", "12.5"),
        ("12.5", ".", "12.5"),
        ("1.234,56", ",", "1234.56"),
        ("1,234.56", ".", "1234.56"),
        ("1 234,5", ",", "1234.5"),
        ("1\u00a0234,5", ",", "1234.5"),
        ("0,085", ",", "0.085"),
        ("100", ",", "100"),
        ("-3", ".", "-3"),
        ("1.234.567,5", ",", "1234567.5"),
        ("12.000.000", ",", "12000000"),
        ("1,000,000", ".", "1000000"),
    ],
)
def test_decimals_with_the_files_separator(text: str, separator: Separator, value: str) -> None:
    assert parse_decimal(text, separator) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "NaN", "Infinity", "1.2.3", "12 €", "1E5", "1e-999999"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_decimal(text, ",")


@pytest.mark.parametrize(("text", "separator"), [("1.000", ","), ("1,000", "."), ("-2.500", ",")])
def test_the_other_mark_alone_is_ambiguous_never_a_guess(text: str, separator: Separator) -> None:
    """ "1.000" in a decimal-comma file could be 1 or 1000: refused, not read as 1."""
    with pytest.raises(ValueError, match="ambiguous"):
        parse_decimal(text, separator)


@pytest.mark.parametrize(("text", "separator"), [("12.5", ","), ("12,5", "."), ("1.5,25", ",")])
def test_the_wrong_decimal_mark_is_refused(text: str, separator: Separator) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_decimal(text, separator)


def test_a_number_cell_of_an_xlsx_is_exact_whatever_the_separator() -> None:
    assert parse_decimal(NumberText("1000.5"), ",") == Decimal("1000.5")


def test_format_decimal_is_plain() -> None:
    assert [format_decimal(Decimal(v)) for v in ("12.500", "1E+2", "0.000001", "0")] == [
        "12.5",
        "100",
        "0.000001",
        "0",
    ]


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_separator_and_bom_are_sniffed(sep: str, bom: bytes) -> None:
    text = (
        f'SKU{sep}Product Name{sep}Pack size\r\nŠR-1{sep}Šroub žlutý{sep}"1,5"\r\n\r\nA-2{sep}Écrou{sep}2\r\n'
    )
    sheet = read_sheet(bom + text.encode(), "csv")
    assert sheet.columns == ["sku", "product_name", "pack_size"]
    assert sheet.rows == [
        (2, {"sku": "ŠR-1", "product_name": "Šroub žlutý", "pack_size": "1,5"}),
        (4, {"sku": "A-2", "product_name": "Écrou", "pack_size": "2"}),
    ]


def test_not_utf8_and_not_xlsx_are_unreadable() -> None:
    with pytest.raises(FileUnreadable, match="UTF-8"):
        read_sheet("sku;name\nA;Šroub\n".encode("cp1250"), "csv")
    with pytest.raises(FileUnreadable):
        read_sheet(b"not a zip", "xlsx")
    with pytest.raises(FileUnreadable):
        read_sheet(b"", "csv")


def test_xlsx_cells_become_text_like_csv(tmp_path: object) -> None:
    content = write_xlsx(
        ["sku", "on_hand", "location"],
        [["A-1", Decimal("12.5"), "BUC"], ["B-2", Decimal("7"), "ČR"]],
        "inventory",
    )
    book = openpyxl.load_workbook(__import__("io").BytesIO(content))
    assert book.active is not None
    sheet = read_sheet(content, "xlsx")
    assert sheet.rows == [
        (2, {"sku": "A-1", "on_hand": "12.5", "location": "BUC"}),
        (3, {"sku": "B-2", "on_hand": "7", "location": "ČR"}),
    ]


def test_written_csv_reads_back() -> None:
    content = write_csv(["sku", "product_name", "pack_size"], [["A-1", 'Šroub; "M8"', Decimal("1.50")]])
    assert content.startswith(b"\xef\xbb\xbf")
    sheet = read_sheet(content, "csv")
    assert sheet.rows == [(2, {"sku": "A-1", "product_name": 'Šroub; "M8"', "pack_size": "1.5"})]


def test_header_and_row_errors_name_the_column() -> None:
    assert check_header("inventory", ["sku", "on_hand", "colour"]) == [
        {"row": 1, "column": "colour", "message": "unknown column"},
        {"row": 1, "column": "location", "message": "required column is missing"},
    ]
    row, errors = convert_row("products", 7, {"sku": "A-1", "pack_size": "x", "attributes": "[1]"})
    # every bad cell of the row at once; the row is still checked without them
    assert [(e["row"], e["column"]) for e in errors] == [(7, "attributes"), (7, "pack_size")]
    assert row is not None and row.pack_size is None
    row, errors = convert_row("products", 8, {"sku": "bad sku"})
    assert row is None and [(e["row"], e["column"]) for e in errors] == [(8, "sku")]
    row, errors = convert_row("products", 9, {"sku": "A-1", "pack_size": "0", "min_order_qty": "-1"})
    assert [(e["row"], e["column"]) for e in errors] == [(9, "pack_size"), (9, "min_order_qty")]
    row, errors = convert_row(
        "prices", 3, {"price_list": "Základní", "sku": "A-1", "min_qty": "1", "unit_price": "0,085"}, ","
    )
    assert errors == [] and row is not None and row.unit_price == Decimal("0.085")
    # a required column the header lacks is said once, on the header, not on every row
    row, errors = convert_row("inventory", 4, {"sku": "A-1", "on_hand": "2"}, ",", {"sku", "on_hand"})
    assert row is None and errors == []


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_and_read_back(text: str) -> None:
    content = write_csv(["sku", "product_name"], [["A-1", text], ["A-2", Decimal("-3")]])
    assert f"'{text}" in content.decode("utf-8-sig") and content.decode().endswith(";-3\r\n")
    assert read_sheet(content, "csv").rows[0][1]["product_name"] == text
    # the import takes the leading "'" off again, so an export re-imports as it was
    assert unescape_formula(neutralise(text)) == text
