# SPDX-License-Identifier: MIT
"""Data returned by the live view's analysis: hints, the framing overlay and the liveness status.

Everything here is plain data (frozen dataclasses and StrEnums); the UI maps the codes to text.

Direction convention (hints and prompts): **left and right are the student's own left and right.**
The camera faces the student, so the student's left is the *camera image's* right. Concretely:

- ``MOVE_LEFT`` means "move towards your own left": given when the face sits too far to the left
  of the un-mirrored camera image (the student sits too far to their own right);
- ``TURN_LEFT`` means "turn your head to your own left": the nose moves towards the camera image's
  right, the Face Landmarker's yaw grows (yaw > 0 is "nose to the image's right").

The preview that students see is mirrored by the UI, and in a mirror the student's own left is
also the screen's left, so an arrow pointing left on the screen matches these prompts. The test
material labels turns "the way the nose moves in the (un-mirrored) image", so its ``right`` is the
student's ``TURN_LEFT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GuidanceHint(StrEnum):
    """The one hint shown under the live view, most important first (declaration order)."""

    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    COME_CLOSER = "come_closer"
    STEP_BACK = "step_back"
    MOVE_LEFT = "move_left"  # towards the student's own left
    MOVE_RIGHT = "move_right"
    MOVE_UP = "move_up"  # raise the head in the frame (sit up / raise the seat)
    MOVE_DOWN = "move_down"
    LOOK_STRAIGHT = "look_straight"
    STRAIGHTEN_HEAD = "straighten_head"  # head tilted sideways (roll)
    OPEN_EYES = "open_eyes"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    UNEVEN_LIGHT = "uneven_light"
    READY = "ready"


HINT_ORDER: dict[GuidanceHint, int] = {hint: i for i, hint in enumerate(GuidanceHint)}


class LivenessState(StrEnum):
    WAITING = "waiting"  # for a usable face (one face, close enough, looking straight)
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"


class ChallengeStep(StrEnum):
    """What the station asks the student to do now (prompts in the student's own terms)."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the student's own left: nose to the camera image's right
    TURN_RIGHT = "turn_right"
    LOOK_STRAIGHT = "look_straight"  # face the camera (before the test and between its steps)
    COME_CLOSER = "come_closer"  # face too small for the test
    ONE_PERSON = "one_person"  # several faces in view
    SHOW_FACE = "show_face"  # no face found (turned away, a hand in front, out of the picture)
    HOLD_STILL = "hold_still"  # the head moves too much to learn its rest pose
    OPEN_EYES = "open_eyes"  # eyes kept shut: the next action waits for them to open


#: The actions a challenge is made of (the other steps are only prompts).
ACTIONS: tuple[ChallengeStep, ...] = (
    ChallengeStep.BLINK,
    ChallengeStep.TURN_LEFT,
    ChallengeStep.TURN_RIGHT,
)


class LivenessFailure(StrEnum):
    TIMEOUT = "timeout"  # the asked action did not come within its window
    PLANAR_MOTION = "planar_motion"  # the face turned like a flat picture
    WRONG_MOVE = "wrong_move"  # a clear action that was not asked (e.g. turned the other way)
    FACE_LOST = "face_lost"
    SEVERAL_FACES = "several_faces"
    SCREEN_CUES = "screen_cues"  # reserved: no passive screen cue is validated across cameras yet


@dataclass(frozen=True, slots=True)
class FramingOverlay:
    """Where the head should be, in normalised coordinates (0..1) of the full camera frame.

    ``crop`` is the 3:4 window the still is cut from (x0, y0, x1, y1). ``head_ellipse`` is
    (centre x, centre y, half width, half height) of the outline to draw around the face,
    ``eye_line`` the y of the target eye line and ``eye_band`` the y range the eyes may take.
    """

    crop: tuple[float, float, float, float]
    head_ellipse: tuple[float, float, float, float]
    eye_line: float
    eye_band: tuple[float, float]
    face_width_range: tuple[float, float]  # allowed cheek-to-cheek width, as a fraction of frame W


@dataclass(frozen=True, slots=True)
class LivenessStatus:
    state: LivenessState
    prompt: ChallengeStep | None
    step_index: int
    step_count: int
    remaining_ms: float | None  # time left in the current action's window
    failure: LivenessFailure | None


@dataclass(frozen=True, slots=True)
class LiveResult:
    hint: GuidanceHint  # the one hint to show (READY when everything is within limits)
    ready: bool
    overlay: FramingOverlay
    face_box: tuple[float, float, float, float] | None  # normalised x0, y0, x1, y1
    liveness: LivenessStatus | None  # None when liveness is switched off


@dataclass(frozen=True, slots=True)
class GuidanceSettings:
    """Limits for the live hints. Pixel values are for the 480×640 output photo.

    The bands sit inside the standard's limits (eyes 200–300 px from the top, face 180–300 px
    wide) so that small movements between READY and the shutter do not push the still outside.
    """

    eye_band_px: tuple[float, float] = (215.0, 285.0)
    eye_target_px: float = 250.0
    face_width_px: tuple[float, float] = (195.0, 285.0)
    face_width_target_px: float = 240.0
    centre_tolerance_px: float = 30.0
    max_yaw_deg: float = 5.0
    pitch_zero_deg: float = 2.0  # the model reads a few degrees of pitch on frontal faces
    max_pitch_deg: float = 9.0
    max_roll_deg: float = 5.0
    eyes_closed_blink: float = 0.45  # mean eyeBlink blendshape above which the eyes count closed
    eyes_closed_ms: float = 600.0  # longer than any blink: a blink never shows the hint
    # Light, linear (0..1), the still's exposure limits (checks.yaml, exposure): too dark when the
    # frame's white or the face's highlights are dim, never by the face's mean (it follows the
    # skin); too bright when the face's mean is beyond OFIQ's 0.8.
    scene_white_min: float = 0.285
    highlight_min: float = 0.09
    luminance_max: float = 0.8
    light_balance_range: tuple[float, float] = (0.6, 1.67)  # left/right cheek, display grey
    other_face_area: float = 0.10  # another face counts above this share of the main face's area


@dataclass(frozen=True, slots=True)
class LivenessSettings:
    """The challenge protocol. Times are in milliseconds, angles in degrees.

    Defaults come from physiology and geometry, not from the few clips at hand: a natural blink
    lasts about 100–400 ms (50–500 ms accepted); a person cannot answer a prompt in less than
    about 200 ms; the station asks for a 15–25° turn and accepts 15° or more.
    """

    steps: tuple[ChallengeStep, ...] = ACTIONS
    step_window_ms: float = 4000.0
    min_reaction_ms: float = 200.0
    hold_ms: tuple[float, float] = (400.0, 1200.0)  # random frontal hold before each prompt
    settle_timeout_ms: float = 6000.0  # to look straight again between steps
    total_timeout_ms: float = 40000.0
    turn_deg: float = 15.0
    turn_hold_ms: float = 100.0
    frontal_deg: float = 8.0  # back at the rest pose between steps: within this of it
    # The rest pose the turns are measured from may be off the camera's axis (a camera above the
    # screen, a second monitor): anything within these limits, held still, is accepted.
    rest_yaw_deg: float = 25.0
    rest_pitch_deg: float = 20.0
    still_deg: float = 4.0  # the pose stays within this of its median while the rest is learnt
    # A step whose window ends with no attempt seen is asked once more within the same test.
    repeat_unanswered: bool = True
    lost_turn_ms: float = 3000.0  # a face lost beyond the asked turn may come back within this
    wrong_pitch_deg: float = 20.0  # nodding this far during a step counts as a wrong move
    # A clear unasked move (the other turn, a turn while asked to blink, a deep nod) fails the
    # test: a replay cannot avoid its own moves. Off, such moves are only ignored, which is kinder
    # to students who confuse left and right but lets a replay wait for the asked move.
    fail_on_unasked_move: bool = True
    blink_min_ms: float = 50.0
    blink_max_ms: float = 500.0
    blink_high: float = 0.27  # peak closure (vs the open level) a blink must reach
    min_inter_eye_px: float = 60.0  # in the analysed frame; smaller faces are asked closer
    face_lost_ms: float = 1000.0
    several_faces_ms: float = 500.0
    other_face_ied_ratio: float = 0.5  # a second face this large (vs the main one) counts
    planar_ecc: float = 0.985  # pixel homography fit (ECC correlation) above this: a flat picture
    min_parallax: float = 0.06  # nose-tip parallax (× inter-eye distance) a real head must show
