"""Piccolo tables of the media domain: product images and documents, their
renditions and per-buyer visibility, in each tenant schema (found through
search_path). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, BigInt, Char, Integer, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class Media(Table, tablename="media", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    product_id = UUID()
    kind = Text()
    filename = Text()
    content_type = Text()
    size = BigInt()
    sha256 = Char(length=64)
    storage_key = Text()
    position = Integer()
    title = Text(null=True)
    visibility = Text()
    created_at = Timestamptz()
    rendition_state = Text()


class MediaVisibilityBuyer(Table, tablename="media_visibility_buyer", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("media_id", "buyer_org_id")

    media_id = UUID(primary_key=True)
    buyer_org_id = UUID()


class MediaRendition(Table, tablename="media_rendition", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("media_id", "size")

    media_id = UUID(primary_key=True)
    size = Integer()
    storage_key = Text()
    content_type = Text()
    width = Integer()
    height = Integer()
    bytes = BigInt()
    sha256 = Char(length=64)
    created_at = Timestamptz()
