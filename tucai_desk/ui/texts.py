# SPDX-License-Identifier: MIT
"""Codes from the lower layers → translated text for people.

Core, vision and services return codes (``CheckCode``, ``CodeProblem``, ``BlockReason``, error
codes); this module is the one place that turns them into words. Source strings are English and
marked with ``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` collects them; the Chinese texts live in
``resources/i18n/tucai_desk_zh_CN.ts`` (the programme's exact wording where PRODUCT.md gives one).
Placeholders are ``{name}`` fields filled with ``str.format`` after translation.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from tucai_desk.core.checks import CheckCode, CheckResult
from tucai_desk.core.collection_code import CodeProblem
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.dto import PaymentState, StudentStatus

_CTX = "Texts"


def tr(source: str) -> str:
    """Translate a source string marked in this module."""
    return QCoreApplication.translate(_CTX, source)


def _key(value: object) -> str:
    """An enum member or plain string as the lower-case key of the tables below."""
    if isinstance(value, Enum):
        value = value.value if isinstance(value.value, str) else value.name
    return str(value).strip().lower()


# --- photo checks: what the student should change --------------------------------------------
CHECK_HINTS: dict[str, str] = {
    CheckCode.FACE_FOUND: QT_TRANSLATE_NOOP(
        "Texts", "No face was found. Stand right in front of the camera and look into the lens."
    ),
    CheckCode.SINGLE_FACE: QT_TRANSLATE_NOOP(
        "Texts", "More than one face is in the picture. Only you may be in front of the camera."
    ),
    CheckCode.RESOLUTION: QT_TRANSLATE_NOOP(
        "Texts", "Your face is too small in the picture. Please move closer to the camera."
    ),
    CheckCode.GEOMETRY: QT_TRANSLATE_NOOP(
        "Texts", "The photo cannot be framed correctly. Keep your head inside the outline."
    ),
    CheckCode.POSE_YAW: QT_TRANSLATE_NOOP(
        "Texts", "Please look straight into the camera; do not turn your face to the side."
    ),
    CheckCode.POSE_PITCH: QT_TRANSLATE_NOOP(
        "Texts", "Please look straight ahead; do not raise or lower your head."
    ),
    CheckCode.POSE_ROLL: QT_TRANSLATE_NOOP(
        "Texts", "Please hold your head upright; do not tilt it to one side."
    ),
    CheckCode.EYES_OPEN: QT_TRANSLATE_NOOP("Texts", "Please keep both eyes naturally open."),
    CheckCode.EYES_VISIBLE: QT_TRANSLATE_NOOP(
        "Texts",
        "Both eyes must be visible: keep hair and frames off your eyes; "
        "no tinted glasses or coloured contact lenses.",
    ),
    CheckCode.OCCLUSION: QT_TRANSLATE_NOOP(
        "Texts", "Show your whole face: no hand, mask or scarf in front of it."
    ),
    CheckCode.MOUTH_CLOSED: QT_TRANSLATE_NOOP(
        "Texts", "Please close your mouth and keep a natural expression."
    ),
    CheckCode.EXPRESSION: QT_TRANSLATE_NOOP(
        "Texts", "Please keep a natural, neutral expression; do not laugh or pull a face."
    ),
    CheckCode.GLASSES_GLARE: QT_TRANSLATE_NOOP(
        "Texts",
        "Your glasses reflect the light. Tilt them slightly or lower your chin a little.",
    ),
    CheckCode.HEAD_COVER: QT_TRANSLATE_NOOP(
        "Texts", "Please take off your hat, cap, hood or other head covering."
    ),
    CheckCode.EXPOSURE: QT_TRANSLATE_NOOP(
        "Texts", "The light on your face is not right. Please ask staff to adjust the lights."
    ),
    CheckCode.LIGHT_BALANCE: QT_TRANSLATE_NOOP(
        "Texts", "One side of your face is darker. Stand in the middle between the two lights."
    ),
    CheckCode.SHARPNESS: QT_TRANSLATE_NOOP(
        "Texts", "The photo is blurred. Please hold still while the photo is taken."
    ),
    CheckCode.COLOUR: QT_TRANSLATE_NOOP(
        "Texts", "The colours look unnatural. Please ask staff to check the lights and camera."
    ),
    CheckCode.CLOTHING_CONTRAST: QT_TRANSLATE_NOOP(
        "Texts",
        "Your top is too close to the background colour. Wear a top that stands out "
        "(no blue top on a blue background).",
    ),
    CheckCode.BACKGROUND_RAW: QT_TRANSLATE_NOOP(
        "Texts", "Stand right in front of the backdrop; nothing else may be behind you."
    ),
    CheckCode.TOP_MARGIN: QT_TRANSLATE_NOOP(
        "Texts", "The top of your head is not in place. Line it up with the top of the outline."
    ),
    CheckCode.EYE_LINE: QT_TRANSLATE_NOOP(
        "Texts", "Your eyes are not at the right height. Line them up with the eye line."
    ),
    CheckCode.FACE_WIDTH: QT_TRANSLATE_NOOP(
        "Texts", "Your face is not the right size. Adjust your distance so it fills the outline."
    ),
    CheckCode.CENTRING: QT_TRANSLATE_NOOP(
        "Texts", "Please stand in the middle so that your head is centred in the outline."
    ),
    CheckCode.UPPER_BODY: QT_TRANSLATE_NOOP(
        "Texts", "Your shoulders must be in the photo. Please step back a little."
    ),
    CheckCode.CLOTHING_EXTENDED: QT_TRANSLATE_NOOP(
        "Texts",
        "The bottom of the photo shows clothing the station filled in. Step back a little so "
        "the camera sees your shoulders.",
    ),
    CheckCode.MATTE_EDGE: QT_TRANSLATE_NOOP(
        "Texts", "The edge of your hair is not clean. Tidy your hair and stand before the backdrop."
    ),
    CheckCode.FILE_FORMAT: QT_TRANSLATE_NOOP(
        "Texts",
        "The photo file could not be made correctly. Please retake; if it fails again, "
        "ask staff for help.",
    ),
    CheckCode.FILE_SIZE: QT_TRANSLATE_NOOP(
        "Texts",
        "The photo file size is outside the required range. Please retake; if it fails "
        "again, ask staff for help.",
    ),
    CheckCode.DPI: QT_TRANSLATE_NOOP(
        "Texts", "The photo resolution setting is wrong. Please ask staff for help."
    ),
    CheckCode.LIVENESS: QT_TRANSLATE_NOOP(
        "Texts", "The liveness check was not passed. Please follow the prompts on the screen."
    ),
}

# Sub-reasons (``CheckResult.detail``) that change what the student has to do.
CHECK_DETAIL_HINTS: dict[tuple[str, str], str] = {
    (CheckCode.GEOMETRY, "cut_top"): QT_TRANSLATE_NOOP(
        "Texts", "The top of your head is outside the picture. Please sit a little lower."
    ),
    (CheckCode.GEOMETRY, "cut_bottom"): QT_TRANSLATE_NOOP(
        "Texts", "Your chin and neck are outside the picture. Please step back a little."
    ),
    (CheckCode.GEOMETRY, "cut_left"): QT_TRANSLATE_NOOP(
        "Texts", "Your head is cut off at the side. Please move to the middle of the picture."
    ),
    (CheckCode.GEOMETRY, "cut_right"): QT_TRANSLATE_NOOP(
        "Texts", "Your head is cut off at the side. Please move to the middle of the picture."
    ),
    (CheckCode.GEOMETRY, "body_cut"): QT_TRANSLATE_NOOP(
        "Texts", "Your shoulders are not in the picture. Please step back a little."
    ),
    (CheckCode.GEOMETRY, "hair_too_tall"): QT_TRANSLATE_NOOP(
        "Texts", "Your hairstyle rises too high for the photo. Please wear your hair lower."
    ),
    (CheckCode.GEOMETRY, "face_too_small"): QT_TRANSLATE_NOOP(
        "Texts", "Your face is too small in the picture. Please move closer to the camera."
    ),
    (CheckCode.EXPOSURE, "too_dark"): QT_TRANSLATE_NOOP(
        "Texts", "The light is too dark. Please move closer to the lights."
    ),
    (CheckCode.EXPOSURE, "too_bright"): QT_TRANSLATE_NOOP(
        "Texts", "The light is too bright. Please step back from the lights."
    ),
    (CheckCode.EXPOSURE, "clipped"): QT_TRANSLATE_NOOP(
        "Texts", "Parts of your face are overexposed. Please step back from the lights."
    ),
    (CheckCode.FACE_WIDTH, "too_small"): QT_TRANSLATE_NOOP(
        "Texts", "Your face is too small in the photo. Please move a little closer."
    ),
    (CheckCode.FACE_WIDTH, "too_large"): QT_TRANSLATE_NOOP(
        "Texts", "Your face is too large in the photo. Please step back a little."
    ),
    (CheckCode.POSE_PITCH, "up"): QT_TRANSLATE_NOOP(
        "Texts", "Your chin is raised. Please lower your chin a little and look straight ahead."
    ),
    (CheckCode.POSE_PITCH, "down"): QT_TRANSLATE_NOOP(
        "Texts", "Your head is bowed. Please raise your chin a little and look straight ahead."
    ),
    (CheckCode.MOUTH_CLOSED, "teeth"): QT_TRANSLATE_NOOP(
        "Texts", "Your teeth show. Please close your lips naturally."
    ),
    (CheckCode.EXPRESSION, "smile"): QT_TRANSLATE_NOOP(
        "Texts", "Please do not smile broadly; keep a natural expression."
    ),
    (CheckCode.EXPRESSION, "jaw_open"): QT_TRANSLATE_NOOP(
        "Texts", "Please close your mouth and keep a natural expression."
    ),
    (CheckCode.OCCLUSION, "hand"): QT_TRANSLATE_NOOP(
        "Texts", "A hand covers your face. Please rest your hands on your lap."
    ),
    (CheckCode.EXPRESSION, "grimace"): QT_TRANSLATE_NOOP(
        "Texts", "Please relax your face and keep a natural expression."
    ),
}


def check_hint(check: CheckResult | CheckCode | str, detail: str = "") -> str:
    """What the student should change for one failed check."""
    if isinstance(check, CheckResult):
        code, detail = _key(check.code), check.detail
    else:
        code = _key(check)
    source = CHECK_DETAIL_HINTS.get((code, _key(detail))) if detail else None
    source = source or CHECK_HINTS.get(code)
    if source is None:
        return tr(
            QT_TRANSLATE_NOOP(
                "Texts", "The photo does not meet the standard ({code}). Please retake it."
            )
        ).format(code=code)
    return tr(source)


# --- collection codes ---------------------------------------------------------------------------
CODE_PROBLEMS: dict[str, str] = {
    CodeProblem.EMPTY: QT_TRANSLATE_NOOP("Texts", "Please scan or enter your collection code."),
    CodeProblem.MALFORMED: QT_TRANSLATE_NOOP(
        "Texts",
        "This is not a valid collection code. Please scan it again or check what you typed.",
    ),
    CodeProblem.UNKNOWN: QT_TRANSLATE_NOOP(
        "Texts", "No student with this collection code was found."
    ),
    CodeProblem.OTHER_SCHOOL: QT_TRANSLATE_NOOP(
        "Texts",
        "This collection code belongs to another school. Please go to your own school's "
        "capture point.",
    ),
    CodeProblem.COMPLETED: QT_TRANSLATE_NOOP(
        "Texts", "The photo for this collection code has already been collected."
    ),
    CodeProblem.EXPIRED: QT_TRANSLATE_NOOP("Texts", "This collection code has expired."),
}
CONTACT_LINE = QT_TRANSLATE_NOOP(
    "Texts", "If you have any questions, please contact the school's photo collection office."
)


def code_problem_text(problem: CodeProblem | str) -> str:
    source = CODE_PROBLEMS.get(_key(problem), CODE_PROBLEMS[CodeProblem.MALFORMED])
    return tr(source)


def contact_line() -> str:
    return tr(CONTACT_LINE)


# --- capture blocks and locks --------------------------------------------------------------------
BLOCK_TEXTS: dict[str, str] = {
    BlockReason.LIVENESS_LOCKED: QT_TRANSLATE_NOOP(
        "Texts",
        "Your photos failed the liveness check several times. Please contact the "
        "school's photo collection office to unlock your account.",
    ),
    BlockReason.TIMED_LOCK: QT_TRANSLATE_NOOP(
        "Texts",
        "Please read the shooting requirements carefully. You can take photos again after {until}.",
    ),
    BlockReason.DRAFT_FULL: QT_TRANSLATE_NOOP(
        "Texts",
        "The draft box is full. Please go to the draft box to delete a photo or use "
        "one of the photos there.",
    ),
    BlockReason.COOLDOWN: QT_TRANSLATE_NOOP("Texts", "Cooldown: {n} s"),
}
DRAFTS_AVAILABLE = QT_TRANSLATE_NOOP(
    "Texts", "Photos were found in your draft box. You can choose one to upload."
)
DATE_TIME_FORMAT = QT_TRANSLATE_NOOP("Texts", "{year}-{month}-{day} {hh}:{mm}:{ss}")


def format_local_time(moment: datetime) -> str:
    """An aware UTC datetime as local wall-clock time, e.g. ``2022年03月07日 17:55:48``."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return tr(DATE_TIME_FORMAT).format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        hh=f"{local.hour:02d}",
        mm=f"{local.minute:02d}",
        ss=f"{local.second:02d}",
    )


