# SPDX-License-Identifier: MIT
"""The liveness evaluation (``tucai-desk eval liveness``) and the live-analysis benchmark.

Figures, following ISO/IEC 30107-3 (APCER per attack type, the worst reported; BPCER of real
people):

- ``blink_f1``: blinks against per-frame labels (event matching) or the manifest's counts;
- ``turn_recall``: described head turns found with the right direction;
- ``print_apcer``: print attacks that pass the whole challenge (spoof-print clips, replayed like
  screen clips, plus generated hand-held prints answering the prompts, flat and bent);
- ``replay_apcer``: (spoof-screen clip × random challenge) runs that pass, the clip looped from a
  random offset;
- ``bpcer``: real people rejected, with labelled events cut into each challenge's order. A clip
  answers the prompts its labels cover (blink labels: blink prompts; left/right turns: turn
  prompts); when no clip covers all three, each clip is challenged with the prompts it covers, in
  a random order, under the same windows and rules (``bpcer_by_clip`` names them);
- ``bpcer_leave_one_out``: the same runs, but the one parameter the evaluation chooses from data
  (the blink threshold, from ``BLINK_HIGH_GRID`` by blink F1) is chosen on the other clips only,
  never on the clip being scored.

Also reported, to show each defence on its own: ``print_apcer_turns_only`` (generated prints
against a challenge of turns only: the planarity test alone) and ``replay_apcer_live_as_replay``
(per live clip: the clip replayed perfectly, without any screen artefacts: the protocol alone).
"""

from __future__ import annotations

import logging
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live.analyzer import LiveAnalyzer
from tucai_desk.vision.live.blink import BlinkSettings, detect_blinks
from tucai_desk.vision.live.evaluation import (
    LIVE_CATEGORIES,
    ClipTrack,
    Counts,
    blink_counts,
    read_manifest,
    track_clip,
    track_faces,
    turn_matches,
)
from tucai_desk.vision.live.model import ChallengeStep, LivenessSettings
from tucai_desk.vision.live.simulation import (
    RunOutcome,
    actor_run,
    actor_steps,
    print_attack_run,
    replay_run,
)

log = logging.getLogger(__name__)

MIN_RUNS = 20


@dataclass(frozen=True, slots=True)
class PrintSource:
    """A portrait cut to head and shoulders for printing."""

    name: str
    image: np.ndarray
    face_in_photo: float
    eyes_in_photo: float


def load_print_sources(photos_dir: Path) -> list[PrintSource]:
    """The good photos of a photo set (manifest category ``good``, nothing expected to fail)."""
    manifest = photos_dir / "MANIFEST.tsv"
    names: list[str] = []
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 3 and cols[1] == "good" and cols[2].strip() == "-":
            names.append(cols[0])
    sources = []
    with FaceLandmarkerRunner(mode="image") as runner:
        for name in names:
            img = cv2.imread(str(photos_dir / name))  # applies the EXIF orientation
            if img is None:
                continue
            scale = min(1.0, 1000.0 / max(img.shape[:2]))
            img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            faces = runner.detect(img)
            if not faces:
                continue
            x0, y0, x1, y1 = faces[0].bbox()
            face_h = y1 - y0
            h = 2.2 * face_h
            w = 0.75 * h
            top = y0 - 0.3 * face_h
            left = (x0 + x1) / 2.0 - w / 2.0
            m = np.float32([[1, 0, -left], [0, 1, -top]])
            crop = cv2.warpAffine(
                img, m, (int(w), int(h)), borderMode=cv2.BORDER_CONSTANT, borderValue=(235,) * 3
            )
            eyes_y = float(np.mean(faces[0].points[[468, 473], 1]))
            sources.append(PrintSource(name, crop, face_h / h, (eyes_y - top) / h))
    return sources


#: Blink thresholds (peak closure vs the open level) the leave-one-clip-out figure chooses from.
BLINK_HIGH_GRID = (0.22, 0.25, 0.27, 0.30, 0.35)


def blink_counts_by_high(tracks: Iterable[ClipTrack]) -> dict[tuple[str, float], Counts]:
    """Blink counts of each clip under each threshold of ``BLINK_HIGH_GRID``."""
    out = {}
    for tr in tracks:
        for high in BLINK_HIGH_GRID:
            c = blink_counts(tr, detect_blinks(track_faces(tr), BlinkSettings(high=high)))
            if c is not None:
                out[tr.entry.file, high] = c
    return out


def choose_blink_high(
    counts: dict[tuple[str, float], Counts], training: set[str], default: float = 0.27
) -> float:
    """The blink threshold with the best blink F1 on the ``training`` clips (ties: nearest the
    default)."""

    def score(high: float) -> tuple[float, float]:
        tp = fp = fn = 0
        for (name, h), c in counts.items():
            if h == high and name in training:
                tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        return f1, -abs(high - default)

    return max(BLINK_HIGH_GRID, key=score)


