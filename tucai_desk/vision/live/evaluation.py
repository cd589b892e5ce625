# SPDX-License-Identifier: MIT
"""Labelled clips for the liveness evaluation: the manifest, landmark tracks, blink and turn scores.

The manifest (``MANIFEST.tsv``) has the columns ``file``, ``category`` (live-blink, live-turn,
live-still, spoof-screen, spoof-print, multi-face), ``blinks`` (a count, when known), ``turns``
and ``events`` (``kind:frame`` or ``kind:first-last`` separated by ``;``; kinds blink, closure,
left, right, up, down, frames from 0; left/right is the way the nose moves in the image).
Per-frame blink labels (1 = eyes closed) may sit beside a clip as ``<stem>.ideal.csv``.

A clip is decoded and run through the Face Landmarker once (:func:`track_clip`); the resulting
observations are then replayed through as many simulated challenges as needed.
"""

from __future__ import annotations

import bisect
import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2

from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live.analyzer import ANALYSIS_WINDOW_HEIGHT, downscale
from tucai_desk.vision.live.blink import BlinkEvent, detect_blinks
from tucai_desk.vision.live.observe import FaceObs, FrameObs, observe
from tucai_desk.vision.live.turns import ImageDirection, TurnEvent, find_turns

log = logging.getLogger(__name__)

LIVE_CATEGORIES = ("live-blink", "live-turn", "live-still")
TURN_KINDS = ("left", "right", "up", "down")
#: How far a found blink may lie from its label (a point label marks one frame of the blink).
_BLINK_TOLERANCE_MS = 150.0
_TURN_TOLERANCE_MS = 500.0


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class ClipEntry:
    file: str
    category: str
    blinks: int | None
    turns: tuple[str, ...]
    events: tuple[Event, ...]


@dataclass(slots=True)
class ClipTrack:
    """Observations of a clip's analysed frames (every ``every``-th frame)."""

    entry: ClipEntry
    fps: float
    n_frames: int
    indices: list[int]  # frame number of each observation
    frames: list[FrameObs]
    blink_labels: list[int] | None = None

    def position(self, frame_no: int) -> int:
        """Index in ``frames`` of the first observation at or after ``frame_no``."""
        return min(bisect.bisect_left(self.indices, frame_no), len(self.indices) - 1)

    @property
    def frame_ms(self) -> float:
        if len(self.frames) < 2:
            return 1000.0 / self.fps
        return (self.frames[-1].t_ms - self.frames[0].t_ms) / (len(self.frames) - 1)


def parse_events(text: str) -> tuple[Event, ...]:
    events = []
    for part in text.replace(",", ";").split(";"):
        part = part.strip()
        if not part or ":" not in part:
            continue
        kind, span = part.split(":", 1)
        first, _, last = span.partition("-")
        events.append(Event(kind.strip(), int(first), int(last or first)))
    return tuple(events)


