# SPDX-License-Identifier: MIT
"""The capture rules as pure functions, with the programme's default numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tucai_desk.core import policies
from tucai_desk.core.policies import BlockReason, LockState, PolicySettings

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
P = PolicySettings()


def test_three_liveness_failures_lock_until_staff_unlock() -> None:
    state = LockState()
    for _ in range(2):
        state = policies.after_liveness_failure(state, P)
        assert policies.capture_block(state, T0, 0, P) is None
    state = policies.after_liveness_failure(state, P)
    block = policies.capture_block(state, T0 + timedelta(days=30), 0, P)
    assert block is not None and block.reason is BlockReason.LIVENESS_LOCKED
    state = policies.staff_unlock_liveness(state)
    assert policies.capture_block(state, T0, 0, P) is None


def test_five_check_failures_lock_for_thirty_minutes_then_reset() -> None:
    state = LockState()
    now = T0
    for i in range(4):
        state = policies.after_check_failure(state, now, P)
        assert state.other_failures == i + 1
        block = policies.capture_block(state, now, 0, P)
        assert block is not None and block.reason is BlockReason.COOLDOWN
        now += timedelta(seconds=11)
        assert policies.capture_block(state, now, 0, P) is None
    state = policies.after_check_failure(state, now, P)
    block = policies.capture_block(state, now + timedelta(minutes=29), 0, P)
    assert block is not None and block.reason is BlockReason.TIMED_LOCK
    assert block.until == now + timedelta(minutes=30)
    later = now + timedelta(minutes=30)
    assert policies.capture_block(state, later, 0, P) is None
    assert policies.expire(state, later).other_failures == 0


def test_a_passing_photo_resets_the_counter() -> None:
    state = LockState()
    for _ in range(4):
        state = policies.after_check_failure(state, T0, P)
    state = policies.after_pass(state, T0)
    assert state.other_failures == 0
    state = policies.after_check_failure(state, T0, P)
    assert state.timed_lock_until is None


def test_cooldown_is_ten_seconds() -> None:
    state = policies.after_check_failure(LockState(), T0, P)
    assert policies.capture_block(state, T0 + timedelta(seconds=9.9), 0, P) is not None
    assert policies.capture_block(state, T0 + timedelta(seconds=10), 0, P) is None


def test_full_draft_box_blocks_capture() -> None:
    block = policies.capture_block(LockState(), T0, 5, P)
    assert block is not None and block.reason is BlockReason.DRAFT_FULL
    assert policies.capture_block(LockState(), T0, 4, P) is None


def test_draft_deletable_only_after_24_hours() -> None:
    assert not policies.can_delete_draft(T0, T0 + timedelta(hours=23, minutes=59), P)
    assert policies.can_delete_draft(T0, T0 + timedelta(hours=24), P)


def test_liveness_lock_outranks_timed_lock_and_drafts() -> None:
    state = LockState(liveness_locked=True, timed_lock_until=T0 + timedelta(hours=1))
    block = policies.capture_block(state, T0, 5, P)
    assert block is not None and block.reason is BlockReason.LIVENESS_LOCKED