def _duration_ms(track: ClipTrack) -> float:
    return track.frames[-1].t_ms - track.frames[0].t_ms if track.frames else 0.0


def _rate(outcomes: list[RunOutcome]) -> float | None:
    return sum(o.passed for o in outcomes) / len(outcomes) if outcomes else None


def _failures(outcomes: Iterable[RunOutcome]) -> dict[str, int]:
    return dict(Counter(str(o.failure) if o.failure else o.state.value for o in outcomes))


def _attack_params(i: int) -> tuple[float, float]:
    """Bend (1/(2r), 1/m) and bend-axis angle of the i-th generated print."""
    rng = random.Random(7919 * i + 1)
    if i % 2 == 0:
        return 0.0, 0.0  # flat sheet
    bend = rng.uniform(3.0, 10.0) * (1.0 if rng.random() < 0.8 else -0.6)
    return bend, rng.uniform(0.0, 90.0)


def run_print_attacks(
    sources: list[PrintSource], n: int, settings: LivenessSettings, *, seed0: int = 0
) -> list[RunOutcome]:
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        bend, axis = _attack_params(i)
        outcome = print_attack_run(
            src.image,
            seed0 + i,
            bend=bend,
            bend_axis_deg=axis,
            settings=settings,
            face_in_photo=src.face_in_photo,
            eyes_in_photo=src.eyes_in_photo,
        )
        log.info("print attack %d (%s, bend %.1f): %s", i, src.name, bend, outcome.failure)
        out.append(outcome)
    return out


def evaluate_liveness(
    directory: Path,
    *,
    seeds: int = 50,
    attacks: int = MIN_RUNS,
    turn_only_attacks: int = MIN_RUNS,
    photos_dir: Path | None = None,
    settings: LivenessSettings | None = None,
    tracks: dict[str, ClipTrack] | None = None,
    track_factory: Callable[[Path, object], ClipTrack] | None = None,
    live_as_replay: bool = True,
) -> dict[str, object]:
    """All figures as one dict (see the module docstring). ``tracks`` may hold cached tracks."""
    s = settings or LivenessSettings()
    entries = read_manifest(directory)
    tracks = dict(tracks or {})
    make = track_factory or (lambda path, entry: track_clip(path, entry))
    for e in entries:
        if e.file not in tracks:
            tracks[e.file] = make(directory / e.file, e)

    # Blinks and turns.
    blink_total = Counts(0, 0, 0)
    blink_by_clip: dict[str, dict[str, int]] = {}
    turns: list[tuple[str, bool]] = []
    for e in entries:
        tr = tracks[e.file]
        if e.category in LIVE_CATEGORIES:
            c = blink_counts(tr)
            if c is not None:
                blink_by_clip[e.file] = {"tp": c.tp, "fp": c.fp, "fn": c.fn}
                blink_total = Counts(
                    blink_total.tp + c.tp, blink_total.fp + c.fp, blink_total.fn + c.fn
                )
        turns += turn_matches(tr)
    tp, fp, fn = blink_total.tp, blink_total.fp, blink_total.fn
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    by_kind: dict[str, list[int]] = {}
    for kind, hit in turns:
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += int(hit)
        by_kind[kind][1] += 1

    # Screen replays (and, for comparison, the live clips replayed perfectly).
    replays = [
        replay_run(tracks[e.file], k, s)
        for e in entries
        if e.category == "spoof-screen"
        for k in range(seeds)
    ]
    live_replays: dict[str, list[RunOutcome]] = {
        e.file: [replay_run(tracks[e.file], k, s) for k in range(seeds)]
        for e in entries
        if live_as_replay
        and e.category in LIVE_CATEGORIES
        and _duration_ms(tracks[e.file]) >= 5000.0
    }

    # Prints: manifest clips replayed, then generated hand-held prints.
    prints = [
        replay_run(tracks[e.file], k, s)
        for e in entries
        if e.category == "spoof-print"
        for k in range(seeds)
    ]
    photos = photos_dir or directory.parent / "photos"
    wanted = attacks > 0 or turn_only_attacks > 0
    sources = load_print_sources(photos) if wanted and (photos / "MANIFEST.tsv").is_file() else []
    generated: list[RunOutcome] = []
    turn_only: list[RunOutcome] = []
    if sources:
        generated = run_print_attacks(sources, attacks, s)
        turns_settings = replace(s, steps=(ChallengeStep.TURN_LEFT, ChallengeStep.TURN_RIGHT))
        turn_only = run_print_attacks(sources, turn_only_attacks, turns_settings, seed0=1000)
    prints += generated

    # Real people.
    bpcer_runs: list[RunOutcome] = []
    bpcer_by_clip: dict[str, dict[str, object]] = {}
    live = [e.file for e in entries if e.category in LIVE_CATEGORIES]
    by_high = blink_counts_by_high(tracks[name] for name in live)
    loo_rejected = loo_runs = 0
    for name in live:
        tr = tracks[name]
        steps = actor_steps(tr)
        if not steps:
            continue
        runs = [actor_run(tr, k, s) for k in range(seeds)]
        bpcer_runs += runs
        # Leave one clip out: the blink threshold chosen on the other clips' labelled blinks.
        high = choose_blink_high(by_high, set(live) - {name}, s.blink_high)
        loo = runs
        if high != s.blink_high:
            loo = [actor_run(tr, k, replace(s, blink_high=high)) for k in range(seeds)]
        loo_runs += len(loo)
        loo_rejected += sum(not r.passed for r in loo)
        bpcer_by_clip[name] = {
            "steps": [str(x) for x in steps],
            "runs": len(runs),
            "rejected": sum(not r.passed for r in runs),
            "bpcer": sum(not r.passed for r in runs) / len(runs),
            "failures": _failures(r for r in runs if not r.passed),
            "loo_blink_high": high,
            "bpcer_leave_one_out": sum(not r.passed for r in loo) / len(loo),
        }

    print_apcer = _rate(prints)
    replay_apcer = _rate(replays)
    worst = [v for v in (print_apcer, replay_apcer) if v is not None]
    rejected = sum(not r.passed for r in bpcer_runs)
    return {
        "blink_f1": f1,
        "blink_precision": precision,
        "blink_recall": recall,
        "n_blink": tp + fn,
        "n_blink_detected": tp + fp,
        "blink_by_clip": blink_by_clip,
        "turn_recall": (sum(h for _, h in turns) / len(turns)) if turns else None,
        "n_turns": len(turns),
        "turn_recall_by_kind": {k: v[0] / v[1] for k, v in by_kind.items()},
        "print_apcer": print_apcer,
        "n_print": len(prints),
        "n_print_generated": len(generated),
        "print_failures": _failures(prints),
        "print_apcer_turns_only": _rate(turn_only),
        "n_print_turns_only": len(turn_only),
        "replay_apcer": replay_apcer,
        "n_replay": len(replays),
        "replay_failures": _failures(replays),
        "replay_apcer_live_as_replay": {k: _rate(v) for k, v in live_replays.items()},
        "n_replay_live_as_replay": sum(len(v) for v in live_replays.values()),
        "apcer_worst": max(worst) if worst else None,
        "bpcer": rejected / len(bpcer_runs) if bpcer_runs else None,
        "n_bpcer": len(bpcer_runs),
        "bpcer_by_clip": bpcer_by_clip,
        "bpcer_leave_one_out": loo_rejected / loo_runs if loo_runs else None,
        "blink_high": s.blink_high,
        "step_window_ms": s.step_window_ms,
    }