def block_text(reason: BlockReason | str, until: datetime | None = None) -> str:
    key = _key(reason)
    source = BLOCK_TEXTS.get(key)
    if source is None:
        return tr(QT_TRANSLATE_NOOP("Texts", "Taking a photo is not possible right now."))
    if key == BlockReason.TIMED_LOCK:
        return tr(source).format(until=format_local_time(until) if until else "-")
    if key == BlockReason.COOLDOWN:
        return tr(source).format(n=0)
    return tr(source)


def cooldown_text(seconds: int) -> str:
    return tr(BLOCK_TEXTS[BlockReason.COOLDOWN]).format(n=max(0, seconds))


def drafts_available_text() -> str:
    return tr(DRAFTS_AVAILABLE)


def attempts_left_text(n: int) -> str:
    """How many failed attempts remain before a lock (photo checks or liveness)."""
    return tr(QT_TRANSLATE_NOOP("Texts", "{n} attempts left.")).format(n=max(0, n))


# --- service, login and camera errors ------------------------------------------------------------
FLOW_ERRORS: dict[str, str] = {
    "phone_invalid": QT_TRANSLATE_NOOP(
        "Texts", "Please enter a valid 11-digit mainland mobile number."
    ),
    "blocked": QT_TRANSLATE_NOOP("Texts", "Taking a photo is not possible right now."),
    "liveness_required": QT_TRANSLATE_NOOP(
        "Texts", "Please pass the liveness check first, then take the photo again."
    ),
    "draft_too_new": QT_TRANSLATE_NOOP(
        "Texts", "This photo can only be deleted 24 hours after it was saved."
    ),
    "draft_missing": QT_TRANSLATE_NOOP("Texts", "This photo is no longer in the draft box."),
    "student_missing": QT_TRANSLATE_NOOP("Texts", "The student record was not found."),
    "already_uploaded": QT_TRANSLATE_NOOP(
        "Texts", "A photo has already been confirmed for upload."
    ),
    "no_frames": QT_TRANSLATE_NOOP(
        "Texts", "No picture was received from the camera. Please try again."
    ),
    "no_payment": QT_TRANSLATE_NOOP("Texts", "There is no payment order for this student."),
    "not_allowed": QT_TRANSLATE_NOOP("Texts", "Your staff account may not do this."),
    "no_school": QT_TRANSLATE_NOOP(
        "Texts", "No school is set up on this station. Please import the roster first."
    ),
    "weak_password": QT_TRANSLATE_NOOP(
        "Texts", "The password is too weak: use at least 8 characters with letters and digits."
    ),
    "exists": QT_TRANSLATE_NOOP("Texts", "A staff account with this name already exists."),
    "reason_required": QT_TRANSLATE_NOOP("Texts", "Please enter a reason."),
    "not_locked": QT_TRANSLATE_NOOP("Texts", "This account is not locked."),
}


