"""What catalog asks of the domains that attach things to its products, without importing them.

Media attaches files to products and so depends on catalog; catalog, to show a list's
thumbnails and to have a deleted draft's stored files removed, calls the ``ProductFiles``
that media registers when its job module is imported (``discover_jobs``: the app, the
worker and the CLI). Unregistered, lists have no thumbnails and a deleted product's files
are left to media's periodic orphan sweep.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hansa.core.db import Tx


@dataclass(frozen=True, slots=True)
class ProductFiles:
    """``thumbnails(tx, slug, product_ids)``: a thumbnail URL per product (any visibility: the
    supplier's own view), one query for a page; ``forget(tx, tenant_id, product_id)``: before a
    product's rows go, have its stored files deleted once ``tx`` commits."""

    thumbnails: Callable[[Tx, str, list[uuid.UUID]], Awaitable[dict[uuid.UUID, str]]]
    forget: Callable[[Tx, uuid.UUID, uuid.UUID], Awaitable[None]]


_registered: list[ProductFiles] = []


def register_product_files(files: ProductFiles) -> None:
    """Set the product files hook (registering again replaces it)."""
    _registered[:] = [files]


def product_files() -> ProductFiles | None:
    return _registered[0] if _registered else None
