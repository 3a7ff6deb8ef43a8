"""Every error code is ``<domain>.<reason>``, one class per condition."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections import Counter
from functools import cache
from pathlib import Path

import hansa
from hansa.core.errors import HansaError

CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
PLATFORM = Path(next(iter(hansa.__path__)))


def _every_subclass(cls: type[HansaError]) -> set[type[HansaError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _every_subclass(sub)
    return found


@cache
def _error_classes() -> set[type[HansaError]]:
    for module in pkgutil.walk_packages(hansa.__path__, "hansa."):
        if ".migrations" not in module.name and module.name != "hansa.__main__":
            importlib.import_module(module.name)
    return {HansaError, *_every_subclass(HansaError)}


def test_every_error_class_code_is_domain_dot_reason() -> None:
    classes = _error_classes()
    assert len(classes) > 50
    wrong = {
        f"{c.__module__}.{c.__name__}": c.default_code for c in classes if not CODE.match(c.default_code)
    }
    assert wrong == {}


def test_one_class_per_code() -> None:
    counts = Counter(c.default_code for c in _error_classes())
    assert [code for code, n in counts.items() if n > 1] == []


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal_codes(path: Path) -> list[tuple[int, str]]:
    """``code="..."`` keyword arguments of error constructions written in ``path`` (a call of
    a ``HansaError`` subclass, or any call of a name ending in ``Error``)."""
    errors = {cls.__name__ for cls in _error_classes()}
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name not in errors and not name.endswith("Error"):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg == "code" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.append((node.lineno, value.value))
    return found


def test_every_code_given_at_a_raise_is_domain_dot_reason() -> None:
    given = [(path, line, code) for path in PLATFORM.rglob("*.py") for line, code in _literal_codes(path)]
    assert len(given) > 10
    assert [
        f"{path.relative_to(PLATFORM)}:{line} {code}" for path, line, code in given if not CODE.match(code)
    ] == []