def flow_error_text(code: str) -> str:
    source = FLOW_ERRORS.get(_key(code))
    if source is None:
        return tr(
            QT_TRANSLATE_NOOP(
                "Texts", "The action could not be completed ({code}). Please ask staff for help."
            )
        ).format(code=code)
    return tr(source)


LOGIN_ERRORS: dict[str, str] = {
    "bad_credentials": QT_TRANSLATE_NOOP("Texts", "Wrong user name or password."),
    "locked": QT_TRANSLATE_NOOP(
        "Texts", "Too many wrong passwords: this account is locked until {until}."
    ),
    "inactive": QT_TRANSLATE_NOOP("Texts", "This staff account is disabled."),
    "empty": QT_TRANSLATE_NOOP("Texts", "Please enter user name and password."),
    "mismatch": QT_TRANSLATE_NOOP("Texts", "The two passwords do not match."),
    "too_short": QT_TRANSLATE_NOOP("Texts", "The password must have at least {n} characters."),
}


def login_error_text(code: str, until: datetime | None = None, *, min_length: int = 8) -> str:
    key = _key(code)
    source = LOGIN_ERRORS.get(key, LOGIN_ERRORS["bad_credentials"])
    return tr(source).format(until=format_local_time(until) if until else "-", n=min_length)


