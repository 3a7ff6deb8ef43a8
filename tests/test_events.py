"""Each domain declares its event names in its ``events.py`` and emits only those: another
domain's event is emitted through the owner's service (``catalog.product_media_changed``)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.fixtures.architecture import PLATFORM, domain_of


def _emitted_names(tree: ast.AST) -> set[str]:
    """The constant names given as ``emit(tx, NAME, ...)``."""
    return {
        node.args[1].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "emit"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Name)
    }


def _imported_from(tree: ast.AST) -> dict[str, str]:
    return {
        alias.asname or alias.name: node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def foreign_emits(root: Path = PLATFORM) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text())
        sources = _imported_from(tree)
        own = f"hansa.{domain_of(path, root)}.events"
        for name in sorted(_emitted_names(tree)):
            source = sources.get(name)
            if source is not None and source != own:
                found.append(f"{path.relative_to(root).as_posix()}: {name} from {source}")
    return found


def test_every_domain_emits_its_own_events() -> None:
    assert foreign_emits() == []


def test_the_scan_sees_another_domains_event(tmp_path: Path) -> None:
    module = tmp_path / "marketplace" / "media" / "service.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from hansa.marketplace.catalog.events import PRODUCT_CHANGED\n"
        "from hansa.marketplace.media.events import MAKE_RENDITIONS\n"
        "async def f(tx):\n"
        "    await emit(tx, PRODUCT_CHANGED)\n"
        "    await emit(tx, MAKE_RENDITIONS)\n"
    )
    assert foreign_emits(tmp_path) == [
        "marketplace/media/service.py: PRODUCT_CHANGED from hansa.marketplace.catalog.events"
    ]
