"""Piccolo table of the permissions domain: pycasbin's rules (public schema).
DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import BigSerial, Text
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class CasbinRule(Table, tablename="casbin_rule", schema="public", db=PICCOLO_ENGINE):
    id = BigSerial(primary_key=True)
    ptype = Text()
    v0 = Text()
    v1 = Text()
    v2 = Text()
    v3 = Text()
    v4 = Text()
    v5 = Text()