HEAD_COVER_ALLOWED = QT_TRANSLATE_NOOP("Texts", "Head cover allowed by staff: {reason}")


def head_cover_allowed_text(reason: str) -> str:
    """The note on a photo that passed by the staff's head-cover override."""
    return tr(HEAD_COVER_ALLOWED).format(reason=reason)


SESSION_ERRORS: dict[str, str] = {
    "session_ended": QT_TRANSLATE_NOOP(
        "Texts", "The staff session has ended. Please sign in again."
    ),
    "session_expired": QT_TRANSLATE_NOOP(
        "Texts",
        "The staff session ended after a while without staff actions. Please sign in again.",
    ),
    "account_disabled": QT_TRANSLATE_NOOP(
        "Texts",
        "This staff account has been disabled, so the action was refused. Please ask an "
        "administrator.",
    ),
    "role_changed": QT_TRANSLATE_NOOP(
        "Texts",
        "The role of this staff account was changed, so the action was refused. Please sign in "
        "again.",
    ),
    "reauth_required": QT_TRANSLATE_NOOP(
        "Texts", "Please enter your password again to confirm this action."
    ),
}


def session_error_text(code: str) -> str:
    """Why a staff session no longer allows an action, and what to do."""
    if _key(code) not in SESSION_ERRORS:
        return flow_error_text(code)  # not_allowed: the account may not do this
    return tr(SESSION_ERRORS.get(_key(code), SESSION_ERRORS["session_ended"]))


