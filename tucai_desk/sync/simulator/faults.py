# SPDX-License-Identifier: MIT
"""What the simulator does to a station's calls to play a bad school network and a busy service.

A fault strikes either *before* the call takes effect (the station must send it again) or *after*
(the call took effect but the answer is lost: only an idempotency key keeps a repeat from storing a
second photo). Kinds: a 5xx answer, a connection reset, and a hang past the caller's timeout.
Decisions come from one seeded generator, so a run with a seed is repeatable.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum


class FaultKind(StrEnum):
    ERROR_BEFORE = "error_before"
    ERROR_AFTER = "error_after"
    RESET_BEFORE = "reset_before"
    RESET_AFTER = "reset_after"
    HANG_BEFORE = "hang_before"
    HANG_AFTER = "hang_after"

    @property
    def after(self) -> bool:
        return self.value.endswith("_after")


class Corruption(StrEnum):
    NONE = "none"
    BAD_JSON = "bad_json"
    WRONG_TYPES = "wrong_types"
    WRONG_CONTENT_TYPE = "wrong_content_type"
    FOREIGN_REDIRECT = "foreign_redirect"


@dataclass(frozen=True, slots=True)
class FaultSettings:
    rate: float = 0.0
    latency_ms: int = 0
    hang_seconds: float = 35.0  # past the station's 30 s read timeout
    down: bool = False
    corrupt: Corruption = Corruption.NONE
    kinds: tuple[FaultKind, ...] = tuple(FaultKind)

    def as_json(self) -> dict[str, object]:
        return {
            "rate": self.rate,
            "latency_ms": self.latency_ms,
            "hang_seconds": self.hang_seconds,
            "down": self.down,
            "corrupt": self.corrupt.value,
        }


class FaultInjector:
    """Thread-safe, seeded fault decisions, with a count of what was injected."""

    def __init__(self, settings: FaultSettings | None = None, seed: int | None = None) -> None:
        self._settings = settings or FaultSettings()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.injected: Counter[str] = Counter()

    @property
    def settings(self) -> FaultSettings:
        return self._settings

    def update(self, **changes: object) -> FaultSettings:
        with self._lock:
            self._settings = replace(self._settings, **changes)  # type: ignore[arg-type]
            return self._settings

    def decide(self) -> FaultKind | None:
        with self._lock:
            settings = self._settings
            if settings.rate <= 0 or not settings.kinds:
                return None
            if self._rng.random() >= settings.rate:
                return None
            kind = self._rng.choice(settings.kinds)
            self.injected[kind.value] += 1
            return kind

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self.injected)
