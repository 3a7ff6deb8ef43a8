"""Reading and writing the spreadsheets: CSV (sniffed ';' or ',' or tab, UTF-8 with or
without BOM) and XLSX (first sheet). Pure functions, no database.

Rows are numbered as a spreadsheet shows them: the header is row 1, data from row 2.
Cells come out as stripped strings (empty cell: ``""``); numbers in XLSX cells come
out as ``NumberText``, their exact decimal text, which ``parse_decimal`` takes as is
whatever the file's decimal separator.

Reading is bounded (``Limits``): an XLSX is a zip whose members are inspected before
anything is opened (declared uncompressed sizes; ``zipfile`` never reads past them),
then the first sheet is streamed with ``iterparse``, element by element, so a sheet
with a 20-million-cell row or shared strings that expand to a gigabyte is refused in
seconds with bounded memory.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Literal
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

from hansa.marketplace.imports.schemas import Format

Separator = Literal[",", "."]
MAX_ROWS = 100_000
_SEPARATORS = ";,\t"
# OWASP CSV injection: a text cell starting with one of these is a formula to a spreadsheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may expand to. The defaults fit any honest 32 MB upload."""

    max_rows: int = MAX_ROWS
    max_columns: int = 500
    max_cell_chars: int = 32_767  # Excel's own limit
    max_uncompressed_bytes: int = 256 * 1024 * 1024
    max_zip_members: int = 1000
    max_shared_strings: int = 5_000_000


DEFAULT_LIMITS = Limits()


class FileUnreadable(ValueError):
    """The file is not a CSV/XLSX we can read, or exceeds the limits (reported on row 1)."""


class NumberText(str):
    """The exact decimal text of a numeric XLSX cell (decimal point, no grouping)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Sheet:
    columns: list[str]  # normalised header names
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> text)


def normalise_header(name: str) -> str:
    return "_".join(name.replace("\ufeff", "").strip().lower().split())


def read_sheet(
    content: bytes, fmt: Format, limits: Limits = DEFAULT_LIMITS, renames: dict[str, str] | None = None
) -> Sheet:
    """The file's rows by column; ``renames`` maps a (normalised) header to the column it stands for."""
    raw_rows = _read_csv(content, limits) if fmt == "csv" else _read_xlsx(content, limits)
    first = next(raw_rows, None)
    if first is None:
        raise FileUnreadable("the file is empty: the first row must name the columns")
    header = [normalise_header(cell) for cell in first[1]]
    while header and not header[-1]:
        header.pop()
    if renames:
        header = [renames.get(name, name) for name in header]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in raw_rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        values = {col: _stripped(cells[i]) if i < len(cells) else "" for i, col in enumerate(header)}
        extra = [cell for cell in cells[len(header) :] if cell.strip()]
        if extra:
            values["__extra__"] = ";".join(extra)[:200]
        rows.append((number, values))
        if len(rows) > limits.max_rows:
            raise FileUnreadable(f"at most {limits.max_rows} rows per file")
    return Sheet(header, rows)


