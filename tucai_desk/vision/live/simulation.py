# SPDX-License-Identifier: MIT
"""Challenges played against recorded clips and generated print attacks.

- **Replay** (:func:`replay_run`): a screen replay cannot listen. The clip starts at a random
  offset and plays on, whatever the station asks; the challenge (random order, random timing,
  windows in ms) judges what it sees.
- **Real people** (:class:`ClipActor`): a live clip's labelled events are cut into the order a
  random challenge asks for. Between prompts the actor shows the clip's calm frames (frontal, not
  part of any event); when a prompt appears it waits a human reaction time and then plays a
  labelled event of the asked kind (a blink, or a turn with the nose moving the asked way).
- **Prints** (:func:`print_attack_run`): a :class:`~tucai_desk.vision.print_attack.PrintAttack`
  reacts to every prompt; its frames go through the full :class:`LiveAnalyzer`.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Iterator

import numpy as np

from tucai_desk.vision.live.analyzer import LiveAnalyzer
from tucai_desk.vision.live.challenge import Challenge
from tucai_desk.vision.live.evaluation import ClipTrack, label_runs
from tucai_desk.vision.live.model import (
    ChallengeStep,
    LivenessFailure,
    LivenessSettings,
    LivenessState,
    LivenessStatus,
)
from tucai_desk.vision.live.observe import FrameObs
from tucai_desk.vision.print_attack import PrintAttack

log = logging.getLogger(__name__)

#: Time for a person to read a prompt and start moving (choice reaction), ms.
REACTION_MS = (400.0, 1200.0)
_REST_MARGIN_MS = 500.0
_REST_YAW, _REST_PITCH = 4.0, 6.0
_RETURN_DEG = 8.0
_RETURN_MAX_MS = 1500.0

# Turn prompts in the student's terms and the way the nose then moves in the image.
STEP_OF_IMAGE_KIND = {"right": ChallengeStep.TURN_LEFT, "left": ChallengeStep.TURN_RIGHT}


@dataclasses.dataclass(frozen=True, slots=True)
class RunOutcome:
    passed: bool
    failure: LivenessFailure | None
    state: LivenessState
    steps: tuple[ChallengeStep, ...]
    planarity: tuple[tuple[float, float], ...] = ()


def _outcome(ch: Challenge, status: LivenessStatus) -> RunOutcome:
    return RunOutcome(
        passed=status.state is LivenessState.PASSED,
        failure=status.failure,
        state=status.state,
        steps=tuple(ch.steps),
        planarity=tuple(ch.trace.planarity),
    )


def _terminal(status: LivenessStatus) -> bool:
    return status.state in (LivenessState.PASSED, LivenessState.FAILED)


# -- replay ----------------------------------------------------------------------------------
def replay_run(track: ClipTrack, seed: int, settings: LivenessSettings | None = None) -> RunOutcome:
    """The clip, from a random offset and looped, against a random challenge.

    The replay plays on whatever the station asks until the challenge ends (or its total time
    runs out); it counts as an attack that passed only if the challenge says PASSED.
    """
    s = settings or LivenessSettings()
    rng = random.Random(seed)
    frames = track.frames
    dt = track.frame_ms
    start = rng.randrange(len(frames))
    ch = Challenge(s, seed=rng.randrange(1 << 31))
    status = ch.status(0.0)
    t = 0.0
    i = start
    while t <= s.total_timeout_ms + 10000.0:
        status = ch.update(dataclasses.replace(frames[i], t_ms=t))
        if _terminal(status):
            break
        i = (i + 1) % len(frames)
        t += dt
    return _outcome(ch, status)


# -- real people, cut from labelled clips ---------------------------------------------------
def _event_spans(track: ClipTrack) -> dict[ChallengeStep, list[tuple[int, int]]]:
    """Positions (first, last) in ``track.frames`` of each usable labelled event, by prompt."""
    spans: dict[ChallengeStep, list[tuple[int, int]]] = {}
    blinks: list[tuple[int, int]] = []
    if track.blink_labels is not None:
        blinks = label_runs(track.blink_labels)
    else:
        blinks = [(e.first, e.last) for e in track.entry.events if e.kind == "blink"]
    pad = max(1, round(2 * 30.0 / track.fps))
    for first, last in blinks:
        spans.setdefault(ChallengeStep.BLINK, []).append(
            (track.position(max(0, first - pad)), track.position(last + pad))
        )
    rest_yaw, _ = _rest_pose(track)
    for ev in track.entry.events:
        step = STEP_OF_IMAGE_KIND.get(ev.kind)
        if step is None:
            continue
        a, b = track.position(ev.first), track.position(ev.last)
        # Play on until the head is back near frontal (people turn back by themselves).
        end_t = track.frames[b].t_ms + _RETURN_MAX_MS
        while b + 1 < len(track.frames) and track.frames[b + 1].t_ms <= end_t:
            b += 1
            face = track.frames[b].face
            if face is not None and abs(face.yaw - rest_yaw) < _RETURN_DEG:
                break
        spans.setdefault(step, []).append((a, b))
    return spans


def _rest_pose(track: ClipTrack) -> tuple[float, float]:
    faces = [f.face for f in track.frames if f.face is not None]
    if not faces:
        return 0.0, 0.0
    return float(np.median([f.yaw for f in faces])), float(np.median([f.pitch for f in faces]))


def _rest_positions(track: ClipTrack) -> list[int]:
    """Calm frames: a face, near the clip's frontal pose, away from every labelled event."""
    yaw0, pitch0 = _rest_pose(track)
    busy: list[tuple[float, float]] = []
    ms = 1000.0 / track.fps
    for ev in track.entry.events:
        busy.append((ev.first * ms - _REST_MARGIN_MS, ev.last * ms + _REST_MARGIN_MS))
    if track.blink_labels is not None:
        for first, last in label_runs(track.blink_labels):
            busy.append((first * ms - 150.0, last * ms + 150.0))
    out = []
    for i, obs in enumerate(track.frames):
        face = obs.face
        if face is None or any(a <= obs.t_ms <= b for a, b in busy):
            continue
        if abs(face.yaw - yaw0) <= _REST_YAW and abs(face.pitch - pitch0) <= _REST_PITCH:
            out.append(i)
    return out


