"""Isolation checks of search (merged by tests/identity/test_isolation.py): a supplier's
slug is no marketplace, and the operator's synonyms are not an organisation's."""

from __future__ import annotations

import uuid

from tests.isolation import CallTable, calls, one

CALLS: CallTable = {
    ("GET", "/api/v1/marketplaces/{slug:str}/search"): (
        calls(
            one("GET", lambda w: f"/api/v1/marketplaces/{w.victim_pending_slug}/search?q=bolt"),
            one(
                "GET",
                lambda w: (
                    f'/api/v1/marketplaces/{w.victim_pending_slug}/search?filters={{"supplier":'
                    f'["{w.victim_pending_slug}"]}}'
                ),
            ),
        ),
        {404},
    ),
    ("GET", "/api/v1/marketplaces/{slug:str}/suggest"): (
        one("GET", lambda w: f"/api/v1/marketplaces/{w.victim_pending_slug}/suggest?q=bo"),
        {404},
    ),
    ("GET", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/synonyms"): (
        one("GET", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/synonyms"),
        {404},
    ),
    ("PUT", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/synonyms"): (
        one(
            "PUT",
            lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/synonyms",
            lambda w: {"groups": [["inox", "stainless"]]},
        ),
        {404},
    ),
}
