"""Development-only routes: the mails the file mailer wrote, so sign-up works end
to end without an SMTP server. Registered only when HANSA_ENV=development and no
HANSA_SMTP_URL is set; never in production."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter

from hansa.core.mail import list_dev_mail
from hansa.core.resources import Resources


class DevMailOut(msgspec.Struct, frozen=True):
    id: str
    to: str
    subject: str
    date: str
    body: str


class DevController(Controller):
    path = "/api/v1/dev"
    tags = ["development"]

    @get("/mail", summary="Mails written under HANSA_DATA_DIR/mail, newest first (development only)")
    async def mail(
        self,
        resources: NamedDependency[Resources],
        to: FromQuery[str | None] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    ) -> list[DevMailOut]:
        found = list_dev_mail(resources.settings.data_dir, limit=limit, to=to)
        return [DevMailOut(id=m.id, to=m.to, subject=m.subject, date=m.date, body=m.body) for m in found]
