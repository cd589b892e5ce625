# SPDX-License-Identifier: MIT
"""Reading a roster file (CSV or XLSX) into rows of cells, refusing anything that is not a table.

The file is hostile input: its size is capped before it is read, the text encoding is detected
with ``charset-normalizer`` among the encodings Chinese rosters come in (UTF-8 with or without a
BOM, GBK/GB18030, UTF-16 from Excel's "Unicode text"), an XLSX is checked as a ZIP (no bombs)
before ``openpyxl`` reads it in read-only mode, and every failure becomes a :class:`RosterError`
with a code the UI and the command line turn into a message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from tucai_desk.core.roster_rows import (
    CHINESE_HEADER,
    HeaderMap,
    HeaderProblem,
    header_score,
    map_header,
)

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 300_000
MAX_UNPACKED = 400 * 1024 * 1024  # an XLSX's content when unzipped (XML is verbose)
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common
_ENCODINGS = ["utf_8", "gb18030", "utf_16"]
_CODECS = {"utf_8": "utf-8-sig", "gb18030": "gb18030", "utf_16": "utf-16"}
_DELIMITERS = (",", "\t", ";")

Progress = Callable[[str, int, int], None]
# Receives each body row as it is read (header, line, cells): the file's rows are then never held.
RowSink = Callable[[HeaderMap, int, tuple[object, ...]], None]


class RosterError(RuntimeError):
    """The import cannot go on. ``code`` names the reason, ``params`` fill the message.

    Codes: file_missing, read_failed, too_large, empty, not_a_table, unreadable_encoding, old_xls,
    broken_xlsx, size_lies, bad_csv, too_many_rows, no_header, missing_columns, duplicate_columns,
    no_rows, no_school, has_bad_rows, changed_since_preview, write_failed, not_allowed.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class RawTable:
    file_format: str  # csv | xlsx
    encoding: str | None
    sha256: str
    header: HeaderMap
    header_line: int
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (line, cells), blank rows left out
    row_count: int = 0  # body rows read (also when they went to a sink instead of ``rows``)


def cell_text(value: object) -> object:
    """A spreadsheet cell as text; numbers without a spurious ``.0`` (a 学号 typed as a number)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_table(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
    sink: RowSink | None = None,
) -> RawTable:
    """Read the table; with ``sink`` each row goes there as it is read (constant memory)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise RosterError("file_missing") from exc
    except OSError as exc:
        raise RosterError("read_failed") from exc
    if not path.is_file():
        raise RosterError("file_missing")
    if size > max_bytes:
        raise RosterError(
            "too_large", size_mb=round(size / 1048576, 1), limit_mb=round(max_bytes / 1048576, 1)
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError("read_failed") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise RosterError(
            "too_large",
            size_mb=round(len(data) / 1048576, 1),
            limit_mb=round(max_bytes / 1048576, 1),
        )
    if not data.strip():
        raise RosterError("empty")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):
        rows: Iterator[tuple[int, tuple[object, ...]]] = _xlsx_rows(data)
        fmt, encoding = "xlsx", None
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError("old_xls")
    else:
        text, encoding = _decode(data)
        rows = _csv_rows(text)
        fmt = "csv"
    return _collect(rows, fmt, encoding, digest, progress, sink)


def _decode(data: bytes) -> tuple[str, str]:
    has_utf16_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:65536] and not has_utf16_bom:
        raise RosterError("not_a_table")
    best = from_bytes(data, cp_isolation=_ENCODINGS).best()
    if best is None or best.encoding not in _CODECS:
        raise RosterError("not_a_table")
    codec = _CODECS[best.encoding]
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RosterError("unreadable_encoding") from exc
    return text, "utf-8" if codec == "utf-8-sig" else codec