# -- benchmark ------------------------------------------------------------------------------
def _bench_frame(photo: Path | None, width: int = 1280, height: int = 720) -> np.ndarray:
    """A camera-sized frame; with a photo, its face is placed where the overlay wants it."""
    frame = np.full((height, width, 3), 200, np.uint8)
    img = cv2.imread(str(photo)) if photo is not None and photo.is_file() else None
    if img is None:
        return frame
    scale = 0.9 * height / img.shape[0]
    img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = img.shape[:2]
    x0 = (width - w) // 2
    y0 = (height - h) // 2
    xs, xe = max(x0, 0), min(x0 + w, width)
    frame[y0 : y0 + h, xs:xe] = img[:, xs - x0 : xe - x0]
    return frame


def bench_live_analysis(frames: int = 90, photo: Path | None = None) -> dict[str, object]:
    """Time :meth:`LiveAnalyzer.analyze` per 1280×720 frame (analysed at 853×480)."""
    base = _bench_frame(photo)
    rng = np.random.default_rng(0)
    times = []
    with LiveAnalyzer(liveness=True, seed=0) as analyzer:
        for i in range(frames + 5):
            # A little sensor noise and drift, as a camera gives, so nothing is cached by luck.
            shift = np.float32([[1, 0, 2 * np.sin(i / 7)], [0, 1, np.cos(i / 9)]])
            frame = cv2.warpAffine(base, shift, (base.shape[1], base.shape[0]))
            frame = cv2.add(frame, rng.integers(0, 4, frame.shape, dtype=np.uint8))
            t0 = time.perf_counter()
            analyzer.analyze(frame, i * 33.3)
            if i >= 5:  # the first frames warm the graph up
                times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {
        "analysis_ms_median": round(median, 2),
        "analysis_ms_p95": round(p95, 2),
        "guidance_hz": round(1000.0 / median, 1) if median > 0 else None,
        "frames": len(times),
        "frame_size": [1280, 720],
        "analysis_size": [853, 480],
        "with_face": photo is not None and photo.is_file(),
    }
