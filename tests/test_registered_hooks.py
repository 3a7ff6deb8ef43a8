"""The hooks by which a higher domain serves a lower one are registered wherever the lower
one runs: every process imports the job modules (``discover_jobs``) and orgs' service."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
from hansa.core.jobs import discover_jobs
discover_jobs()
from hansa.identity.auth.organisations import organisations
from hansa.marketplace.catalog.extensions import product_files
from hansa.marketplace.media import cleanup, service
files = product_files()
assert files is not None and files.forget is cleanup.forget_product_files
assert files.thumbnails is service.own_thumbnails
organisations()
from hansa.notifications.directory import people
people()
from hansa.audit.labels import label_for, user_names
user_names()
for target_type in ("user", "api_key", "organisation", "invitation", "tenant", "marketplace", "category",
                    "marketplace_listing"):
    assert label_for(target_type) is not None, target_type
from hansa.core import retention
from hansa.tenants.service import live_tenant_ids
assert retention._LIVE_TENANTS == [live_tenant_ids]
print("ok")
"""


def test_a_fresh_process_that_discovers_the_jobs_has_every_hook() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
