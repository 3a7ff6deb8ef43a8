"""Request and response shapes of product media (images and documents)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

MediaKind = Literal["image", "document"]
Visibility = Literal["public", "signed_in", "buyers"]
RenditionState = Literal["none", "pending", "ready", "failed"]


class RenditionOut(msgspec.Struct, frozen=True):
    """A resized copy of an image: fitted into ``size`` pixels on its longest side."""

    size: int
    width: int
    height: int
    content_type: str
    url: str  # the download route with ?size=; the same visibility as the original


class MediaOut(msgspec.Struct, frozen=True):
    """A file as the supplier's own users see it."""

    id: uuid.UUID
    product_id: uuid.UUID
    kind: MediaKind
    filename: str
    content_type: str
    size: int
    sha256: str
    position: int
    visibility: Visibility
    created_at: datetime
    url: str
    title: str | None = None
    buyer_org_ids: list[uuid.UUID] = msgspec.field(default_factory=list)
    # none for documents; pending until the rendition job ran; failed if it could not decode
    rendition_state: RenditionState = "none"
    thumbnail_url: str | None = None  # the smallest rendition; null until ready: show ``url``
    renditions: list[RenditionOut] = msgspec.field(default_factory=list)


class PublicMediaOut(msgspec.Struct, frozen=True):
    """A file as a buyer or visitor sees it (never the named buyers)."""

    id: uuid.UUID
    kind: MediaKind
    filename: str
    content_type: str
    size: int
    sha256: str
    position: int
    url: str
    title: str | None = None
    thumbnail_url: str | None = None  # the smallest rendition; null until ready: show ``url``
    renditions: list[RenditionOut] = msgspec.field(default_factory=list)


class MediaPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=300)] | None = None
    clear_title: bool = False
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | None = None
    visibility: Visibility | None = None
    buyer_org_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=1000)] | None = None
