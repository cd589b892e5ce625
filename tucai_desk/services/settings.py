# SPDX-License-Identifier: MIT
"""Station settings: a typed model saved as TOML in the data folder, with a schema version.

Only what belongs to this station is saved (camera, language, database URL, service address…).
``policy`` and ``liveness_enabled`` are the programme's rules, kept in the database; here they
are the station's in-memory view of them and how an older file's values are read for moving.

Each change of the schema gets an upgrade function ``upgrade_vN_to_vN+1`` with its own test.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tucai_desk.core.policies import PolicySettings

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.toml"
# The programme's rules: read from an older file only to move them into the database once
# (services/programme_rules.py); never written to the file again.
RULE_FIELDS = ("policy", "liveness_enabled")


class SettingsError(RuntimeError):
    """The settings file cannot be read; the message names the file."""


class CameraDevice(BaseModel):
    """One camera's own settings, by its device id (re-applied when it is plugged in again)."""

    model_config = ConfigDict(extra="ignore")
    width: int | None = Field(None, ge=320, le=4096)
    height: int | None = Field(None, ge=240, le=4096)
    fps: float | None = Field(None, ge=1, le=120)
    exposure_locked: bool = False
    exposure: float | None = None
    white_balance_locked: bool = False
    colour_temperature: float | None = None
    focus_locked: bool = False
    focus: float | None = None
    gain: float | None = None


class CameraSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    source: str = "auto"  # auto | demo | usb:N | file:PATH | folder:PATH
    width: int = Field(1280, ge=320, le=4096)
    height: int = Field(720, ge=240, le=4096)
    fps: int = Field(30, ge=1, le=120)
    devices: dict[str, CameraDevice] = {}

    def for_device(self, device_id: str) -> CameraDevice:
        """The device's settings, with the station's size and rate where it has none."""
        own = self.devices.get(device_id) or CameraDevice()
        return own.model_copy(
            update={
                "width": own.width or self.width,
                "height": own.height or self.height,
                "fps": own.fps or float(self.fps),
            }
        )


class PolicyModel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    draft_capacity: int = Field(5, ge=1, le=50)
    draft_delete_after_hours: float = Field(24.0, ge=0, le=24 * 30)
    cooldown_seconds: float = Field(10.0, ge=0, le=3600)
    liveness_lock_after: int = Field(3, ge=1, le=100)
    timed_lock_after: int = Field(5, ge=1, le=100)
    timed_lock_minutes: float = Field(30.0, ge=0, le=24 * 60)

    def to_policy(self) -> PolicySettings:
        return PolicySettings(**{name: getattr(self, name) for name in PolicyModel.model_fields})


class ServiceSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    url: str = ""  # empty: no provincial service configured (offline station)
    station_id: str = ""
    ca_bundle: str = ""  # a custom CA bundle; TLS verification is always on
    connect_timeout_s: float = 3.05
    read_timeout_s: float = 30.0


class StationSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    schema_version: int = SCHEMA_VERSION
    station_id: str = ""
    school_code: str = ""  # the school this station serves; empty: the only school in the database
    db_url: str = ""  # empty: SQLite file in the data folder
    language: Literal["zh_CN", "en"] = "zh_CN"
    photo_profile: str = "national"
    background: str = ""  # empty: the profile's default colour
    liveness_enabled: bool = True
    demo: bool = False
    camera: CameraSettings = CameraSettings()
    policy: PolicyModel = PolicyModel()
    service: ServiceSettings = ServiceSettings()


def upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings document to the current schema (none needed yet)."""
    version = int(raw.get("schema_version", SCHEMA_VERSION))
    if version > SCHEMA_VERSION:
        raise SettingsError(f"settings schema {version} is newer than this program")
    raw["schema_version"] = SCHEMA_VERSION
    return raw


def load_settings(data_dir: Path) -> StationSettings:
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return StationSettings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return StationSettings.model_validate(upgrade(raw))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc


def save_settings(data_dir: Path, settings: StationSettings) -> None:
    """Write atomically: a crash never leaves a half-written settings file."""
    path = data_dir / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        tomli_w.dump(
            settings.model_dump(mode="json", exclude=set(RULE_FIELDS), exclude_none=True), fh
        )
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
