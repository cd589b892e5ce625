# SPDX-License-Identifier: MIT
"""A readiness check's report as plain data: checks with outcome, value, limit and fix.

Free of OpenCV so that the services can read saved reports without loading image code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tucai_desk.core.checks import Outcome
from tucai_desk.vision.readiness.hints import hint_text

_SEVERITY = {Outcome.PASS: 0, Outcome.WARN: 1, Outcome.FAIL: 2}
# The codes of step 1 (the empty backdrop) and step 2 (a person before it), in report order.
BACKDROP_CODES = (
    "backdrop_colour",
    "backdrop_uniformity",
    "light_evenness",
    "exposure",
    "sharpness",
    "noise",
    "resolution",
    "frame_rate",
)
PERSON_CODES = ("face_light_balance", "face_exposure", "glasses_glare")


@dataclass(frozen=True, slots=True)
class ReadinessCheck:
    code: str
    outcome: Outcome
    value: float | None
    threshold: str
    hint_key: str
    hint_values: dict[str, Any] = field(default_factory=dict)

    def hint(self, language: str = "zh_CN") -> str:
        return hint_text(self.hint_key, language, value=self.value, **self.hint_values)


@dataclass(frozen=True, slots=True)
class CameraFacts:
    description: str
    asked_size: tuple[int, int]
    asked_fps: float
    delivered_size: tuple[int, int]
    delivered_fps: float
    frames: int


@dataclass(frozen=True, slots=True)
class StationCheckReport:
    profile: str
    background: str
    camera: CameraFacts
    checks: tuple[ReadinessCheck, ...]

    @property
    def outcome(self) -> Outcome:
        worst = max((_SEVERITY[c.outcome] for c in self.checks), default=0)
        return next(o for o, s in _SEVERITY.items() if s == worst)

    def check(self, code: str) -> ReadinessCheck | None:
        return next((c for c in self.checks if c.code == code), None)

    def to_json(self, language: str = "zh_CN") -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "profile": self.profile,
            "background": self.background,
            "checks": [
                {
                    "code": c.code,
                    "outcome": c.outcome.value,
                    "value": None if c.value is None else round(float(c.value), 4),
                    "threshold": c.threshold,
                    "hint": c.hint(language),
                    "hint_key": c.hint_key,
                    "hint_values": c.hint_values,
                }
                for c in self.checks
            ],
            "camera": {
                **asdict(self.camera),
                "asked_size": list(self.camera.asked_size),
                "delivered_size": list(self.camera.delivered_size),
                "delivered_fps": round(self.camera.delivered_fps, 2),
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StationCheckReport:
        cam = data["camera"]
        return cls(
            profile=str(data["profile"]),
            background=str(data["background"]),
            camera=CameraFacts(
                description=str(cam["description"]),
                asked_size=(int(cam["asked_size"][0]), int(cam["asked_size"][1])),
                asked_fps=float(cam["asked_fps"]),
                delivered_size=(int(cam["delivered_size"][0]), int(cam["delivered_size"][1])),
                delivered_fps=float(cam["delivered_fps"]),
                frames=int(cam["frames"]),
            ),
            checks=tuple(
                ReadinessCheck(
                    code=str(c["code"]),
                    outcome=Outcome(c["outcome"]),
                    value=None if c["value"] is None else float(c["value"]),
                    threshold=str(c["threshold"]),
                    hint_key=str(c["hint_key"]),
                    hint_values=dict(c.get("hint_values") or {}),
                )
                for c in data["checks"]
            ),
        )