def read_manifest(directory: Path) -> list[ClipEntry]:
    entries = []
    with (directory / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            blinks = (row.get("blinks") or "").strip()
            turns = (row.get("turns") or "").strip()
            entries.append(
                ClipEntry(
                    file=row["file"].strip(),
                    category=row["category"].strip(),
                    blinks=int(blinks) if blinks.isdigit() else None,
                    turns=tuple(t.strip() for t in turns.split(",") if t.strip()),
                    events=parse_events(row.get("events") or ""),
                )
            )
    return entries


def read_blink_labels(clip_path: Path) -> list[int] | None:
    path = clip_path.with_name(clip_path.stem + ".ideal.csv")
    if not path.is_file():
        return None
    labels = []
    for line in path.read_text(encoding="utf-8").split():
        labels.append(1 if line.strip() not in ("", "0") else 0)
    return labels


def track_clip(
    path: Path,
    entry: ClipEntry,
    *,
    window_height: int = ANALYSIS_WINDOW_HEIGHT,
    every: int = 1,
    runner_factory: Callable[[], FaceLandmarkerRunner] | None = None,
) -> ClipTrack:
    """Decode a clip and observe every ``every``-th frame (time stamps from index / fps)."""
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise OSError(f"cannot open video {path.name}")
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    factory = runner_factory or (lambda: FaceLandmarkerRunner(mode="video", num_faces=2))
    indices: list[int] = []
    frames: list[FrameObs] = []
    idx = 0
    with factory() as runner:
        while True:
            if idx % every:
                if not cap.grab():
                    break
                idx += 1
                continue
            ok, frame = cap.read()
            if not ok:
                break
            t_ms = idx * 1000.0 / fps
            small = downscale(frame, window_height)
            frames.append(observe(small, runner.detect(small, int(round(t_ms))), t_ms))
            indices.append(idx)
            idx += 1
    cap.release()
    return ClipTrack(entry, fps, idx, indices, frames, read_blink_labels(path))


# -- blinks ----------------------------------------------------------------------------------
def label_runs(labels: list[int]) -> list[tuple[int, int]]:
    """(first, last) frame of each run of 1s."""
    runs = []
    start = None
    for i, v in enumerate([*labels, 0]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def track_faces(track: ClipTrack) -> list[tuple[float, FaceObs | None]]:
    return [(f.t_ms, f.face) for f in track.frames]


def track_blinks(track: ClipTrack) -> list[BlinkEvent]:
    return detect_blinks(track_faces(track))


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int
    fp: int
    fn: int


def labelled_blinks(track: ClipTrack) -> list[tuple[int, int]] | None:
    """(first, last) frames of the labelled blinks: per-frame labels, else ``blink`` events."""
    if track.blink_labels is not None:
        return label_runs(track.blink_labels)
    runs = [(e.first, e.last) for e in track.entry.events if e.kind == "blink"]
    return runs or None


def blink_counts(track: ClipTrack, events: list[BlinkEvent] | None = None) -> Counts | None:
    """Blink detection against the labelled blinks (event matching) or the ``blinks`` count.

    A found blink that matches no labelled one (a long closure, say) is a false one.
    """
    found = track_blinks(track) if events is None else events
    runs = labelled_blinks(track)
    if runs is not None:
        tol = max(1, round(_BLINK_TOLERANCE_MS * track.fps / 1000.0))
        spans = [
            (round(e.t_start * track.fps / 1000.0), round(e.t_end * track.fps / 1000.0) - 1)
            for e in found
        ]
        used: set[int] = set()
        tp = 0
        for first, last in runs:
            for j, (s, e) in enumerate(spans):
                if j not in used and s <= last + tol and e >= first - tol:
                    used.add(j)
                    tp += 1
                    break
        return Counts(tp, len(spans) - len(used), len(runs) - tp)
    if track.entry.blinks is not None:
        n = len(found)
        gt = track.entry.blinks
        return Counts(min(n, gt), max(0, n - gt), max(0, gt - n))
    return None


# -- turns -----------------------------------------------------------------------------------
def track_turns(track: ClipTrack) -> list[TurnEvent]:
    times = [f.t_ms for f in track.frames]
    yaws = [f.face.yaw if f.face else None for f in track.frames]
    pitches = [f.face.pitch if f.face else None for f in track.frames]
    return find_turns(times, yaws, pitches)


def turn_matches(track: ClipTrack, found: list[TurnEvent] | None = None) -> list[tuple[str, bool]]:
    """For each described turn of the clip: (kind, found with the right direction)."""
    detected = track_turns(track) if found is None else found
    out = []
    for ev in track.entry.events:
        if ev.kind not in TURN_KINDS:
            continue
        t0 = ev.first * 1000.0 / track.fps - _TURN_TOLERANCE_MS
        t1 = ev.last * 1000.0 / track.fps + _TURN_TOLERANCE_MS
        hit = any(
            d.direction is ImageDirection(ev.kind) and d.t_start <= t1 and d.t_end >= t0
            for d in detected
        )
        out.append((ev.kind, hit))
    return out
