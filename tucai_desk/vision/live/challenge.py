# SPDX-License-Identifier: MIT
"""The liveness challenge: blink and head turns asked in a random order, within time windows.

A replayed video contains real blinks and turns, so detecting them is not enough; what stops a
replay is that it cannot answer: the order of the actions and the moment each prompt appears are
random (a seeded RNG), each action must start after the prompt (no earlier than a human reaction
time, ``min_reaction_ms``) and end within ``step_window_ms``, and an unasked clear action (turning
the other way, turning or nodding while asked to blink) fails the test. Photos cannot blink and
tilt as one plane, which the planarity test catches during the turns.

Flow: WAITING until one face, close enough, holds a rest pose (roughly facing the camera, which may
sit above or beside the screen) still; then for each action a *settle* phase (back at that rest
pose, eyes open, held for a random 0.4–1.2 s) and an *active* phase (the prompt, its window). Turns
are measured from the person's own rest pose. Whatever holds the test back is shown as the prompt
(show the face, one person, come closer, look straight, hold still, open the eyes): there is no
silent waiting. A step whose window passes with no attempt at all (no closure of the eyes, no turn
begun) is asked once more; the whole test stays within ``total_timeout_ms``. A face lost after it
turned beyond the threshold the asked way (a turn to profile) and found again counts as that turn,
judged by the planarity samples taken on the way. All times are in milliseconds of the frames'
time stamps, never frame counts, so the protocol is the same at 6 or 60 fps.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

import numpy as np

from tucai_desk.vision.live.blink import BlinkDetector, BlinkEvent, BlinkSettings
from tucai_desk.vision.live.model import (
    ACTIONS,
    ChallengeStep,
    LivenessFailure,
    LivenessSettings,
    LivenessState,
    LivenessStatus,
)
from tucai_desk.vision.live.observe import FaceObs, FrameObs
from tucai_desk.vision.live.planarity import landmark_parallax, pixel_planarity
from tucai_desk.vision.live.turns import (
    ImageDirection,
    TurnTracker,
    direction_of,
    image_direction_of,
)

log = logging.getLogger(__name__)

# Turning 15° takes a person at least about this long once they have started to move.
_MIN_TURN_MS = 100.0
# The model reads a few degrees of pitch on frontal faces, hence the offset zero.
_PITCH_ZERO = 4.0
_PLANARITY_SAMPLES = 3
# A turn begun: half the threshold (an attempt, even if it does not reach the threshold).
_ATTEMPT_FRACTION = 0.5


@dataclass(slots=True)
class ChallengeTrace:
    """What the challenge measured, for evaluation and logs (no personal data)."""

    planarity: list[tuple[float, float]] = field(default_factory=list)  # (ecc, parallax) per turn
    events: list[tuple[float, str]] = field(default_factory=list)


class Challenge:
    """One liveness test. Feed every analysed frame to :meth:`update`. Not thread-safe."""

    def __init__(self, settings: LivenessSettings | None = None, seed: int | None = None) -> None:
        self.s = settings or LivenessSettings()
        # seed=None draws from the OS: in production the order must not be predictable.
        self._rng = random.Random(seed)
        self.steps: list[ChallengeStep] = list(self.s.steps)
        if not self.steps or any(step not in ACTIONS for step in self.steps):
            raise ValueError(f"a challenge is made of {', '.join(ACTIONS)}")
        self._rng.shuffle(self.steps)
        self.state = LivenessState.WAITING
        self.failure: LivenessFailure | None = None
        self.index = 0
        self.trace = ChallengeTrace()
        self._blink = BlinkDetector(
            BlinkSettings(
                high=self.s.blink_high, min_ms=self.s.blink_min_ms, max_ms=self.s.blink_max_ms
            )
        )
        self._prompt: ChallengeStep | None = None
        self._active = False
        self._hold_ms = self._draw_hold()
        self._frontal_since: float | None = None
        self._hold_poses: list[tuple[float, float]] = []
        self._ref_pose: tuple[float, float] | None = None
        self._phase_start = 0.0
        self._started = 0.0
        self._prompt_t = 0.0
        self._ref_face: FaceObs | None = None
        self._tracker: TurnTracker | None = None
        self._samples: list[tuple[float, float]] = []
        self._lost_since: float | None = None
        self._multi_since: float | None = None
        self._attempted = False
        self._repeated: set[int] = set()
        self._turn_beyond = False  # the last face seen was beyond the asked turn

    # -- helpers ---------------------------------------------------------------------------
    def _draw_hold(self) -> float:
        lo, hi = self.s.hold_ms
        return self._rng.uniform(lo, hi)

    def status(self, t_ms: float) -> LivenessStatus:
        remaining = None
        if self.state is LivenessState.RUNNING and self._active:
            remaining = max(0.0, self._prompt_t + self.s.step_window_ms - t_ms)
        return LivenessStatus(
            state=self.state,
            prompt=self._prompt,
            step_index=min(self.index, len(self.steps) - 1),
            step_count=len(self.steps),
            remaining_ms=remaining,
            failure=self.failure,
        )

    def _fail(self, t_ms: float, why: LivenessFailure) -> LivenessStatus:
        self.state = LivenessState.FAILED
        self.failure = why
        self._prompt = None
        self._active = False
        self.trace.events.append((t_ms, f"failed:{why}"))
        log.info("liveness failed at step %d/%d: %s", self.index + 1, len(self.steps), why)
        return self.status(t_ms)

    def _start_settle(self, t_ms: float) -> None:
        self._active = False
        self._phase_start = t_ms
        self._frontal_since = None
        self._hold_poses = []
        self._hold_ms = self._draw_hold()
        self._prompt = ChallengeStep.LOOK_STRAIGHT

    def _activate(self, t_ms: float, face: FaceObs) -> None:
        poses = np.asarray(self._hold_poses or [(face.yaw, face.pitch)])
        ref = (float(np.median(poses[:, 0])), float(np.median(poses[:, 1])))
        self._active = True
        self._prompt = self.steps[self.index]
        self._prompt_t = t_ms
        self._ref_face = face
        self._tracker = TurnTracker(ref, min_deg=self.s.turn_deg, hold_ms=self.s.turn_hold_ms)
        self._samples = []
        self._attempted = False
        self._turn_beyond = False
        self.trace.events.append((t_ms, f"prompt:{self._prompt}"))

    def _step_done(self, t_ms: float) -> LivenessStatus:
        self.trace.events.append((t_ms, f"done:{self.steps[self.index]}"))
        self.index += 1
        if self.index >= len(self.steps):
            self.state = LivenessState.PASSED
            self._prompt = None
            self._active = False
            log.info("liveness passed (%d steps)", len(self.steps))
            return self.status(t_ms)
        self._start_settle(t_ms)
        return self.status(t_ms)

    # -- the state machine -----------------------------------------------------------------
    def update(self, obs: FrameObs) -> LivenessStatus:
        t = obs.t_ms
        if self.state in (LivenessState.PASSED, LivenessState.FAILED):
            return self.status(t)
        face = obs.face
        blink = self._blink.update(t, face)
        several = obs.other_face_ied >= self.s.other_face_ied_ratio
        if self.state is LivenessState.WAITING:
            return self._waiting(obs, face, several)
        if t - self._started > self.s.total_timeout_ms:
            return self._fail(t, LivenessFailure.TIMEOUT)
        if face is None:
            self._lost_since = t if self._lost_since is None else self._lost_since
            limit = self.s.face_lost_ms
            if self._active and self._turn_beyond:
                limit = max(limit, self.s.lost_turn_ms)  # turned to profile: it may come back
            if t - self._lost_since >= limit:
                return self._fail(t, LivenessFailure.FACE_LOST)
            if not self._active or not self._turn_beyond:
                self._prompt = ChallengeStep.SHOW_FACE
            return self.status(t)
        came_back = self._lost_since is not None and self._active and self._turn_beyond
        self._lost_since = None
        if several:
            self._multi_since = t if self._multi_since is None else self._multi_since
            if t - self._multi_since >= self.s.several_faces_ms:
                return self._fail(t, LivenessFailure.SEVERAL_FACES)
        else:
            self._multi_since = None
        if not self._active:
            return self._settle(t, face, several)
        if came_back:
            return self._judge_turn(t)
        if t > self._prompt_t + self.s.step_window_ms:
            return self._window_over(t)
        if face.ied < self.s.min_inter_eye_px:
            # Too small to judge: nothing counts, the window keeps running.
            self._prompt = ChallengeStep.COME_CLOSER
            return self.status(t)
        self._prompt = self.steps[self.index]
        return self._act(t, face, blink)

    def _window_over(self, t: float) -> LivenessStatus:
        """The asked action did not come in time: asked once more if nothing was tried."""
        if self.s.repeat_unanswered and not self._attempted and self.index not in self._repeated:
            self._repeated.add(self.index)
            self.trace.events.append((t, f"repeat:{self.steps[self.index]}"))
            self._start_settle(t)
            return self.status(t)
        return self._fail(t, LivenessFailure.TIMEOUT)

    def _precondition(self, face: FaceObs | None, several: bool) -> ChallengeStep | None:
        """The hint for whatever keeps the test from going on (None: nothing)."""
        if face is None:
            return ChallengeStep.SHOW_FACE
        if several:
            return ChallengeStep.ONE_PERSON
        if face.ied < self.s.min_inter_eye_px:
            return ChallengeStep.COME_CLOSER
        return None

    def _eyes_shut(self) -> bool:
        return self._blink.shut

    def _waiting(self, obs: FrameObs, face: FaceObs | None, several: bool) -> LivenessStatus:
        t = obs.t_ms
        prompt = self._precondition(face, several)
        if prompt is None and face is not None:
            if (
                abs(face.yaw) > self.s.rest_yaw_deg
                or abs(face.pitch - _PITCH_ZERO) > self.s.rest_pitch_deg
            ):
                prompt = ChallengeStep.LOOK_STRAIGHT
            elif self._hold_poses and not self._still(face):
                prompt = ChallengeStep.HOLD_STILL
            elif self._eyes_shut():
                prompt = ChallengeStep.OPEN_EYES
        self._prompt = prompt
        if face is None or prompt is not None:
            self._frontal_since = None
            self._hold_poses = []
            return self.status(t)
        if self._frontal_since is None:
            self._frontal_since = t
        self._hold_poses.append((face.yaw, face.pitch))
        if t - self._frontal_since >= self._hold_ms:
            poses = np.asarray(self._hold_poses)
            self._ref_pose = (float(np.median(poses[:, 0])), float(np.median(poses[:, 1])))
            self.state = LivenessState.RUNNING
            self._started = t
            self.trace.events.append((t, "start"))
            self._activate(t, face)
        return self.status(t)

    def _still(self, face: FaceObs) -> bool:
        poses = np.asarray(self._hold_poses)
        return (
            abs(face.yaw - float(np.median(poses[:, 0]))) <= self.s.still_deg
            and abs(face.pitch - float(np.median(poses[:, 1]))) <= self.s.still_deg
        )

    def _settle(self, t: float, face: FaceObs, several: bool) -> LivenessStatus:
        assert self._ref_pose is not None
        dy = face.yaw - self._ref_pose[0]
        dp = face.pitch - self._ref_pose[1]
        frontal = abs(dy) <= self.s.frontal_deg and abs(dp) <= 1.5 * self.s.frontal_deg
        prompt = self._precondition(face, several)
        if prompt is None and not frontal:
            prompt = ChallengeStep.LOOK_STRAIGHT
        if prompt is None and self._eyes_shut():
            prompt = ChallengeStep.OPEN_EYES
        if prompt is not None:
            self._prompt = prompt
            self._frontal_since = None
            self._hold_poses = []
            if t - self._phase_start > self.s.settle_timeout_ms:
                return self._fail(t, LivenessFailure.TIMEOUT)
            return self.status(t)
        self._prompt = ChallengeStep.LOOK_STRAIGHT
        if self._frontal_since is None:
            self._frontal_since = t
        self._hold_poses.append((face.yaw, face.pitch))
        if t - self._frontal_since >= self._hold_ms:
            self._activate(t, face)
        return self.status(t)

    def _act(self, t: float, face: FaceObs, blink: BlinkEvent | None) -> LivenessStatus:
        assert self._tracker is not None and self._ref_face is not None
        step = self.steps[self.index]
        dy, dp = self._tracker.delta(face.yaw, face.pitch)
        held = self._tracker.update(t, face.yaw, face.pitch)
        crossed = self._tracker.crossed_at
        # A turn that reached the threshold sooner than a person can read the prompt and turn
        # was under way before the prompt (a replay): it does not count.
        early = crossed is not None and crossed < (
            self._prompt_t + self.s.min_reaction_ms + _MIN_TURN_MS
        )
        strict = self.s.fail_on_unasked_move
        if held in (ImageDirection.UP, ImageDirection.DOWN):
            # Nodding is never asked; a clear nod is a wrong move, a small one is ignored.
            if strict and abs(dp) >= self.s.wrong_pitch_deg:
                return self._fail(t, LivenessFailure.WRONG_MOVE)
            held = None
        if step is ChallengeStep.BLINK:
            self._attempted = self._attempted or self._blink.closing or blink is not None
            if strict and held is not None:
                return self._fail(t, LivenessFailure.WRONG_MOVE)
            if blink is not None and blink.t_start >= self._prompt_t + self.s.min_reaction_ms:
                return self._step_done(t)
            return self.status(t)
        if max(abs(dy), abs(dp)) >= _ATTEMPT_FRACTION * self.s.turn_deg:
            self._attempted = True
        wanted = image_direction_of(step)
        beyond = direction_of(dy, dp, self.s.turn_deg)
        if beyond is wanted and not early:
            self._samples.append(
                (pixel_planarity(self._ref_face, face), landmark_parallax(self._ref_face, face))
            )
        # Lost from here on, the face may come back and the turn count: only once the planarity
        # test has its samples (a print turned out of view is judged like any other).
        self._turn_beyond = (
            beyond is wanted and not early and len(self._samples) >= _PLANARITY_SAMPLES
        )
        if held is None:
            return self.status(t)
        if held is not wanted:
            if strict:
                return self._fail(t, LivenessFailure.WRONG_MOVE)
            return self.status(t)
        if early:
            return self.status(t)
        if len(self._samples) < _PLANARITY_SAMPLES:
            return self.status(t)
        return self._judge_turn(t)

    def _judge_turn(self, t: float) -> LivenessStatus:
        """The asked turn happened: a head, or a flat picture?"""
        ecc = max(s[0] for s in self._samples)
        parallax = float(np.median([s[1] for s in self._samples]))
        self.trace.planarity.append((ecc, parallax))
        if ecc >= self.s.planar_ecc or parallax < self.s.min_parallax:
            log.info("planar turn: ecc %.3f parallax %.3f", ecc, parallax)
            return self._fail(t, LivenessFailure.PLANAR_MOTION)
        return self._step_done(t)
