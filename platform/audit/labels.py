"""How the audit names actors and targets at write time, without reading other domains' tables.

A caller passes ``label=`` where it has the target's name at hand. Otherwise the domain
that owns the target type registers how to name one (``register_labels``, in its ``tasks``
module: ``discover_jobs`` imports those in the app, the worker and the CLI); identity
registers how to name a user (``register_user_names``). A target type nobody registered
gets no label; a user without registered names fails loudly.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping

from hansa.core.db import Tx

# the target's label now (None when it is gone)
Label = Callable[[Tx, uuid.UUID], Awaitable[str | None]]
# a user's name and e-mail now (None when the user is gone)
UserNames = Callable[[Tx, uuid.UUID], Awaitable[tuple[str, str] | None]]

_labels: dict[str, Label] = {}
_user_names: list[UserNames] = []


def register_labels(labels: Mapping[str, Label]) -> None:
    """``labels``: target type -> how the owning domain names one."""
    _labels.update(labels)


def register_user_names(names: UserNames) -> None:
    _user_names[:] = [names]


def label_for(target_type: str) -> Label | None:
    return _labels.get(target_type)


def user_names() -> UserNames:
    if not _user_names:
        raise RuntimeError("no UserNames registered: discover_jobs() imports hansa.identity.auth.tasks")
    return _user_names[0]
