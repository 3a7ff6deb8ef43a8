"""Reading and writing the spreadsheets: CSV (sniffed ';' or ',' or tab, UTF-8 with or
without BOM) and XLSX (first sheet). Pure functions, no database.

Rows are numbered as a spreadsheet shows them: the header is row 1, data from row 2.
Cells come out as stripped strings (empty cell: ``""``); numbers in XLSX cells are
turned into their shortest decimal text, so ``parse_decimal`` sees the same thing
for both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

import openpyxl

Format = Literal["csv", "xlsx"]
MAX_ROWS = 100_000
_SEPARATORS = ";,\t"


class FileUnreadable(ValueError):
    """The file is not a CSV/XLSX we can read (reported on row 1)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    columns: list[str]  # normalised header names
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> text)


def normalise_header(name: str) -> str:
    return "_".join(name.replace("\ufeff", "").strip().lower().split())


def read_sheet(content: bytes, fmt: Format) -> Sheet:
    raw_rows = _read_csv(content) if fmt == "csv" else _read_xlsx(content)
    if not raw_rows:
        raise FileUnreadable("the file is empty: the first row must name the columns")
    header = [normalise_header(cell) for cell in raw_rows[0]]
    while header and not header[-1]:
        header.pop()
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(raw_rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        values = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(header)}
        extra = [cell for cell in cells[len(header) :] if cell.strip()]
        if extra:
            values["__extra__"] = ";".join(extra)
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise FileUnreadable(f"at most {MAX_ROWS} rows per file")
    return Sheet(header, rows)


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileUnreadable(f"the file is not UTF-8 (byte {exc.start}): save it as 'CSV UTF-8'") from exc
    first_line = text.split("\n", 1)[0]
    # the header decides: the separator that occurs most in it (ties: ';' first, ERP exports)
    counts = {sep: first_line.count(sep) for sep in _SEPARATORS}
    delimiter = max(_SEPARATORS, key=lambda sep: counts[sep])
    if counts[delimiter] == 0:
        delimiter = ","
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise FileUnreadable("the file is not a readable .xlsx workbook") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                raise FileUnreadable(f"at most {MAX_ROWS} rows per file")
        return rows
    finally:
        book.close()


def parse_decimal(text: str) -> Decimal:
    """A decimal written with a point or a comma, with optional thousands separators.

    When both '.' and ',' occur, the last one is the decimal separator ("1.234,5",
    "1,234.5"); a single kind is the decimal separator ("12,5" and "12.5" are 12.5;
    "1,234" is 1.234). Spaces (also non-breaking) and apostrophes group thousands.
    """
    cleaned = text.strip()
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or not all(c in "0123456789.-+eE" for c in cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def format_decimal(value: Decimal) -> str:
    """The plain text of ``value`` without exponent or trailing zeros ("12.5", "100")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


Cell = str | Decimal | int | None


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM (Excel opens it with diacritics intact), ';' separated, decimal point."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format_decimal(cell)
    return str(cell)


def write_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Cell]], title: str) -> bytes:
    """Numbers as numbers when a float holds them exactly, else as text; everything else text."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(cell: Cell) -> str | int | float | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, Decimal):
        as_float = float(cell)
        if Decimal(repr(as_float)) == cell and abs(cell) < Decimal("1e15"):
            return int(cell) if cell == cell.to_integral_value() else as_float
        return format_decimal(cell)
    return cell