def actor_steps(track: ClipTrack) -> tuple[ChallengeStep, ...]:
    """The prompts this clip's labels can answer."""
    spans = _event_spans(track)
    return tuple(s for s in (ChallengeStep.BLINK, *STEP_OF_IMAGE_KIND.values()) if s in spans)


class ClipActor:
    """A person made of a clip's frames, answering prompts with its labelled events."""

    def __init__(self, track: ClipTrack, rng: random.Random) -> None:
        self.track = track
        self.rng = rng
        self.spans = _event_spans(track)
        self.rest = _rest_positions(track)
        if not self.rest:
            raise ValueError("clip has no calm frames")
        self._rest_i = rng.randrange(len(self.rest))
        self._queue: list[int] = []
        self._prompt: ChallengeStep | None = None
        self.dt = track.frame_ms

    def _next_rest(self) -> int:
        self._rest_i = (self._rest_i + 1) % len(self.rest)
        return self.rest[self._rest_i]

    def frames(self, prompts: Iterator[ChallengeStep | None]) -> Iterator[FrameObs]:
        t = 0.0
        for prompt in prompts:
            if prompt != self._prompt:
                self._prompt = prompt
                choices = self.spans.get(prompt) if prompt is not None else None
                if choices:
                    first, last = self.rng.choice(choices)
                    wait = round(self.rng.uniform(*REACTION_MS) / self.dt)
                    self._queue = [self._next_rest() for _ in range(wait)]
                    self._queue += list(range(first, last + 1))
            pos = self._queue.pop(0) if self._queue else self._next_rest()
            yield dataclasses.replace(self.track.frames[pos], t_ms=t)
            t += self.dt


def actor_run(track: ClipTrack, seed: int, settings: LivenessSettings | None = None) -> RunOutcome:
    """A random challenge (over the prompts the clip can answer) against a :class:`ClipActor`."""
    base = settings or LivenessSettings()
    steps = actor_steps(track)
    s = dataclasses.replace(base, steps=steps)
    rng = random.Random(seed)
    ch = Challenge(s, seed=rng.randrange(1 << 31))
    actor = ClipActor(track, rng)
    limit = s.total_timeout_ms + 10000.0
    current: list[ChallengeStep | None] = [None]

    def prompts() -> Iterator[ChallengeStep | None]:
        while True:
            yield current[0]

    status = ch.status(0.0)
    for obs in actor.frames(prompts()):
        status = ch.update(obs)
        current[0] = status.prompt
        if _terminal(status) or obs.t_ms > limit:
            break
    return _outcome(ch, status)


# -- generated print attacks -----------------------------------------------------------------
def print_attack_run(
    photo: np.ndarray,
    seed: int,
    *,
    bend: float,
    bend_axis_deg: float,
    settings: LivenessSettings | None = None,
    fps: float = 15.0,
    face_in_photo: float = 0.45,
    eyes_in_photo: float = 0.4,
) -> RunOutcome:
    """A hand-held print of ``photo`` against a random challenge, through the full analyzer.

    Frames come at ``fps`` (the protocol works in milliseconds, so 15 fps judges the same
    behaviour as 30 fps at half the cost).
    """
    s = settings or LivenessSettings()
    rng = random.Random(seed)
    attack = PrintAttack(
        photo,
        rng=rng,
        bend=bend,
        bend_axis_deg=bend_axis_deg,
        face_in_photo=face_in_photo,
        eyes_in_photo=eyes_in_photo,
    )
    dt = 1000.0 / fps
    with LiveAnalyzer(liveness=True, seed=rng.randrange(1 << 31), settings=s) as analyzer:
        ch = analyzer.challenge
        assert ch is not None
        prompt: ChallengeStep | None = None
        status = ch.status(0.0)
        t = 0.0
        while t <= s.total_timeout_ms + 10000.0:
            result = analyzer.analyze(attack.frame(t, prompt), t)
            assert result.liveness is not None
            status = result.liveness
            prompt = status.prompt
            if _terminal(status):
                break
            t += dt
        return _outcome(ch, status)
