# SPDX-License-Identifier: MIT
"""Hostile collection-code payloads at the station: each gets a problem, none changes any data."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import text

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.collection_code import CodeProblem, make_code
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings

pytestmark = pytest.mark.db


def hostile_payloads() -> list[object]:
    rng = random.Random(20261128)
    good = demo_codes()[0]
    cases: list[object] = [
        "",
        " ",
        "\t\n",
        "\x00",
        "\x1b[2J",
        "%s%s%s%n",
        "{}",
        "[]",
        "null",
        "true",
        "0",
        "'; DROP TABLE students; --",
        '" OR 1=1 --',
        "<img src=x onerror=alert(1)>",
        "../../etc/passwd",
        "C:\\Windows\\system32",
        "\u202e" + good,
        good + "\u200b",
        good[:-1],
        good + "0",
        good.replace("JS", "J5"),
        "JS" + "0" * 14,
        make_code("JS", "99999", 1),  # another school's valid code
        make_code("JS", "32001", 99_999_999),  # this school, not in the roster
        json.dumps({"code": None}),
        json.dumps({"code": [good]}),
        json.dumps({"id": good}),
        "{" * 10_000,
        "[" * 10_000 + "]" * 10_000,
        "https://a.invalid/?code=",
        "ftp://x/?code=" + good + "&code=" + good,
        "data:text/plain;base64,SlMz",
        "😀" * 50,
        "Ａ" * 3000,
        "A" * 2049,
        good * 200,
        b"\xff" * 64,
        bytes(range(256)),
        "=cmd|' /C calc'!A0",
        "+1+1",
        "@SUM(1+1)",
        "\r\n" * 100,
    ]
    alphabet = 'JS0123456789X-{}[]":,/?=&%\\ \u3000中文ＡＢＣ\x00\x7f\u202e'
    for _ in range(120):
        n = rng.choice([1, 5, 15, 16, 17, 40, 300])
        cases.append("".join(rng.choice(alphabet) for _ in range(n)))
    for _ in range(40):
        cases.append(bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 16, 64, 512]))))
    return cases


def _row_counts(station) -> dict[str, int]:  # noqa: ANN001
    with station.db.session() as s:
        return {
            t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()  # noqa: S608
            for t in ("students", "collection_codes", "attempts", "drafts", "uploads", "outbox")
        }


def test_hostile_payloads_get_a_problem_and_change_nothing(tmp_path: Path, db_url: str) -> None:
    station = open_station(
        tmp_path, settings=StationSettings(db_url=db_url), clock=FakeClock(), demo=True
    )
    try:
        before = _row_counts(station)
        cases = hostile_payloads()
        assert len(cases) >= 200
        seen: set[CodeProblem] = set()
        for payload in cases:
            check = station.capture.verify_code(payload)  # type: ignore[arg-type]
            assert check.student is None, repr(payload)[:80]
            assert check.problem is not None
            seen.add(check.problem)
        assert {
            CodeProblem.EMPTY,
            CodeProblem.MALFORMED,
            CodeProblem.OTHER_SCHOOL,
            CodeProblem.UNKNOWN,
        } <= seen
        assert _row_counts(station) == before
        # The station still works after all of it.
        assert station.capture.verify_code(demo_codes()[0]).student is not None
    finally:
        station.close()


def test_expired_code_is_told_apart(tmp_path: Path, db_url: str) -> None:
    clock = FakeClock()
    station = open_station(
        tmp_path, settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        code = make_code("JS", "32001", 500)
        from tucai_desk.store.students import StudentRepository

        StudentRepository(station.db).add_student(
            station.school.id,
            student_no="2023999999",
            name="过期",
            code=code,
            expires_at=clock.now().replace(year=clock.now().year - 1),
        )
        assert station.capture.verify_code(code).problem is CodeProblem.EXPIRED
    finally:
        station.close()
