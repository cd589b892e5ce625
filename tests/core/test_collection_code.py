# SPDX-License-Identifier: MIT
"""Collection codes: every payload, however hostile, parses or gives a typed problem."""

from __future__ import annotations

import json

import pytest

from tucai_desk.core.collection_code import (
    CodeFormatError,
    CodeProblem,
    make_code,
    parse_code,
)

GOOD = make_code("JS", "32001", 7)


def test_made_code_round_trips() -> None:
    parsed = parse_code(GOOD)
    assert parsed.code == GOOD
    assert parsed.school_code == "32001"


@pytest.mark.parametrize(
    "payload",
    [
        f"  {GOOD.lower()}  ",
        f"{GOOD[:2]}-{GOOD[2:7]}-{GOOD[7:]}",
        json.dumps({"code": GOOD, "name": "张*"}),
        f"https://example.invalid/scan?code={GOOD}&x=1",
        "".join(chr(ord(c) + 0xFEE0) for c in GOOD),  # full-width characters from an input method
        GOOD.encode(),
    ],
)
def test_accepted_forms(payload: object) -> None:
    assert parse_code(payload).code == GOOD


def test_a_single_wrong_digit_is_caught_by_the_check_character() -> None:
    wrong = GOOD[:-3] + str((int(GOOD[-3]) + 1) % 10) + GOOD[-2:]
    with pytest.raises(CodeFormatError) as err:
        parse_code(wrong)
    assert err.value.problem is CodeProblem.MALFORMED


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ("", CodeProblem.EMPTY),
        ("   \n", CodeProblem.EMPTY),
        (None, CodeProblem.MALFORMED),
        (12345, CodeProblem.MALFORMED),
        ("A" * 100_000, CodeProblem.MALFORMED),
        ("JS3200100000012\x00", CodeProblem.MALFORMED),
        ("'; DROP TABLE students; --", CodeProblem.MALFORMED),
        ('{"code": 5}', CodeProblem.MALFORMED),
        ('{"code": ' * 5000, CodeProblem.MALFORMED),
        ("[1, 2, 3]", CodeProblem.MALFORMED),
        ("http://[::1", CodeProblem.MALFORMED),
        ("https://x.invalid/?code=a&code=b", CodeProblem.MALFORMED),
        (b"\xff\xfe\x00binary", CodeProblem.MALFORMED),
        ("\u202eJS32001000000071", CodeProblem.MALFORMED),
        ("ＪＳ３２００１", CodeProblem.MALFORMED),
        ("<script>alert(1)</script>", CodeProblem.MALFORMED),
    ],
)
def test_hostile_payloads_give_a_problem_not_a_crash(payload: object, problem: CodeProblem) -> None:
    with pytest.raises(CodeFormatError) as err:
        parse_code(payload)
    assert err.value.problem is problem
