# SPDX-License-Identifier: MIT
"""Benchmarks of the staff console: student lookup on a big roster, and a big roster import.

Both run on a throwaway SQLite database in a temporary folder and return a dict (``bench all``
combines them); the command line prints it.
"""

from __future__ import annotations

import csv
import io
import logging
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from tucai_desk.core.collection_code import make_code
from tucai_desk.core.roster_rows import CHINESE_HEADER, Column

log = logging.getLogger(__name__)

LOOKUP_GOAL_P95_MS = 10.0
IMPORT_GOAL_SECONDS = 10.0
SCHOOL_CODE = "32001"
SCHOOL_NAME = "基准测试学校"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
_GIVEN = (
    "子涵浩然欣怡宇轩梓萱俊杰雨桐思远佳琪一鸣若曦明诗天佑可馨嘉懿晨阳语嫣博文静泽梦瑶皓雅琴"
    "志强晓彤逸飞婉清"
)
_DEPTS = ("计算机学院", "机械工程学院", "外国语学院", "经济管理学院", "艺术学院", "医学院")


def _person(rng: random.Random, i: int) -> dict[str, str]:
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    dept = _DEPTS[i % len(_DEPTS)]
    return {
        "name": rng.choice(_SURNAMES[: 20 if rng.random() < 0.6 else len(_SURNAMES)]) + given,
        "student_no": f"20{20 + i % 5}{i:07d}",
        "department": dept,
        "class_name": f"{dept[:2]}{2301 + i % 40}班",
        "phone": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
        "code": make_code("JS", SCHOOL_CODE, i + 1),
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench_lookup(students: int = 200_000, queries: int = 200, seed: int = 7) -> dict[str, Any]:
    """p95 of lookups by name prefix, 学号, 采集码 and phone suffix on ``students`` students."""
    from tucai_desk.core.clock import SystemClock
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.lookup import LookupService
    from tucai_desk.store.audit_ledger import AuditLedger
    from tucai_desk.store.db import Database, sqlite_url
    from tucai_desk.store.lookup_repo import LookupRepository
    from tucai_desk.store.models import CollectionCodeRow, School, Student
    from tucai_desk.store.photos import PhotoStore
    from tucai_desk.store.staff_repo import StaffRepository

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tucai-bench-") as tmp:
        folder = Path(tmp)
        db = Database(sqlite_url(folder / "bench.db"))
        started = time.perf_counter()
        try:
            db.migrate()
            people = [_person(rng, i) for i in range(students)]
            with db.session() as s:
                s.add(
                    School(
                        code=SCHOOL_CODE,
                        name=SCHOOL_NAME,
                        fee_cents=0,
                        notice_html="",
                        precautions_html="",
                    )
                )
                s.flush()
                school_id = s.scalar(select(School.id))
                conn = s.connection()
                conn.execute(
                    insert(Student.__table__),
                    [
                        {
                            "school_id": school_id,
                            "student_no": p["student_no"],
                            "name": p["name"],
                            "department": p["department"],
                            "class_name": p["class_name"],
                            "phone": p["phone"],
                            "notify_photo": False,
                            "notify_payment": False,
                            "status": "not_started",
                        }
                        for p in people
                    ],
                )
                ids = dict(conn.execute(select(Student.student_no, Student.id)).all())
                conn.execute(
                    insert(CollectionCodeRow.__table__),
                    [{"code": p["code"], "student_id": ids[p["student_no"]]} for p in people],
                )
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
            setup_seconds = time.perf_counter() - started
            staff = StaffRepository(db, SystemClock(), "bench")
            service = LookupService(
                repo=LookupRepository(db),
                ledger=AuditLedger(db, staff),
                photos=PhotoStore(folder / "photos"),
                school_id=school_id,
                now=staff.now,
                staff_names=dict,
            )
            keys = {
                "name_prefix": lambda p: p["name"][: rng.choice((1, 2))],
                "student_no": lambda p: (
                    p["student_no"] if rng.random() < 0.7 else p["student_no"][:8]
                ),
                "code": lambda p: p["code"] if rng.random() < 0.7 else p["code"].lower(),
                "phone_suffix": lambda p: p["phone"][-rng.choice((4, 4, 6)) :],
            }
            timings: dict[str, list[float]] = {k: [] for k in keys}
            found = 0
            for _ in range(5):  # warm the page cache and the statement cache
                service.search(COMMAND_LINE, rng.choice(people)["name"][:1])
            for _ in range(queries):
                for key, make in keys.items():
                    query = make(rng.choice(people))
                    t0 = time.perf_counter()
                    hits = service.search(COMMAND_LINE, query)
                    timings[key].append((time.perf_counter() - t0) * 1000.0)
                    found += bool(hits)
        finally:
            db.dispose()
    every = [t for values in timings.values() for t in values]
    return {
        "bench": "lookup",
        "students": students,
        "queries": len(every),
        "found": found,
        "p50_ms": round(statistics.median(every), 3),
        "p95_ms": round(_percentile(every, 0.95), 3),
        "max_ms": round(max(every), 3),
        "p95_ms_by_key": {k: round(_percentile(v, 0.95), 3) for k, v in timings.items()},
        "goal_p95_ms": LOOKUP_GOAL_P95_MS,
        "setup_seconds": round(setup_seconds, 2),
    }


def roster_csv(rows: int, seed: int = 11, *, encoding: str = "utf-8-sig") -> bytes:
    """A roster CSV of ``rows`` good rows (the import benchmark and tests use it)."""
    rng = random.Random(seed)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    columns = list(Column)
    writer.writerow([CHINESE_HEADER[c] for c in columns])
    for i in range(rows):
        p = _person(rng, i)
        p["school"] = SCHOOL_NAME
        p["id_number"] = ""
        writer.writerow([p[c.value] for c in columns])
    return buf.getvalue().encode(encoding)


def bench_import(rows: int = 100_000, seed: int = 11) -> dict[str, Any]:
    """Seconds to read, check and write a roster CSV of ``rows`` rows into an empty database."""
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.console import roster_service_for
    from tucai_desk.services.settings import StationSettings
    from tucai_desk.store.db import Database, sqlite_url

    with tempfile.TemporaryDirectory(prefix="tucai-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "roster.csv"
        data = roster_csv(rows, seed)
        size = len(data)
        path.write_bytes(data)
        db = Database(sqlite_url(folder / "bench.db"))
        try:
            db.migrate()
            service = roster_service_for(db, StationSettings(station_id="bench"))
            t0 = time.perf_counter()
            preview = service.preview(COMMAND_LINE, path)
            t1 = time.perf_counter()
            result = service.apply(COMMAND_LINE, preview)
            t2 = time.perf_counter()
        finally:
            db.dispose()
    if preview.issues or result.created != rows:
        raise RuntimeError(f"benchmark roster did not import cleanly: {preview.bad_rows} bad")
    return {
        "bench": "import",
        "rows": rows,
        "bytes": size,
        "seconds": round(t2 - t0, 3),
        "read_check_seconds": round(t1 - t0, 3),
        "write_seconds": round(t2 - t1, 3),
        "rows_per_second": round(rows / max(t2 - t0, 1e-9)),
        "goal_seconds": IMPORT_GOAL_SECONDS,
    }
