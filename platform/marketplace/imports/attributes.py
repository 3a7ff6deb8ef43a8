"""Attribute columns of a products file (``attr:<code>``) and the check of every
variant's attributes against its product's category schema.

The cells arrive as text; their type comes from the category's schema, which is
only known once the product (and so its category) is found in the database. So the
apply step types them here, with the schemas of all the file's categories loaded
once (``load_schemas``), and checks the result with the catalog's own validator
(``check_attributes``): a file and the product editor accept the same values.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.marketplace.imports.parsing import Separator, parse_decimal
from hansa.marketplace.imports.schemas import ATTRIBUTE_PREFIX
from hansa.marketplace.marketplaces.schemas import AttributeOut
from hansa.marketplace.marketplaces.service import check_attributes, effective_schema

Schema = list[AttributeOut]
AttributeCells = dict[int, dict[str, str]]  # row number -> attribute code -> cell text
_TRUE = {"true", "yes", "1", "da", "ja"}
_FALSE = {"false", "no", "0", "nu", "nein"}


def attribute_code(column: str) -> str | None:
    """``attr:length_mm`` -> ``length_mm`` (``attr: Length`` -> ``length``); None for any other column.

    What follows the prefix is the attribute's code or its label, as the header normalises
    it; ``by_code_or_label`` finds the attribute either way."""
    if column.startswith(ATTRIBUTE_PREFIX):
        return column[len(ATTRIBUTE_PREFIX) :].lstrip("_") or None
    return None


def label_key(name: str) -> str:
    """An attribute's label as a header names it (``Length (mm)`` -> ``length_(mm)``)."""
    return "_".join(name.strip().lower().split())


def by_code_or_label(schema: Schema | None) -> dict[str, AttributeOut]:
    """The schema's attributes by code, and by label where no code is spelled the same."""
    attributes = schema or []
    found = {label_key(a.name): a for a in attributes}
    found.update({a.code: a for a in attributes})
    return found


def attribute_column(code: str) -> str:
    return f"{ATTRIBUTE_PREFIX}{code}"


async def load_schemas(tx: Tx, category_ids: set[uuid.UUID]) -> dict[uuid.UUID, Schema | None]:
    """Each distinct category's effective schema, once per file (None: no such category)."""
    return {category_id: await effective_schema(tx, category_id) for category_id in sorted(category_ids)}


def _json_number(value: Decimal) -> int | float:
    # attributes are stored as JSON, where the catalog API keeps numbers as numbers
    return int(value) if value == value.to_integral_value() else float(value)


def _typed(definition: AttributeOut | None, text: str, separator: Separator) -> Any:
    """The cell as the schema's type; free attributes (no schema) stay text."""
    if definition is None or definition.type in ("text", "enum"):
        return text
    if definition.type == "boolean":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("must be true or false")
    number_text = text
    if definition.unit and text.endswith(definition.unit):
        number_text = text[: -len(definition.unit)].strip()
    try:
        return _json_number(parse_decimal(number_text, separator))
    except ValueError as exc:
        unit = f" in {definition.unit}" if definition.unit else ""
        reason = str(exc) if "ambiguous" in str(exc) else f"must be a number{unit}"
        raise ValueError(reason) from None


def merge_cells(
    base: dict[str, Any], cells: dict[str, str], schema: Schema | None, separator: Separator = "."
) -> tuple[dict[str, Any], dict[str, str]]:
    """``base`` with the row's attribute cells typed and applied; errors by column."""
    known = by_code_or_label(schema)
    merged = dict(base)
    errors: dict[str, str] = {}
    for name, text in cells.items():
        definition = known.get(name)
        try:
            merged[definition.code if definition else name] = _typed(definition, text, separator)
        except ValueError as exc:
            errors[attribute_column(name)] = str(exc)
    return merged, errors


def schema_errors(
    schema: Schema, attributes: dict[str, Any], cells: dict[str, str], json_given: bool
) -> dict[str, str]:
    """The catalog validator's verdict, by the file column the user has to fix."""
    found: dict[str, str] = {}
    column_of = {
        definition.code: name for name in cells if (definition := by_code_or_label(schema).get(name))
    }
    for error in check_attributes(schema, attributes):
        code = error["field"].removeprefix("attributes.")
        if code in column_of:
            found.setdefault(attribute_column(column_of[code]), error["message"])
        elif json_given and code not in cells:  # one JSON cell holds them all: name the attribute
            found.setdefault("attributes", f"{code}: {error['message']}")
        else:
            found.setdefault(attribute_column(code), error["message"])
    return found
