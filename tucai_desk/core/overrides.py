# SPDX-License-Identifier: MIT
"""Staff overrides of a photo's verdict: a head covering worn for religious reasons.

An admin may allow a student's religious head covering (with a reason, audited). While that is
granted, a photo whose *only* failures are ``head_cover`` passes: the failure becomes a warning
marked :data:`STAFF_ALLOWED`, so the record still says what the check saw. Any other failure
keeps the photo failed.
"""

from __future__ import annotations

from dataclasses import replace

from tucai_desk.core.checks import CheckCode, Outcome, Verdict

STAFF_ALLOWED = "staff_allowed"


def only_head_cover_fails(verdict: Verdict) -> bool:
    failures = verdict.failures
    return bool(failures) and all(r.code is CheckCode.HEAD_COVER for r in failures)


def allow_head_cover(verdict: Verdict) -> Verdict:
    """The verdict with its ``head_cover`` failures turned into staff-allowed warnings (the
    verdict unchanged when anything else failed too)."""
    if not only_head_cover_fails(verdict):
        return verdict
    return Verdict(
        tuple(
            replace(r, outcome=Outcome.WARN, detail=STAFF_ALLOWED)
            if r.code is CheckCode.HEAD_COVER and r.outcome is Outcome.FAIL
            else r
            for r in verdict.results
        )
    )


def clothing_extended(verdict: Verdict) -> bool:
    """Production painted clothing the camera did not see (its warning, or a failure)."""
    return any(
        r.code is CheckCode.CLOTHING_EXTENDED and r.outcome is not Outcome.PASS
        for r in verdict.results
    )
