# SPDX-License-Identifier: MIT
"""SettingsService: the station's settings, the console's school-wide settings and the school's
fee and notice texts, changed by an admin with every change audited as old → new.

Three homes, three lifetimes: :class:`StationSettings` (this station's TOML file), the console's
:class:`ConsoleSettings` (the ``settings`` table, shared by every station on the database: idle
time-out, export file names) and the ``schools`` row (fee, notice, precautions). Policy numbers take
effect at once (the capture service reads them on every use); camera, photo profile, language and
service address when the station starts next (``SettingsChange.restart_needed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tucai_desk.services.accounts import Actor, CommandLine, require_admin
from tucai_desk.services.programme_rules import ProgrammeRules, RulesError
from tucai_desk.services.settings import RULE_FIELDS, StationSettings, save_settings
from tucai_desk.store.accounts_repo import AccountRepository
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.roster_repo import RosterRepository, SchoolRow
from tucai_desk.store.timekeeping import ClockJump, confirm_clock_jump, pending_jump

log = logging.getLogger(__name__)

CONSOLE_KEY = "console"
AUDIT_TEXT_LIMIT = 1000
# Fields of StationSettings a change of which needs a restart of the station.
RESTART_PREFIXES = ("camera.", "photo_profile", "background", "language", "service.", "db_url")
# Fields the dialog does not edit (identity of the station, not preferences).
FIXED_FIELDS = ("schema_version", "station_id", "school_code", "db_url", "demo", "liveness_enabled")
MAX_FEE_CENTS = 100_000


class ConsoleSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    idle_minutes: float = Field(10.0, ge=1, le=240)
    # Admin-only actions ask for the password again when it was entered longer ago than this.
    reauth_minutes: float = Field(5.0, ge=1, le=60)
    export_name_by: Literal["student_no", "id_number"] = "student_no"


class SettingsError(RuntimeError):
    """``code``: invalid (``fields`` names them) | no_school | not_allowed."""

    def __init__(self, code: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(f"{code}: {', '.join(fields)}" if fields else code)
        self.code = code
        self.fields = fields


@dataclass(frozen=True, slots=True)
class SchoolTexts:
    fee_cents: int
    notice_html: str
    precautions_html: str


@dataclass(frozen=True, slots=True)
class SettingsChange:
    changes: dict[str, tuple[Any, Any]]
    restart_needed: tuple[str, ...]


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    a, b = _flatten(old), _flatten(new)
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def _check_station(new: StationSettings) -> tuple[str, ...]:
    """What pydantic cannot know: the camera spec's form, the profile and its colours, the URL."""
    from tucai_desk.vision.profiles import ProfileError, load_profile

    problems: list[str] = []
    source = new.camera.source
    kind, _, arg = source.partition(":")
    if not (
        source in ("auto", "demo")
        or (kind == "usb" and arg.isdigit())
        or (kind in ("file", "folder") and arg)
    ):
        problems.append("camera.source")
    try:
        profile = load_profile(new.photo_profile)
    except ProfileError:
        problems.append("photo_profile")
    else:
        if new.background and new.background not in profile.backgrounds:
            problems.append("background")
    url = new.service.url.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append("service.url")
    return tuple(problems)


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > AUDIT_TEXT_LIMIT:
        return value[:AUDIT_TEXT_LIMIT] + "…"
    return value