CAMERA_ERRORS: dict[str, str] = {
    "not_found": QT_TRANSLATE_NOOP("Texts", "No camera was found. Please connect the camera."),
    "open_failed": QT_TRANSLATE_NOOP(
        "Texts", "The camera could not be opened (it may be in use by another program)."
    ),
    "bad_spec": QT_TRANSLATE_NOOP("Texts", "The camera setting is not valid."),
    "lost": QT_TRANSLATE_NOOP("Texts", "The camera was disconnected. Reconnecting…"),
    "file_not_allowed": QT_TRANSLATE_NOOP(
        "Texts", "Only the station camera may be used: no video files or pictures."
    ),
}


def camera_error_text(code: str) -> str:
    source = CAMERA_ERRORS.get(_key(code))
    if source is None:
        return tr(QT_TRANSLATE_NOOP("Texts", "The camera is not available ({code}).")).format(
            code=code
        )
    return tr(source)


def camera_lost_text() -> str:
    return tr(CAMERA_LOST)


CAMERA_LOST = QT_TRANSLATE_NOOP("Texts", "The camera was disconnected. Reconnecting…")

SYNC_ERRORS: dict[str, str] = {
    "not_configured": QT_TRANSLATE_NOOP("Texts", "No provincial service configured"),
    "network": QT_TRANSLATE_NOOP("Texts", "Provincial service unreachable"),
    "timeout": QT_TRANSLATE_NOOP("Texts", "Provincial service does not answer"),
    "tls": QT_TRANSLATE_NOOP("Texts", "Secure connection to the provincial service failed"),
    "server_error": QT_TRANSLATE_NOOP("Texts", "Provincial service error"),
    "invalid_credentials": QT_TRANSLATE_NOOP("Texts", "Station login refused by the service"),
    "unauthorized": QT_TRANSLATE_NOOP("Texts", "Station login refused by the service"),
    "token_expired": QT_TRANSLATE_NOOP("Texts", "Station login refused by the service"),
    "photo_missing": QT_TRANSLATE_NOOP("Texts", "A confirmed photo file is missing"),
    "photo_corrupt": QT_TRANSLATE_NOOP("Texts", "A confirmed photo file is damaged"),
}


