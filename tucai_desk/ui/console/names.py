# SPDX-License-Identifier: MIT
"""Names of the codes staff see in the console: failed checks and liveness reasons of attempts,
upload and outbox states, audit actions and their details (read as "key: value", not JSON)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from tucai_desk.ui import texts as shared_texts
from tucai_desk.ui.console import texts as console_texts

_CTX = "ConsoleNames"


def tr(source: str) -> str:
    return QCoreApplication.translate(_CTX, source)


CHECKS: dict[str, str] = {
    "face_found": QT_TRANSLATE_NOOP("ConsoleNames", "no face found"),
    "single_face": QT_TRANSLATE_NOOP("ConsoleNames", "more than one face"),
    "resolution": QT_TRANSLATE_NOOP("ConsoleNames", "resolution too low"),
    "geometry": QT_TRANSLATE_NOOP("ConsoleNames", "cannot be framed"),
    "pose_yaw": QT_TRANSLATE_NOOP("ConsoleNames", "face turned aside"),
    "pose_pitch": QT_TRANSLATE_NOOP("ConsoleNames", "head raised or bowed"),
    "pose_roll": QT_TRANSLATE_NOOP("ConsoleNames", "head tilted"),
    "eyes_open": QT_TRANSLATE_NOOP("ConsoleNames", "eyes not open"),
    "eyes_visible": QT_TRANSLATE_NOOP("ConsoleNames", "eyes covered"),
    "occlusion": QT_TRANSLATE_NOOP("ConsoleNames", "face covered"),
    "mouth_closed": QT_TRANSLATE_NOOP("ConsoleNames", "mouth open"),
    "expression": QT_TRANSLATE_NOOP("ConsoleNames", "expression not neutral"),
    "glasses_glare": QT_TRANSLATE_NOOP("ConsoleNames", "glare on glasses"),
    "head_cover": QT_TRANSLATE_NOOP("ConsoleNames", "head covering"),
    "exposure": QT_TRANSLATE_NOOP("ConsoleNames", "exposure"),
    "light_balance": QT_TRANSLATE_NOOP("ConsoleNames", "uneven light on the face"),
    "sharpness": QT_TRANSLATE_NOOP("ConsoleNames", "blurred"),
    "colour": QT_TRANSLATE_NOOP("ConsoleNames", "unnatural colours"),
    "clothing_contrast": QT_TRANSLATE_NOOP("ConsoleNames", "top close to the background"),
    "background_raw": QT_TRANSLATE_NOOP("ConsoleNames", "background"),
    "top_margin": QT_TRANSLATE_NOOP("ConsoleNames", "space above the head"),
    "eye_line": QT_TRANSLATE_NOOP("ConsoleNames", "eye height"),
    "face_width": QT_TRANSLATE_NOOP("ConsoleNames", "face size"),
    "centring": QT_TRANSLATE_NOOP("ConsoleNames", "not centred"),
    "upper_body": QT_TRANSLATE_NOOP("ConsoleNames", "shoulders missing"),
    "clothing_extended": QT_TRANSLATE_NOOP("ConsoleNames", "clothing filled in"),
    "matte_edge": QT_TRANSLATE_NOOP("ConsoleNames", "hair edge"),
    "file_format": QT_TRANSLATE_NOOP("ConsoleNames", "file format"),
    "file_size": QT_TRANSLATE_NOOP("ConsoleNames", "file size"),
    "dpi": QT_TRANSLATE_NOOP("ConsoleNames", "resolution setting"),
    "liveness": QT_TRANSLATE_NOOP("ConsoleNames", "liveness check"),
}
LIVENESS: dict[str, str] = {
    "timeout": QT_TRANSLATE_NOOP("ConsoleNames", "action not done in time"),
    "planar_motion": QT_TRANSLATE_NOOP("ConsoleNames", "moved like a flat picture"),
    "wrong_move": QT_TRANSLATE_NOOP("ConsoleNames", "wrong action"),
    "face_lost": QT_TRANSLATE_NOOP("ConsoleNames", "face left the picture"),
    "several_faces": QT_TRANSLATE_NOOP("ConsoleNames", "more than one face"),
    "screen_cues": QT_TRANSLATE_NOOP("ConsoleNames", "screen detected"),
    "failed": QT_TRANSLATE_NOOP("ConsoleNames", "not passed"),
}
REMOTE_STATES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("ConsoleNames", "waiting to sync"),
    "received": QT_TRANSLATE_NOOP("ConsoleNames", "received by the service"),
    "accepted": QT_TRANSLATE_NOOP("ConsoleNames", "accepted"),
    "rejected": QT_TRANSLATE_NOOP("ConsoleNames", "rejected"),
    "finished": QT_TRANSLATE_NOOP("ConsoleNames", "finished photo available"),
}
OUTBOX_STATES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("ConsoleNames", "to be sent"),
    "delivered": QT_TRANSLATE_NOOP("ConsoleNames", "delivered"),
    "failed": QT_TRANSLATE_NOOP("ConsoleNames", "sending failed"),
}
ACTIONS: dict[str, str] = {
    "login": QT_TRANSLATE_NOOP("ConsoleNames", "signed in"),
    "login_failed": QT_TRANSLATE_NOOP("ConsoleNames", "sign-in failed"),
    "logout": QT_TRANSLATE_NOOP("ConsoleNames", "signed out"),
    "session_timeout": QT_TRANSLATE_NOOP("ConsoleNames", "signed out after being idle"),
    "account_created": QT_TRANSLATE_NOOP("ConsoleNames", "account created"),
    "account_enabled": QT_TRANSLATE_NOOP("ConsoleNames", "account enabled"),
    "account_disabled": QT_TRANSLATE_NOOP("ConsoleNames", "account disabled"),
    "account_role_changed": QT_TRANSLATE_NOOP("ConsoleNames", "account role changed"),
    "account_unlocked": QT_TRANSLATE_NOOP("ConsoleNames", "sign-in lock cleared"),
    "password_reset": QT_TRANSLATE_NOOP("ConsoleNames", "password set by an admin"),
    "password_changed": QT_TRANSLATE_NOOP("ConsoleNames", "own password changed"),
    "student_viewed": QT_TRANSLATE_NOOP("ConsoleNames", "student looked up"),
    "unlock_liveness": QT_TRANSLATE_NOOP("ConsoleNames", "liveness lock cleared"),
    "clear_timed_lock": QT_TRANSLATE_NOOP("ConsoleNames", "timed lock cleared"),
    "payment_confirmed": QT_TRANSLATE_NOOP("ConsoleNames", "payment confirmed by staff"),
    "liveness_switched": QT_TRANSLATE_NOOP("ConsoleNames", "liveness check switched"),
    "roster_imported": QT_TRANSLATE_NOOP("ConsoleNames", "roster imported"),
    "photos_exported": QT_TRANSLATE_NOOP("ConsoleNames", "photos exported"),
    "report_exported": QT_TRANSLATE_NOOP("ConsoleNames", "daily report saved"),
    "settings_changed": QT_TRANSLATE_NOOP("ConsoleNames", "settings changed"),
    "school_settings_changed": QT_TRANSLATE_NOOP("ConsoleNames", "school settings changed"),
    "console_settings_changed": QT_TRANSLATE_NOOP("ConsoleNames", "console settings changed"),
    "service_secret_set": QT_TRANSLATE_NOOP("ConsoleNames", "service credentials set"),
    "service_configured": QT_TRANSLATE_NOOP("ConsoleNames", "provincial service configured"),
}
DETAIL_KEYS: dict[str, str] = {
    "reason": QT_TRANSLATE_NOOP("ConsoleNames", "reason"),
    "liveness_failures": QT_TRANSLATE_NOOP("ConsoleNames", "liveness failures"),
    "other_failures": QT_TRANSLATE_NOOP("ConsoleNames", "other failures"),
    "timed_lock_until": QT_TRANSLATE_NOOP("ConsoleNames", "locked until"),
    "order_no": QT_TRANSLATE_NOOP("ConsoleNames", "order number"),
    "enabled": QT_TRANSLATE_NOOP("ConsoleNames", "switched on"),
    "username": QT_TRANSLATE_NOOP("ConsoleNames", "user name"),
    "role": QT_TRANSLATE_NOOP("ConsoleNames", "role"),
    "active": QT_TRANSLATE_NOOP("ConsoleNames", "active"),
    "idle_seconds": QT_TRANSLATE_NOOP("ConsoleNames", "idle seconds"),
    "file": QT_TRANSLATE_NOOP("ConsoleNames", "file"),
    "sha256": QT_TRANSLATE_NOOP("ConsoleNames", "SHA-256"),
    "format": QT_TRANSLATE_NOOP("ConsoleNames", "format"),
    "encoding": QT_TRANSLATE_NOOP("ConsoleNames", "encoding"),
    "school": QT_TRANSLATE_NOOP("ConsoleNames", "school"),
    "rows": QT_TRANSLATE_NOOP("ConsoleNames", "rows"),
    "created": QT_TRANSLATE_NOOP("ConsoleNames", "new"),
    "updated": QT_TRANSLATE_NOOP("ConsoleNames", "updated"),
    "code_changes": QT_TRANSLATE_NOOP("ConsoleNames", "code changes"),
    "skipped_rows": QT_TRANSLATE_NOOP("ConsoleNames", "rows left out"),
    "files": QT_TRANSLATE_NOOP("ConsoleNames", "files"),
    "skipped": QT_TRANSLATE_NOOP("ConsoleNames", "left out"),
    "name_by": QT_TRANSLATE_NOOP("ConsoleNames", "files named by"),
    "include_unsynced": QT_TRANSLATE_NOOP("ConsoleNames", "with unsynced photos"),
    "changes": QT_TRANSLATE_NOOP("ConsoleNames", "changes"),
    "station_id": QT_TRANSLATE_NOOP("ConsoleNames", "station"),
    "station": QT_TRANSLATE_NOOP("ConsoleNames", "station"),
    "url": QT_TRANSLATE_NOOP("ConsoleNames", "address"),
    "day": QT_TRANSLATE_NOOP("ConsoleNames", "day"),
    "via": QT_TRANSLATE_NOOP("ConsoleNames", "via"),
}
VALUES: dict[str, str] = {
    "admin": QT_TRANSLATE_NOOP("ConsoleNames", "admin"),
    "operator": QT_TRANSLATE_NOOP("ConsoleNames", "operator"),
    "cli": QT_TRANSLATE_NOOP("ConsoleNames", "command line"),
    "student_no": QT_TRANSLATE_NOOP("ConsoleNames", "student number"),
    "id_number": QT_TRANSLATE_NOOP("ConsoleNames", "ID number"),
}
_NAMED_VALUES = {"role", "via", "name_by"}  # keys whose values are codes (a user name is not)
YES = QT_TRANSLATE_NOOP("ConsoleNames", "yes")
NO = QT_TRANSLATE_NOOP("ConsoleNames", "no")
SEPARATOR = QT_TRANSLATE_NOOP("ConsoleNames", "; ")
PAIR = QT_TRANSLATE_NOOP("ConsoleNames", "{key}: {value}")


def _name(table: Mapping[str, str], code: str) -> str:
    source = table.get(code)
    return tr(source) if source else code


def check_names(codes: Iterable[str], *, liveness: bool = False) -> str:
    """The reasons of one attempt, e.g. ``抬头或低头、未睁眼``."""
    table = LIVENESS if liveness else CHECKS
    return tr(SEPARATOR).join(_name(table, c) for c in codes)


def check_name(code: str) -> str:
    return _name(CHECKS, code)


def liveness_name(code: str) -> str:
    return _name(LIVENESS, code)


def remote_state_text(state: str) -> str:
    return _name(REMOTE_STATES, state)


def outbox_state_text(state: str | None) -> str:
    return _name(OUTBOX_STATES, state) if state else ""


def action_text(action: str) -> str:
    return _name(ACTIONS, action)


def _value_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return tr(YES if value else NO)
    if value is None:
        return "—"
    if isinstance(value, str):
        if key.endswith(("_until", "_at")) or key == "at":
            try:
                return shared_texts.format_local_time(datetime.fromisoformat(value))
            except ValueError:
                return value
        return _name(VALUES, value) if key in _NAMED_VALUES else value
    if isinstance(value, list) and len(value) == 2:  # a change: [old, new]
        return f"{_value_text(key, value[0])} → {_value_text(key, value[1])}"
    if isinstance(value, dict):
        return "（" + detail_text(value) + "）"
    return str(value)


def detail_text(detail: Mapping[str, Any], limit: int = 400) -> str:
    """An audit record's details as readable ``key: value`` pairs in the UI language."""
    parts = [
        tr(PAIR).format(key=_name(DETAIL_KEYS, k), value=_value_text(k, v))
        for k, v in detail.items()
    ]
    text = tr(SEPARATOR).join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_item_text(section: str, key: str) -> str:
    """A daily report row's item: reasons and states by name, the summary items by label."""
    if section == "failures":
        return check_name(key)
    if section == "liveness":
        return liveness_name(key)
    if section == "uploads":
        return remote_state_text(key)
    return console_texts.report_item_text(key)
