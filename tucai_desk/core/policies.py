# SPDX-License-Identifier: MIT
"""The capture rules: cooldown, liveness lock, timed lock, draft box capacity and 24-hour rule.

Pure functions over plain data; the time is always passed in (the store decides what "now" is, so a
clock set back never shortens a lock).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """Staff settings with the programme's defaults (PRODUCT.md §1)."""

    draft_capacity: int = 5
    draft_delete_after_hours: float = 24.0
    cooldown_seconds: float = 10.0
    liveness_lock_after: int = 3
    timed_lock_after: int = 5
    timed_lock_minutes: float = 30.0


@dataclass(frozen=True, slots=True)
class LockState:
    """Per-student counters and locks, persisted (see ``store``)."""

    liveness_failures: int = 0
    liveness_locked: bool = False
    other_failures: int = 0
    timed_lock_until: datetime | None = None
    cooldown_until: datetime | None = None


class BlockReason(StrEnum):
    LIVENESS_LOCKED = "liveness_locked"
    TIMED_LOCK = "timed_lock"
    DRAFT_FULL = "draft_full"
    COOLDOWN = "cooldown"


@dataclass(frozen=True, slots=True)
class CaptureBlock:
    reason: BlockReason
    until: datetime | None = None


def expire(state: LockState, now: datetime) -> LockState:
    """Drop a timed lock that has run out; its failure counter starts again (PRODUCT.md)."""
    if state.timed_lock_until is not None and now >= state.timed_lock_until:
        return replace(state, timed_lock_until=None, other_failures=0)
    return state


def capture_block(
    state: LockState, now: datetime, draft_count: int, settings: PolicySettings
) -> CaptureBlock | None:
    """Why the student may not take a photo now, if anything stops it; most serious first."""
    state = expire(state, now)
    if state.liveness_locked:
        return CaptureBlock(BlockReason.LIVENESS_LOCKED)
    if state.timed_lock_until is not None:
        return CaptureBlock(BlockReason.TIMED_LOCK, state.timed_lock_until)
    if draft_count >= settings.draft_capacity:
        return CaptureBlock(BlockReason.DRAFT_FULL)
    if state.cooldown_until is not None and now < state.cooldown_until:
        return CaptureBlock(BlockReason.COOLDOWN, state.cooldown_until)
    return None


def after_liveness_failure(state: LockState, settings: PolicySettings) -> LockState:
    failures = state.liveness_failures + 1
    return replace(
        state,
        liveness_failures=failures,
        liveness_locked=state.liveness_locked or failures >= settings.liveness_lock_after,
    )


def after_check_failure(state: LockState, now: datetime, settings: PolicySettings) -> LockState:
    """A photo failed the other checks: count it, start the cooldown, maybe start a timed lock."""
    state = expire(state, now)
    failures = state.other_failures + 1
    until = state.timed_lock_until
    if failures >= settings.timed_lock_after:
        until = now + timedelta(minutes=settings.timed_lock_minutes)
    return replace(
        state,
        other_failures=failures,
        timed_lock_until=until,
        cooldown_until=now + timedelta(seconds=settings.cooldown_seconds),
    )


def after_pass(state: LockState, now: datetime) -> LockState:
    """A passing photo resets the other-checks counter."""
    state = expire(state, now)
    return replace(state, other_failures=0, cooldown_until=None)


def staff_unlock_liveness(state: LockState) -> LockState:
    return replace(state, liveness_locked=False, liveness_failures=0)


def staff_clear_timed_lock(state: LockState) -> LockState:
    return replace(state, timed_lock_until=None, other_failures=0, cooldown_until=None)


def draft_deletable_at(saved_at: datetime, settings: PolicySettings) -> datetime:
    return saved_at + timedelta(hours=settings.draft_delete_after_hours)


def can_delete_draft(saved_at: datetime, now: datetime, settings: PolicySettings) -> bool:
    return now >= draft_deletable_at(saved_at, settings)