def sync_error_text(code: str) -> str:
    source = SYNC_ERRORS.get(_key(code))
    if source is None:
        return tr(QT_TRANSLATE_NOOP("Texts", "Sync error ({code})")).format(code=code)
    return tr(source)


# --- live guidance and the liveness challenge ----------------------------------------------------
GUIDANCE: dict[str, str] = {
    "no_face": QT_TRANSLATE_NOOP("Texts", "Please stand in front of the camera."),
    "several_faces": QT_TRANSLATE_NOOP("Texts", "Only one person may be in front of the camera."),
    "come_closer": QT_TRANSLATE_NOOP("Texts", "Please come a little closer."),
    "step_back": QT_TRANSLATE_NOOP("Texts", "Please step back a little."),
    "move_left": QT_TRANSLATE_NOOP("Texts", "Please move a little to your left."),
    "move_right": QT_TRANSLATE_NOOP("Texts", "Please move a little to your right."),
    "move_up": QT_TRANSLATE_NOOP("Texts", "Please sit up straight so your head is higher."),
    "move_down": QT_TRANSLATE_NOOP("Texts", "Please lower your head into the outline."),
    "look_straight": QT_TRANSLATE_NOOP(
        "Texts", "Please look straight into the camera; do not turn your face to the side."
    ),
    "straighten_head": QT_TRANSLATE_NOOP(
        "Texts", "Please hold your head upright; do not tilt it to one side."
    ),
    "open_eyes": QT_TRANSLATE_NOOP("Texts", "Please keep both eyes naturally open."),
    "too_dark": QT_TRANSLATE_NOOP(
        "Texts", "The light is too dark. Please move closer to the lights."
    ),
    "too_bright": QT_TRANSLATE_NOOP(
        "Texts", "The light is too bright. Please step back from the lights."
    ),
    "uneven_light": QT_TRANSLATE_NOOP(
        "Texts", "One side of your face is darker. Stand in the middle between the two lights."
    ),
    "ready": QT_TRANSLATE_NOOP("Texts", "Good. Hold still and press Space to take the photo."),
}


def guidance_text(hint: object) -> str:
    """One live hint; unknown hints fall back to the check hint of the same name, or nothing."""
    if hint is None:
        return ""
    key = _key(hint)
    if key in GUIDANCE:
        return tr(GUIDANCE[key])
    if key in CHECK_HINTS:
        return tr(CHECK_HINTS[key])
    return ""