class SettingsService:
    def __init__(
        self,
        *,
        settings: StationSettings,
        data_dir: Path,
        accounts: AccountRepository,
        ledger: AuditLedger,
        roster: RosterRepository,
        school_code: str,
        rules: ProgrammeRules | None = None,
        save: Callable[[Path, StationSettings], None] = save_settings,
    ) -> None:
        """``rules``: the programme's rules in the database (``policy.*`` of the dialog)."""
        self._settings = settings  # the station's live object: changed in place
        self._data_dir = data_dir
        self._accounts = accounts
        self._ledger = ledger
        self._roster = roster
        self._school_code = school_code
        self._rules = rules or ProgrammeRules(ledger, mirror=settings)
        self._save = save

    # -- reading ---------------------------------------------------------------------------------
    def station_settings(self) -> StationSettings:
        self._rules.current()  # the rules' view in the settings object, fresh from the database
        return self._settings.model_copy(deep=True)

    def console_settings(self) -> ConsoleSettings:
        raw = self._accounts.setting(CONSOLE_KEY)
        try:
            return ConsoleSettings.model_validate(raw or {})
        except ValidationError:
            log.warning("console settings in the database are invalid; using defaults")
            return ConsoleSettings()

    def school_texts(self) -> SchoolTexts:
        school = self._school()
        return SchoolTexts(school.fee_cents, school.notice_html, school.precautions_html)

    def _school(self) -> SchoolRow:
        school = self._roster.school(self._school_code)
        if school is None:
            raise SettingsError("no_school")
        return school

    # -- changing ----------------------------------------------------------------------------------
    def save_station(self, actor: Actor, values: dict[str, Any]) -> SettingsChange:
        """Validate ``values`` (the dialog's fields, nested like the TOML) and save them."""
        by = require_admin(actor)
        self._rules.current()
        current = self._settings.model_dump(mode="json")
        merged = {**current, **{k: v for k, v in values.items() if k not in FIXED_FIELDS}}
        try:
            new = StationSettings.model_validate(merged)
        except ValidationError as exc:
            fields = tuple(".".join(str(p) for p in err["loc"]) for err in exc.errors())
            raise SettingsError("invalid", fields) from exc
        problems = _check_station(new)
        if problems:
            raise SettingsError("invalid", problems)
        changes = diff(current, new.model_dump(mode="json"))
        if not changes:
            return SettingsChange({}, ())
        rule_changes = {k: v for k, v in changes.items() if k.startswith(RULE_FIELDS)}
        if rule_changes:
            # The programme's rules go to the database (audited there), never to the file, and
            # only from the console by a signed-in admin (the command line is anyone at the PC).
            if isinstance(actor, CommandLine):
                raise SettingsError("not_allowed")
            try:
                self._rules.change(by, new.policy.model_dump(), source="console")
            except RulesError as exc:
                raise SettingsError("invalid", tuple(f"policy.{f}" for f in exc.fields)) from exc
        local = {k: v for k, v in changes.items() if k not in rule_changes}
        if local:
            with self._ledger.transaction() as s:
                self._ledger.append(
                    s,
                    "settings_changed",
                    staff_id=by,
                    detail={"changes": {k: [_short(a), _short(b)] for k, (a, b) in local.items()}},
                )
                self._save(self._data_dir, new)  # inside the transaction: a failed write rolls back
        for name in type(new).model_fields:
            if name not in RULE_FIELDS:
                setattr(self._settings, name, getattr(new, name))
        restart = tuple(k for k in changes if k.startswith(RESTART_PREFIXES))
        log.info("station settings changed: %s", ", ".join(changes))
        return SettingsChange(changes, restart)

    def pending_clock_jump(self) -> ClockJump | None:
        """A station clock's jump forward that the rules do not trust until an admin confirms it."""
        with self._ledger.transaction() as s:
            return pending_jump(s)

    def confirm_clock_jump(self, actor: Actor) -> ClockJump | None:
        """The admin confirms the jumped clock is right: the rule time moves forward with it.

        Only a signed-in admin: the command line is anyone with the PC, the very person whose
        clock change this guards against.
        """
        if isinstance(actor, CommandLine):
            raise SettingsError("not_allowed")
        by = require_admin(actor)
        with self._ledger.transaction() as s:
            jump = confirm_clock_jump(s)
            if jump is not None:
                self._ledger.append(
                    s,
                    "clock_jump_confirmed",
                    staff_id=by,
                    detail={
                        "station_id": jump.station_id,
                        "rule_time": jump.rule_time.isoformat(),
                        "station_clock": jump.station_clock.isoformat(),
                    },
                )
        return jump

    def set_service_secret(self, actor: Actor, secret: str) -> None:
        """Keep the station's secret for the provincial service (keyring or a user-only file).

        The secret itself is never written to the settings, the log or the audit record.
        """
        by = require_admin(actor)
        secret = secret.strip()
        station_id = self._settings.service.station_id
        if not secret or not station_id:
            raise SettingsError("invalid", ("service.secret",))
        from tucai_desk.sync.token_store import TokenStore, open_credential_store

        tokens = TokenStore(open_credential_store(station_id, self._data_dir))
        tokens.set_secret(secret)
        tokens.clear_token()
        self._ledger.record("service_secret_set", staff_id=by, detail={"station_id": station_id})
        log.info("station secret for the provincial service stored")

    def save_console(self, actor: Actor, values: dict[str, Any]) -> SettingsChange:
        by = require_admin(actor)
        current = self.console_settings()
        try:
            new = ConsoleSettings.model_validate({**current.model_dump(), **values})
        except ValidationError as exc:
            fields = tuple(".".join(str(p) for p in err["loc"]) for err in exc.errors())
            raise SettingsError("invalid", fields) from exc
        changes = diff(current.model_dump(), new.model_dump())
        if changes:
            self._accounts.put_setting(
                CONSOLE_KEY,
                new.model_dump(mode="json"),
                action="console_settings_changed",
                by=by,
                detail={"changes": {k: [a, b] for k, (a, b) in changes.items()}},
            )
        return SettingsChange(changes, ())

    def save_school(self, actor: Actor, texts: SchoolTexts) -> SettingsChange:
        by = require_admin(actor)
        if not 0 <= texts.fee_cents <= MAX_FEE_CENTS:
            raise SettingsError("invalid", ("fee_cents",))
        changes: dict[str, tuple[Any, Any]] = {}

        def audit(s: Any, changed: dict[str, list[Any]]) -> None:
            changes.update({k: (a, b) for k, (a, b) in changed.items()})
            self._ledger.append(
                s,
                "school_settings_changed",
                staff_id=by,
                detail={
                    "school": self._school_code,
                    "changes": {k: [_short(a), _short(b)] for k, (a, b) in changed.items()},
                },
            )

        try:
            self._roster.update_school(
                self._school_code,
                {
                    "fee_cents": int(texts.fee_cents),
                    "notice_html": texts.notice_html,
                    "precautions_html": texts.precautions_html,
                },
                audit=audit,
            )
        except LookupError as exc:
            raise SettingsError("no_school") from exc
        return SettingsChange(changes, ())