def read_header(content: bytes, fmt: Format, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The header row as written (not normalised): the column-mapping step shows it."""
    raw_rows = _read_csv(content, limits) if fmt == "csv" else _read_xlsx(content, limits)
    first = next(raw_rows, None)
    if first is None:
        raise FileUnreadable("the file is empty: the first row must name the columns")
    header = [cell.replace("\ufeff", "").strip() for cell in first[1]]
    while header and not header[-1]:
        header.pop()
    return header


def _stripped(cell: str) -> str:
    return cell if isinstance(cell, NumberText) else unescape_formula(cell.strip())


def unescape_formula(text: str) -> str:
    """Undo the export's neutralisation ("'=1" back to "=1") so an export re-imports as is."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


# -- CSV -----------------------------------------------------------------------------------------


def _read_csv(content: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1
            _check_row(number, cells, limits)
            yield number, cells
    except csv.Error as exc:
        raise FileUnreadable(f"row {number + 1}: the CSV cannot be read ({str(exc)[:200]})") from exc


def _check_row(number: int, cells: Sequence[str], limits: Limits) -> None:
    if len(cells) > limits.max_columns:
        raise FileUnreadable(f"row {number} has more than {limits.max_columns} columns")
    for index, cell in enumerate(cells):
        if len(cell) > limits.max_cell_chars:
            raise FileUnreadable(
                f"row {number}, column {index + 1}: a cell holds more than {limits.max_cell_chars} characters"
            )


# -- XLSX ----------------------------------------------------------------------------------------

# _XML_SAFETY: ElementTree never loads external entities or DTDs, and expat >= 2.4 (bundled
# with Python 3.11) refuses entity-expansion bombs; every part's size is bounded beforehand.
_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
_CHUNK = 64 * 1024
# the workbook's small parts (workbook, relationships, styles) are parsed whole: bounded first
_MAX_SMALL_PART = 16 * 1024 * 1024


def _local(tag: str) -> str:
    """The local name of an ElementTree tag ("{ns}row") or an expat name ("ns row")."""
    return tag.rsplit("}", 1)[-1].rsplit(" ", 1)[-1]


def _read_xlsx(content: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileUnreadable("the file is not a readable .xlsx workbook") from exc
    with book:
        _check_members(book, limits)
        try:
            sheet_path, strings_path = _workbook_parts(book)
            strings = _shared_strings(book, strings_path, limits) if strings_path else []
            date_styles = _date_styles(book)
            yield from _sheet_rows(book, sheet_path, strings, date_styles, limits)
        except FileUnreadable:
            raise
        except (
            zipfile.BadZipFile,
            ElementTree.ParseError,
            expat.ExpatError,
            KeyError,
            ValueError,
            OSError,
            EOFError,
            StopIteration,
        ) as exc:
            raise FileUnreadable("the file is not a readable .xlsx workbook") from exc


def _check_members(book: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse before opening anything: the declared sizes are what zipfile will read at most."""
    members = book.infolist()
    if len(members) > limits.max_zip_members:
        raise FileUnreadable(f"the workbook has more than {limits.max_zip_members} parts")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise FileUnreadable(
            f"the workbook expands to {total // (1024 * 1024)} MB; at most "
            f"{limits.max_uncompressed_bytes // (1024 * 1024)} MB are read"
        )


def _parse(book: zipfile.ZipFile, path: str) -> ElementTree.Element:
    if book.getinfo(path).file_size > _MAX_SMALL_PART:
        raise FileUnreadable(f"the workbook's {path} is larger than a spreadsheet's")
    with book.open(path) as part:
        return ElementTree.parse(part).getroot()  # noqa: S314 (see _XML_SAFETY)


def _relationships(book: zipfile.ZipFile, path: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, part path) of the part at ``path``."""
    folder, name = posixpath.split(path)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in book.namelist():
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in _parse(book, rels_path):
        target = rel.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
    return found


def _workbook_parts(book: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first sheet's part and the shared strings part (None when the book has none)."""
    workbook_path = next(
        (rel for rel in _relationships(book, "").values() if rel[0] == "officeDocument"),
        ("", "xl/workbook.xml"),
    )[1]
    rels = _relationships(book, workbook_path)
    first_sheet = next(el for el in _parse(book, workbook_path).iter() if _local(el.tag) == "sheet")
    sheet_path = rels[first_sheet.get(f"{{{_RELATIONSHIP_NS}}}id", "")][1]
    strings = next((path for kind, path in rels.values() if kind == "sharedStrings"), None)
    return sheet_path, strings


class _Stream(ABC):
    """One XML part read with expat in chunks; the text of one element is bounded as it arrives.

    ElementTree would gather an element's whole text (or a row's every cell) before we
    could look at it; expat's handlers see it piece by piece, so a 1 GB string or a row
    of 20 million cells is refused after the first ``max_cell_chars`` or ``max_columns``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self._text
        self.capturing = False
        self.parts: list[str] = []
        self.length = 0

    def _refuse_doctype(self, *_: object) -> None:
        raise FileUnreadable("the workbook declares a DTD: not a spreadsheet we read")

    def _text(self, data: str) -> None:
        if self.capturing:
            self.length += len(data)
            if self.length > self.limits.max_cell_chars:
                raise FileUnreadable(
                    self.where() + f"a cell holds more than {self.limits.max_cell_chars} characters"
                )
            self.parts.append(data)

    def capture(self) -> None:
        self.capturing = True

    def taken(self) -> str:
        """The text captured since the last call."""
        text = "".join(self.parts)
        self.parts, self.length, self.capturing = [], 0, False
        return text

    def where(self) -> str:
        return ""

    @abstractmethod
    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An element opens: what the part's reader keeps of it."""

    @abstractmethod
    def end(self, name: str) -> None:
        """An element closes."""

    def feed(self, part: IO[bytes]) -> Iterator[None]:
        """Parse ``part`` chunk by chunk, pausing after each chunk (the caller drains its results)."""
        try:
            while chunk := part.read(_CHUNK):
                self.parser.Parse(chunk, False)
                yield None
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise FileUnreadable("the file is not a readable .xlsx workbook") from exc
        yield None


class _SharedStrings(_Stream):
    """<si> texts: their <t>, or their rich-text runs' <t>; phonetic runs (<rPh>) left out."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.strings: list[str] = []
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and not self.phonetic:
            self.capture()

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "rPh":
            self.phonetic -= 1
        elif tag == "t":
            self.capturing = False
        elif tag == "si":
            self.strings.append(self.taken())
            if len(self.strings) > self.limits.max_shared_strings:
                raise FileUnreadable(f"the workbook holds more than {self.limits.max_shared_strings} texts")


def _shared_strings(book: zipfile.ZipFile, path: str, limits: Limits) -> list[str]:
    reader = _SharedStrings(limits)
    with book.open(path) as part:
        for _ in reader.feed(part):
            pass
    return reader.strings


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles that show a date (their numbers are Excel serial dates)."""
    if "xl/styles.xml" not in book.namelist():
        return set()
    root = _parse(book, "xl/styles.xml")
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
    cell_xfs = next((el for el in root if _local(el.tag) == "cellXfs"), None)
    if cell_xfs is None:
        return set()
    return {
        index
        for index, xf in enumerate(x for x in cell_xfs if _local(x.tag) == "xf")
        if is_date_format(formats.get(int(xf.get("numFmtId", "0")), ""))
    }


def _column_index(reference: str | None, default: int) -> int:
    match = _CELL_REF.match(reference or "")
    if match is None:
        return default
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


class _SheetRows(_Stream):
    """The rows of a worksheet part as (row number, cell texts), gathered per chunk."""

    def __init__(self, limits: Limits, strings: list[str], date_styles: set[int]) -> None:
        super().__init__(limits)
        self.strings, self.date_styles = strings, date_styles
        self.done: list[tuple[int, list[str]]] = []
        self.row: list[str] = []
        self.number, self.rows_seen, self.cells_seen = 0, 0, 0
        self.cell: dict[str, str] = {}
        self.phonetic = 0

    def where(self) -> str:
        return f"row {self.number}: "

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "row":
            self.number = int(attributes.get("r") or self.number + 1)
            self.row, self.cells_seen = [], 0
        elif tag == "c":
            self.cells_seen += 1
            if self.cells_seen > self.limits.max_columns:
                raise FileUnreadable(f"row {self.number} has more than {self.limits.max_columns} columns")
            self.cell = attributes
            self.taken()
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.capture()

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t"):
            self.capturing = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            index = _column_index(self.cell.get("r"), len(self.row))
            if index >= self.limits.max_columns:
                raise FileUnreadable(f"row {self.number} has more than {self.limits.max_columns} columns")
            _put(self.row, index, self._value(self.taken()), self.number, self.limits)
        elif tag == "row":
            self.rows_seen += 1
            if self.rows_seen > self.limits.max_rows + 1:
                raise FileUnreadable(f"at most {self.limits.max_rows} rows per file")
            self.done.append((self.number, self.row))

    def _value(self, text: str) -> str:
        kind = self.cell.get("t", "n")
        if not text or kind in ("inlineStr", "str", "e", "d"):
            return text  # inline and formula strings, errors, ISO dates: as written
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.strings):
                raise FileUnreadable(f"row {self.number}: a cell refers to a text the workbook lacks")
            return self.strings[index]
        if kind == "b":
            return "true" if text == "1" else "false"
        number = float(text)
        if int(self.cell.get("s", "0")) in self.date_styles:
            return _cell_text(from_excel(number))
        return NumberText(_cell_text(number))


def _sheet_rows(
    book: zipfile.ZipFile, path: str, strings: list[str], date_styles: set[int], limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    reader = _SheetRows(limits, strings, date_styles)
    with book.open(path) as part:
        for _ in reader.feed(part):
            yield from reader.done
            reader.done = []


def _put(row: list[str], index: int, text: str, number: int, limits: Limits) -> None:
    if len(text) > limits.max_cell_chars:
        raise FileUnreadable(
            f"row {number}, column {index + 1}: a cell holds more than {limits.max_cell_chars} characters"
        )
    if index >= len(row):
        row.extend([""] * (index - len(row) + 1))
    row[index] = text


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


# -- numbers -------------------------------------------------------------------------------------

_GROUPING = {",": re.compile(r"[+-]?\d{1,3}(,\d{3})+"), ".": re.compile(r"[+-]?\d{1,3}(\.\d{3})+")}
_DIGITS_AND_MARKS = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")
_UNIT = re.compile(r"(?<=\d)\s*[^\d\s.,'+-][^\d]*$")  # "20 mm", "12,5 kg": the number before the unit
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
SEPARATOR_NAMES = {",": "decimal comma", ".": "decimal point"}


def _other(separator: Separator) -> Separator:
    return "." if separator == "," else ","


def _ungrouped(text: str) -> str:
    cleaned = text.strip()
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    return cleaned


def parse_decimal(text: str, separator: Separator) -> Decimal:
    """A decimal written with the file's decimal ``separator``; never a guess per cell.

    Spaces (also non-breaking) and apostrophes group thousands anywhere. The other
    mark groups thousands beside a decimal part ("1.234,5" with a decimal comma) or
    when it occurs twice ("1.000.000"); once and alone ("1.000" in a decimal-comma
    file) it could mean 1 or 1000, and is refused as ambiguous. An XLSX numeric cell
    (``NumberText``) is exact already.
    """
    if isinstance(text, NumberText):
        return _finite(text, text)
    cleaned = _ungrouped(text)
    other = _other(separator)
    if other in cleaned:
        integer, _, fraction = cleaned.partition(separator)
        if not _GROUPING[other].fullmatch(integer) or separator in fraction:
            raise ValueError(
                f"not a number with a {SEPARATOR_NAMES[separator]} (as this file is read): {text!r}"
            )
        if not fraction and integer.count(other) == 1:
            raise ValueError(_ambiguous(text, integer, separator))
        cleaned = integer.replace(other, "") + "." + fraction
    else:
        cleaned = cleaned.replace(separator, ".") if cleaned.count(separator) == 1 else cleaned
    return _finite(cleaned, text)


def _ambiguous(text: str, integer: str, separator: Separator) -> str:
    other = _other(separator)
    thousands, decimal = integer.replace(other, ""), format_decimal(Decimal(integer.replace(other, ".")))
    return (
        f"ambiguous with a {SEPARATOR_NAMES[separator]}: {text!r} could be {thousands} or {decimal}; "
        f"write it without '{other}'"
    )


def _finite(cleaned: str, text: str) -> Decimal:
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def revealed_separator(text: str) -> Separator | None:
    """The decimal separator a cell can only have been written with (None: it does not tell).

    "12,5" and "1.234,5" tell a comma, "12.5" and "1,234.5" a point; "1.000", "1,000"
    and "100" tell nothing."""
    if isinstance(text, NumberText):
        return None
    cleaned = _ungrouped(_UNIT.sub("", text))
    if not _DIGITS_AND_MARKS.fullmatch(cleaned):
        return None  # not a number at all: it tells nothing
    if "," in cleaned and "." in cleaned:
        return "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    for mark in (",", "."):
        if cleaned.count(mark) == 1 and not _GROUPING[mark].fullmatch(cleaned):
            return mark
    return None


def format_decimal(value: Decimal) -> str:
    """The plain text of ``value`` without exponent or trailing zeros ("12.5", "100")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# -- writing -------------------------------------------------------------------------------------

Cell = str | Decimal | int | None


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading "'" (OWASP CSV injection).

    Numbers are written as numbers (``Decimal``), so a negative amount stays a number."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM (Excel opens it with diacritics intact), ';' separated, decimal point."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format_decimal(cell)
    if isinstance(cell, int):
        return str(cell)
    return neutralise(cell)


def write_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Cell]], title: str) -> bytes:
    """Numbers as numbers when a float holds them exactly, else as text; everything else text."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append([neutralise(c) for c in columns])
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
    if isinstance(cell, int):
        return cell
    # openpyxl writes a text starting with "=" as a formula: neutralised, it stays text
    return neutralise(cell)
