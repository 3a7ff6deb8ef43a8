"""Errors of product media (problem+json through ``hansa.core.errors``)."""

from __future__ import annotations

from hansa.core.errors import BadRequest, NotFound, ValidationFailed


class MediaNotFound(NotFound):
    default_code = "media.not_found"


class InvalidMedia(ValidationFailed):
    default_code = "media.invalid"


class UnknownRenditionSize(BadRequest):
    default_code = "media.rendition_size"
