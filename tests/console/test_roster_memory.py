# SPDX-License-Identifier: MIT
"""A roster that lies about its size is read in bounded memory, or refused with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tucai_desk.commands.console_texts import roster_error
from tucai_desk.services.roster_files import RosterError, read_table

from .conftest import HEADER, roster_row

ROWS = 40_000
LIMIT_MB = 300

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'  # noqa: E501
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'  # noqa: E501
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'  # noqa: E501
        "</Relationships>"
    ),
}


def _row_xml(n: int, cells: list[str]) -> str:
    inner = "".join(
        f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for i, v in enumerate(cells)
    )
    return f'<row r="{n}">{inner}</row>'


def hostile_xlsx(path: Path, rows: int = ROWS) -> Path:
    """A roster whose sheet claims 16,384 columns (A1:XFD…): small on disk, huge if believed."""
    body = [_row_xml(1, HEADER)]
    body += [_row_xml(i + 1, roster_row(i)) for i in range(1, rows + 1)]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:XFD{rows + 1}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


READER = textwrap.dedent(
    """
    import json, sys, tracemalloc
    try:
        import resource  # a hard ceiling, so a regression fails instead of taking the machine
        cap = 1536 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    from pathlib import Path
    from tucai_desk.core.roster_rows import RowValidator
    from tucai_desk.services.roster_files import read_table

    tracemalloc.start()
    validator = RowValidator(None)
    widest = 0

    def check(header, line, cells):
        global widest
        widest = max(widest, len(cells))
        validator.add(line, cells, header)

    try:
        table = read_table(Path(sys.argv[1]), sink=check)  # as the import preview reads it
        checked = validator.result()
    except MemoryError:
        print(json.dumps({"memory_error": True}))
        raise SystemExit(0)
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"rows": table.row_count, "good": len(checked.rows), "widest": widest,
                      "peak_mb": peak / 1048576}))
    """
)


@pytest.mark.timeout(1200)  # openpyxl reads 40,000 rows: about 40 s of CPU
def test_an_xlsx_claiming_16384_columns_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = hostile_xlsx(tmp_path / "炸弹.xlsx")
    assert path.stat().st_size < 3 * 1024 * 1024  # small on disk
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path)],
        capture_output=True,
        text=True,
        timeout=1100,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not result.get("memory_error"), "the claimed 16,384 columns were allocated"
    assert result["rows"] == ROWS and result["good"] > 0
    assert result["widest"] == len(HEADER)
    assert result["peak_mb"] < LIMIT_MB, result


def test_an_xlsx_whose_parts_lie_about_their_size_is_refused_with_a_message(
    tmp_path: Path,
) -> None:
    path = hostile_xlsx(tmp_path / "真.xlsx", rows=50)
    # Rewrite the sheet's declared size (local header and central directory) to a smaller one.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    true_size = info.file_size.to_bytes(4, "little")
    fake_size = (info.file_size // 4).to_bytes(4, "little")
    count = data.count(true_size)
    assert count >= 2
    data = bytearray(bytes(data).replace(true_size, fake_size))
    lying = tmp_path / "谎报.xlsx"
    lying.write_bytes(bytes(data))
    with pytest.raises(RosterError) as caught:
        read_table(lying)
    assert caught.value.code == "size_lies"
    assert "大小" in roster_error(caught.value.code, caught.value.params)
