# SPDX-License-Identifier: MIT
"""Challenges played against recorded clips and generated print attacks.

- **Replay** (:func:`replay_run`): a screen replay cannot listen. The clip starts at a random
  offset and plays on, whatever the station asks; the challenge (random order, random timing,
  windows in ms) judges what it sees.
- **Real people** (:class:`ClipActor`): a live clip's labelled events are cut into the order a
  random challenge asks for. Between prompts the actor plays the clip's own behaviour in order
  (everything outside its labelled turns: talking, glances, blinks, long closures); when a prompt
  appears it goes on with that for a human reaction time and then plays a labelled event of the
  asked kind (a blink, or a turn with the nose moving the asked way, from the rest pose and back).
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
from tucai_desk.vision.live.evaluation import TURN_KINDS, ClipTrack, Event, labelled_blinks
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
_REST_MARGIN_MS = 300.0
_RETURN_DEG = 8.0
_SETTLED_DEG = 4.0  # a movement has ended when the head is this close to its rest pose
_RETURN_MAX_MS = 1500.0
_TURN_BEYOND_MS = 1000.0  # how long a person holds a turn before coming back
# Frames played around a labelled blink: a point label marks one frame of it.
_POINT_PAD_MS, _RANGE_PAD_MS = 200.0, 100.0

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
def _ms(track: ClipTrack, frame_no: int) -> float:
    return frame_no * 1000.0 / track.fps


def _turn_events(track: ClipTrack) -> list[Event]:
    return [e for e in track.entry.events if e.kind in TURN_KINDS]


def _rest_pose(track: ClipTrack) -> tuple[float, float]:
    """The person's own rest pose: the median pose outside the labelled turns and nods."""
    busy = [(_ms(track, e.first), _ms(track, e.last)) for e in _turn_events(track)]
    faces = [
        f.face
        for f in track.frames
        if f.face is not None and not any(a <= f.t_ms <= b for a, b in busy)
    ]
    if not faces:
        faces = [f.face for f in track.frames if f.face is not None]
    if not faces:
        return 0.0, 0.0
    return float(np.median([f.yaw for f in faces])), float(np.median([f.pitch for f in faces]))


def _near_rest(track: ClipTrack, pos: int, rest_yaw: float) -> bool:
    face = track.frames[pos].face
    return face is not None and abs(face.yaw - rest_yaw) < _RETURN_DEG


def _turn_path(track: ClipTrack, ev: Event, rest_yaw: float) -> list[int] | None:
    """Positions from the rest pose into the labelled turn and back.

    The clip's own frames: forward from the last calm frame before the turn, or, for a clip that
    starts turned and comes back, backward from the first calm frame after it. The part beyond
    the threshold is kept to ``_TURN_BEYOND_MS`` and the way back is the way in, reversed.
    """
    frames = track.frames
    a, b = track.position(ev.first), track.position(ev.last)
    lead = max(1, round(_RETURN_MAX_MS / track.frame_ms))
    before = [p for p in range(max(0, a - lead), a) if _near_rest(track, p, rest_yaw)]
    after = [
        p for p in range(b + 1, min(len(frames), b + 1 + lead)) if _near_rest(track, p, rest_yaw)
    ]
    if before:
        path = list(range(before[-1], b + 1))
    elif after:
        path = list(range(after[0], a - 1, -1))
    else:
        return None
    # Into the labelled part (beyond the threshold), held there for _TURN_BEYOND_MS at most.
    inside = [i for i, p in enumerate(path) if a <= p <= b]
    if inside:
        path = path[: inside[0] + round(_TURN_BEYOND_MS / track.frame_ms) + 1]
    return path + path[::-1]


def _answers(track: ClipTrack) -> dict[ChallengeStep, list[list[int]]]:
    """Frame positions of each labelled event that answers a prompt, by prompt."""
    answers: dict[ChallengeStep, list[list[int]]] = {}
    for first, last in labelled_blinks(track) or []:
        pad = _POINT_PAD_MS if first == last else _RANGE_PAD_MS
        a = track.position(max(0, first - round(pad * track.fps / 1000.0)))
        b = track.position(last + round(pad * track.fps / 1000.0))
        answers.setdefault(ChallengeStep.BLINK, []).append(list(range(a, b + 1)))
    rest_yaw, _ = _rest_pose(track)
    for ev in _turn_events(track):
        step = STEP_OF_IMAGE_KIND.get(ev.kind)
        path = _turn_path(track, ev, rest_yaw) if step is not None else None
        if step is not None and path:
            answers.setdefault(step, []).append(path)
    return answers


def _turn_spans(track: ClipTrack) -> list[tuple[int, int]]:
    """Positions of each labelled turn or nod, widened to the whole movement: on either side
    until the head is back near its rest pose (at most ``_RETURN_MAX_MS``)."""
    rest_yaw, rest_pitch = _rest_pose(track)
    reach = max(1, round(_RETURN_MAX_MS / track.frame_ms))

    def away(p: int) -> bool:
        face = track.frames[p].face
        return face is None or (
            abs(face.yaw - rest_yaw) >= _SETTLED_DEG or abs(face.pitch - rest_pitch) >= _SETTLED_DEG
        )

    spans = []
    for ev in _turn_events(track):
        a, b = track.position(ev.first), track.position(ev.last)
        lo, hi = max(0, a - reach), min(len(track.frames) - 1, b + reach)
        while a > lo and away(a - 1):
            a -= 1
        while b < hi and away(b + 1):
            b += 1
        spans.append((a, b))
    return spans


def _idle_positions(track: ClipTrack) -> list[int]:
    """The clip's own behaviour between its turns: every frame with a face outside them (blinks,
    long closures, talking and glances included), in order."""
    margin = round(_REST_MARGIN_MS / track.frame_ms)
    busy = [(a - margin, b + margin) for a, b in _turn_spans(track)]
    return [
        i
        for i, obs in enumerate(track.frames)
        if obs.face is not None and not any(a <= i <= b for a, b in busy)
    ]


def actor_steps(track: ClipTrack) -> tuple[ChallengeStep, ...]:
    """The prompts this clip's labels can answer."""
    spans = _answers(track)
    return tuple(s for s in (ChallengeStep.BLINK, *STEP_OF_IMAGE_KIND.values()) if s in spans)


class ClipActor:
    """A person made of a clip's frames: its own behaviour between prompts, its labelled events
    as the answers, after a human reaction time."""

    def __init__(self, track: ClipTrack, rng: random.Random) -> None:
        self.track = track
        self.rng = rng
        self.answers = _answers(track)
        self.idle = _idle_positions(track)
        if not self.idle:
            raise ValueError("clip has no frames outside its turns")
        self._idle_i = rng.randrange(len(self.idle))
        self._queue: list[int] = []
        self._prompt: ChallengeStep | None = None
        self.dt = track.frame_ms

    def _next_idle(self) -> int:
        self._idle_i = (self._idle_i + 1) % len(self.idle)
        return self.idle[self._idle_i]

    def frames(self, prompts: Iterator[ChallengeStep | None]) -> Iterator[FrameObs]:
        t = 0.0
        for prompt in prompts:
            if prompt != self._prompt:
                self._prompt = prompt
                choices = self.answers.get(prompt) if prompt is not None else None
                if choices:
                    wait = round(self.rng.uniform(*REACTION_MS) / self.dt)
                    self._queue = [self._next_idle() for _ in range(wait)]
                    self._queue += self.rng.choice(choices)
            pos = self._queue.pop(0) if self._queue else self._next_idle()
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
