"""The upload checks of RFQ files: the types the issue names, their first bytes, the size."""

from __future__ import annotations

import io

import pytest

from hansa.rfq.requests.errors import InvalidFile
from hansa.rfq.requests.service import Upload, check_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("application/pdf", b"%PDF-1.7\n"),
        ("image/png", b"\x89PNG\r\n\x1a\n...."),
        ("image/jpeg", b"\xff\xd8\xff\xe0...."),
        ("image/webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        ("image/vnd.dwg", b"AC1032\x00\x00\x00"),
        (XLSX, b"PK\x03\x04...."),
        ("text/csv", b"sku;quantity\nA;1\n"),
    ],
)
def test_the_named_types_pass(content_type: str, content: bytes) -> None:
    assert check_file(Upload("f", content_type, io.BytesIO(content)), 1_000) == len(content)


@pytest.mark.parametrize(
    ("content_type", "content", "code"),
    [
        ("text/html", b"<html>", "rfq.content_type"),
        ("application/pdf", b"<html>", "rfq.content_mismatch"),
        ("image/webp", b"RIFF\x10\x00\x00\x00AVI ", "rfq.content_mismatch"),
        ("image/vnd.dwg", b"MZ\x90\x00", "rfq.content_mismatch"),
        ("text/csv", b"a\x00b", "rfq.content_mismatch"),
        ("application/pdf", b"", "rfq.invalid_file"),
        ("application/pdf", b"%PDF-" + b"x" * 2_000, "rfq.too_large"),
    ],
)
def test_other_files_are_refused_naming_the_file(content_type: str, content: bytes, code: str) -> None:
    with pytest.raises(InvalidFile) as refused:
        check_file(Upload("f", content_type, io.BytesIO(content)), 1_000)
    assert refused.value.code == code and refused.value.errors[0]["field"] == "file"