CHALLENGES: dict[str, str] = {
    "blink": QT_TRANSLATE_NOOP("Texts", "Please blink."),
    "turn_left": QT_TRANSLATE_NOOP("Texts", "Please slowly turn your head to your left."),
    "turn_right": QT_TRANSLATE_NOOP("Texts", "Please slowly turn your head to your right."),
    "look_straight": QT_TRANSLATE_NOOP("Texts", "Please look straight into the camera."),
    "come_closer": QT_TRANSLATE_NOOP("Texts", "Please come a little closer."),
    "one_person": QT_TRANSLATE_NOOP("Texts", "Only one person may be in front of the camera."),
    "show_face": QT_TRANSLATE_NOOP("Texts", "Please show your whole face to the camera."),
    "hold_still": QT_TRANSLATE_NOOP("Texts", "Please hold your head still for a moment."),
    "open_eyes": QT_TRANSLATE_NOOP("Texts", "Please open your eyes."),
}
LIVENESS_FAILURES: dict[str, str] = {
    "timeout": QT_TRANSLATE_NOOP("Texts", "The action was not done in time."),
    "planar_motion": QT_TRANSLATE_NOOP(
        "Texts", "The face moved like a flat picture. Photos of photos or screens are not allowed."
    ),
    "wrong_move": QT_TRANSLATE_NOOP("Texts", "A different action was done than the one asked."),
    "face_lost": QT_TRANSLATE_NOOP("Texts", "Your face left the picture."),
    "several_faces": QT_TRANSLATE_NOOP("Texts", "Only one person may be in front of the camera."),
    "screen_cues": QT_TRANSLATE_NOOP(
        "Texts", "A screen was detected. Photos of photos or screens are not allowed."
    ),
}


def liveness_failure_text(failure: object) -> str:
    source = LIVENESS_FAILURES.get(_key(failure)) if failure else None
    return tr(source) if source else ""


def challenge_text(step: object) -> str:
    if step is None:
        return ""
    return tr(CHALLENGES.get(_key(step), CHALLENGES["look_straight"]))


# --- states shown on the summary pages -----------------------------------------------------------
PAYMENT_STATES: dict[str, str] = {
    PaymentState.PENDING: QT_TRANSLATE_NOOP("Texts", "Waiting for payment"),
    PaymentState.PAID: QT_TRANSLATE_NOOP("Texts", "Paid"),
    PaymentState.FAILED: QT_TRANSLATE_NOOP("Texts", "Payment failed"),
    PaymentState.EXPIRED: QT_TRANSLATE_NOOP("Texts", "Payment order expired"),
}
STUDENT_STATES: dict[str, str] = {
    StudentStatus.NOT_STARTED: QT_TRANSLATE_NOOP("Texts", "Not started"),
    StudentStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Texts", "In progress"),
    StudentStatus.DRAFTS: QT_TRANSLATE_NOOP("Texts", "Photos in the draft box"),
    StudentStatus.CONFIRMED: QT_TRANSLATE_NOOP("Texts", "Confirmed, waiting to sync"),
    StudentStatus.SYNCED: QT_TRANSLATE_NOOP("Texts", "Received by the provincial service"),
    StudentStatus.ACCEPTED: QT_TRANSLATE_NOOP("Texts", "Accepted"),
    StudentStatus.REJECTED: QT_TRANSLATE_NOOP("Texts", "Rejected"),
    StudentStatus.FINISHED: QT_TRANSLATE_NOOP("Texts", "Finished photo available"),
}


def payment_state_text(state: PaymentState | str) -> str:
    return tr(PAYMENT_STATES.get(_key(state), PAYMENT_STATES[PaymentState.PENDING]))


def student_status_text(status: StudentStatus | str) -> str:
    source = STUDENT_STATES.get(_key(status))
    return tr(source) if source else str(status)


def money_text(cents: int) -> str:
    return tr(QT_TRANSLATE_NOOP("Texts", "¥{amount}")).format(amount=f"{cents / 100:.2f}")
