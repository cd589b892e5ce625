# SPDX-License-Identifier: MIT
"""Which code held the GUI thread when the event loop stalled (a debugging aid of the benches).

:class:`StallTracer` watches a :class:`~tucai_desk.ui.live_stats.StallProbe` from a daemon
thread: while the probe has not ticked for longer than ``threshold_ms`` the tracer samples the
GUI thread's Python stack every few milliseconds. When the loop runs again, the stall is recorded
with its length and the stack seen most often during it (its innermost frames name the slot or
timer responsible). It never touches Qt objects from its own thread.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

_PACKAGE = "tucai_desk"


class TickSource(Protocol):
    """What the tracer reads from the probe (plain attributes written by the GUI thread)."""

    last_tick: float  # time.perf_counter() of the latest tick


# Innermost functions of a thread that is waiting for work, not holding the interpreter.
_IDLE = frozenset({"wait", "get", "select", "poll", "accept", "_worker", "sleep", "readinto"})


@dataclass(frozen=True, slots=True)
class Stall:
    ms: float
    stack: tuple[str, ...]  # "file:line function", outermost first (the most frequent sample)
    # The other busy threads meanwhile (a Python thread that keeps the interpreter lock also
    # stalls the GUI thread): thread name → its most frequent stack
    others: tuple[tuple[str, tuple[str, ...]], ...] = ()


def stack_of(thread_id: int, depth: int = 12) -> tuple[str, ...]:
    """The innermost ``depth`` frames of the thread, outermost first ("file:line function")."""
    frame = sys._current_frames().get(thread_id)
    if frame is None:
        return ()
    entries = traceback.extract_stack(frame)[-depth:]
    return tuple(f"{_short(e.filename)}:{e.lineno} {e.name}" for e in entries)


def _short(path: str) -> str:
    """A path from the package (or the library) on, not the whole of it."""
    parts = path.replace("\\", "/").split("/")
    for anchor in (_PACKAGE, "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return parts[-1]


class StallTracer:
    """Samples the GUI thread's stack during stalls of the event loop; see the module docstring."""

    def __init__(
        self,
        probe: TickSource,
        *,
        threshold_ms: float = 50.0,
        sample_ms: float = 5.0,
        keep: int = 10,
    ) -> None:
        self._probe = probe
        self._gui_thread = threading.get_ident()  # created on the GUI thread
        self._threshold_s = threshold_ms / 1000.0
        self._sample_s = sample_ms / 1000.0
        self._keep = keep
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stalls: list[Stall] = []  # the longest ``keep`` stalls, longest first
        self.count = 0  # stalls seen in all

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="stall-trace", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=2.0)

    def _run(self) -> None:
        samples: Counter[tuple[str, ...]] = Counter()
        others: dict[str, Counter[tuple[str, ...]]] = {}
        stalled_since = 0.0
        while not self._stop.wait(self._sample_s):
            last = self._probe.last_tick
            now = time.perf_counter()
            if now - last > self._threshold_s:
                if not samples:
                    stalled_since = last
                samples[stack_of(self._gui_thread)] += 1
                self._sample_others(others)
            elif samples:
                self._record((self._probe.last_tick - stalled_since) * 1000.0, samples, others)
                samples, others = Counter(), {}

    def _sample_others(self, others: dict[str, Counter[tuple[str, ...]]]) -> None:
        me = threading.get_ident()
        names = {t.ident: t.name for t in threading.enumerate()}  # QThreads are not listed
        for ident in sys._current_frames():
            if ident in (me, self._gui_thread):
                continue
            stack = stack_of(ident, depth=4)
            if stack and stack[-1].rsplit(" ", 1)[-1] not in _IDLE:
                name = names.get(ident, f"thread {ident}")
                others.setdefault(name, Counter())[stack] += 1

    def _record(
        self,
        ms: float,
        samples: Counter[tuple[str, ...]],
        others: dict[str, Counter[tuple[str, ...]]],
    ) -> None:
        self.count += 1
        stack = samples.most_common(1)[0][0]
        busy = tuple((name, c.most_common(1)[0][0]) for name, c in sorted(others.items()))
        self.stalls.append(Stall(round(ms, 1), stack, busy))
        self.stalls.sort(key=lambda s: -s.ms)
        del self.stalls[self._keep :]

    def report(self, frames: int = 6) -> list[dict[str, object]]:
        """The longest stalls as JSON-able rows: length and the innermost ``frames`` frames."""
        return [
            {
                "ms": s.ms,
                "stack": list(s.stack[-frames:]),
                "others": {name: list(stack) for name, stack in s.others},
            }
            for s in self.stalls
        ]
