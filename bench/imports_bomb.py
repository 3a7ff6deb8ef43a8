"""XLSX bomb benchmark: hostile workbooks are refused in seconds with bounded memory.

    python -m bench.imports_bomb            # the 1 GiB shared-strings bomb and a 20-million-cell row
    python -m bench.imports_bomb --quick    # 64 MiB and 2 million cells (smoke run)

Four workbooks are written to a temporary directory, streamed so this process never
holds them expanded:

1. *shared strings*: one shared string of 1 GiB of ``A`` (the zip is about 1 MB);
2. *wide row*: a sheet whose first row has 20 million cells (inline strings);
3. and 4. the same kinds at 200 MiB expanded, under the uncompressed bound: the streaming
   reader has to stop them (a cell's text, a row's cells are bounded as they arrive).

Each is read by a fresh Python process (the worker's role) with the import's own
reader and default limits (``parsing.read_sheet``, what ``imports.process`` calls);
the child reports how long until the refusal and its peak RSS (``ru_maxrss``).
Targets: refused in < 5 s, peak RSS < 500 MB. Results: ``bench/results/imports_bomb.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from bench.common import RESULTS_DIR, Target, overall, print_table, write_results

GIB = 1024 * 1024 * 1024
UNDER_BOUND_BYTES = 200 * 1024 * 1024  # below parsing.Limits.max_uncompressed_bytes (256 MiB)
TARGET_SECONDS = 5.0
TARGET_RSS_MB = 500.0
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL_NS}"><sheets>'
        '<sheet name="products" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
_CHUNK = 1024 * 1024


def write_bomb(out: IO[bytes], *, string_bytes: int = 0, row_cells: int = 0) -> None:
    """A minimal XLSX: header ``sku;product_name``, one row whose name is a shared string of
    ``string_bytes`` x ``A``; with ``row_cells``, the header row has that many cells instead."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in _PARTS.items():
            book.writestr(name, text)
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}><si><t>sku</t></si>'.encode())
            part.write(b"<si><t>product_name</t></si><si><t>A-1</t></si><si><t>")
            for start in range(0, string_bytes, _CHUNK):
                part.write(b"A" * min(_CHUNK, string_bytes - start))
            part.write(b"</t></si></sst>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData><row r="1">'.encode()
            )
            if row_cells:
                cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
                for start in range(0, row_cells, 10_000):
                    part.write(cell * min(10_000, row_cells - start))
            else:
                part.write(b'<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>')
            part.write(b'</row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>')
            part.write(b"</sheetData></worksheet>")


def bomb_bytes(*, string_bytes: int = 0, row_cells: int = 0) -> bytes:
    out = io.BytesIO()
    write_bomb(out, string_bytes=string_bytes, row_cells=row_cells)
    return out.getvalue()


_CHILD = """
import json, resource, sys, time
from hansa.marketplace.imports.parsing import FileUnreadable, read_sheet
content = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    read_sheet(content, "xlsx")
    outcome = "read"
except FileUnreadable as exc:
    outcome = "refused: " + str(exc)
elapsed = time.monotonic() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": round(elapsed, 3), "peak_rss_mb": round(rss_mb, 1), "outcome": outcome}))
"""


def measure(path: Path) -> dict[str, Any]:
    """Read ``path`` in a fresh process (the worker's role): time to the verdict, peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True, timeout=600
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports_bomb", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="64 MiB and 2 million cells")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    string_bytes = 64 * 1024 * 1024 if args.quick else GIB
    row_cells = 2_000_000 if args.quick else 20_000_000
    started_at = datetime.now(UTC)
    results: dict[str, Any] = {}
    targets: list[Target] = []
    with tempfile.TemporaryDirectory() as folder:
        # the first two exceed the uncompressed bound and are refused before any part is opened;
        # the last two stay under it, so the streaming reader itself must stop them early
        for name, params in (
            ("shared_strings", {"string_bytes": string_bytes}),
            ("wide_row", {"row_cells": row_cells}),
            ("shared_strings_under_bound", {"string_bytes": UNDER_BOUND_BYTES}),
            ("wide_row_under_bound", {"row_cells": UNDER_BOUND_BYTES // 40}),
        ):
            path = Path(folder) / f"{name}.xlsx"
            with path.open("wb") as out:
                write_bomb(out, **params)
            measured = measure(path)
            measured["file_bytes"] = path.stat().st_size
            measured["parameters"] = params
            results[name] = measured
            refused = measured["outcome"].startswith("refused")
            targets.append(
                Target.below(
                    f"{name}: refused after", measured["seconds"] if refused else None, TARGET_SECONDS, "s"
                )
            )
            targets.append(
                Target.below(f"{name}: worker peak RSS", measured["peak_rss_mb"], TARGET_RSS_MB, "MB")
            )
            print(f"{name}: {json.dumps(measured)}")
    out_path = args.out or RESULTS_DIR / ("imports_bomb-quick.json" if args.quick else "imports_bomb.json")
    write_results(
        out_path,
        benchmark="imports_bomb",
        parameters={"string_bytes": string_bytes, "row_cells": row_cells},
        results=results,
        targets=targets,
        database={},
        started_at=started_at,
    )
    print_table("XLSX bombs", [(t.metric, f"{t.value} {t.unit}", t.target, t.passed) for t in targets])
    return 0 if overall(targets) else 1


if __name__ == "__main__":
    sys.exit(main())