def _csv_rows(text: str) -> Iterator[tuple[int, tuple[object, ...]]]:
    first_lines = [ln for ln in text[:65536].splitlines()[:HEADER_SEARCH_ROWS] if ln.strip()]
    delimiter = max(
        _DELIMITERS,
        key=lambda d: max((header_score(ln.split(d)) for ln in first_lines), default=0),
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        for record in reader:
            yield reader.line_num, tuple(record)
    except csv.Error as exc:
        raise RosterError("bad_csv", line=reader.line_num + 1) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RosterError("broken_xlsx") from exc
    if "xl/workbook.xml" not in names:
        raise RosterError("broken_xlsx")
    if unpacked > MAX_UNPACKED:
        raise RosterError("broken_xlsx")
    _check_true_sizes(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same
        raise RosterError("broken_xlsx") from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise RosterError("empty")
        # The sheet's <dimension> is the file's own claim about its size, and openpyxl pads every
        # row to it: a claim of 16,384 columns turns each row into a 16,384-cell tuple. Ignore it;
        # rows then hold the cells they really have, and _collect keeps only the header's columns.
        sheet.reset_dimensions()
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, tuple(cell_text(v) for v in values)
    except RosterError:
        raise
    except Exception as exc:  # a damaged sheet fails only while it is read
        raise RosterError("broken_xlsx") from exc
    finally:
        book.close()


def _check_true_sizes(data: bytes) -> None:
    """Unpack each part in chunks, counting: a part larger than its entry claims (a ZIP that lies
    about its size) or larger than the limit is refused before anything parses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                seen = 0
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        seen += len(chunk)
                        if seen > info.file_size or seen > MAX_UNPACKED:
                            raise RosterError("size_lies")
    except RosterError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        # zipfile stops at the claimed size and checks the CRC there: a lie shows up as a bad CRC.
        lie = any(word in str(exc).lower() for word in ("size", "crc"))
        raise RosterError("size_lies" if lie else "broken_xlsx") from exc


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _width(header: Sequence[object]) -> int:
    """The header's width: up to its last non-blank cell."""
    return max((i + 1 for i, c in enumerate(header) if not _blank((c,))), default=0)


def _check_header(header: HeaderMap) -> None:
    if header.problem is HeaderProblem.NO_HEADER:
        raise RosterError("no_header")
    if header.problem is HeaderProblem.MISSING_COLUMNS:
        raise RosterError(
            "missing_columns", columns="、".join(CHINESE_HEADER[c] for c in header.missing)
        )
    if header.problem is HeaderProblem.DUPLICATE_COLUMNS:
        raise RosterError("duplicate_columns", columns="、".join(header.duplicates))


def _collect(
    rows: Iterator[tuple[int, tuple[object, ...]]],
    fmt: str,
    encoding: str | None,
    digest: str,
    progress: Progress | None,
    sink: RowSink | None = None,
) -> RawTable:
    header: HeaderMap | None = None
    header_line = 0
    width = 0  # the header's columns: cells beyond them are dropped as each row is read
    candidates: list[tuple[int, tuple[object, ...]]] = []
    body: list[tuple[int, tuple[object, ...]]] = []
    count = 0

    def take(line: int, cells: tuple[object, ...]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ROWS:
            raise RosterError("too_many_rows", limit=MAX_ROWS)
        if sink is not None and header is not None:
            sink(header, line, cells[:width])
        else:
            body.append((line, cells[:width]))
        if progress is not None and count % 10000 == 0:
            progress("read", count, 0)

    def choose() -> None:
        nonlocal header, header_line, width
        best_line, best = max(candidates, key=lambda c: header_score(c[1]))
        if header_score(best) == 0:
            raise RosterError("no_header")
        header, header_line, width = map_header(best), best_line, _width(best)
        _check_header(header)
        for n, c in candidates:
            if n > best_line:
                take(n, c)

    for line, cells in rows:
        if _blank(cells):
            continue
        if header is None:
            candidates.append((line, cells))
            if header_score(cells) >= 3 or len(candidates) >= HEADER_SEARCH_ROWS:
                choose()
            continue
        take(line, cells)
    if header is None:
        if not candidates:
            raise RosterError("empty")
        choose()
    if not count:
        raise RosterError("no_rows")
    log.info("roster file read: %s, %s, %d rows", fmt, encoding or "-", count)
    assert header is not None
    return RawTable(fmt, encoding, digest, header, header_line, tuple(body), count)
