# SPDX-License-Identifier: MIT
"""The station readiness check (站点自检): is the backdrop, light and camera fit for a capture day?

Step 1 looks at the empty backdrop through the station's camera for a couple of seconds;
step 2 (optional) at a person standing before it. Each check is pass / warn / fail with the
value measured, the limit and the concrete fix (:mod:`.hints`). The report is plain data that
the command line prints as JSON and the station saves with its time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tucai_desk.core.checks import CheckCode, Outcome, Verdict
from tucai_desk.vision.readiness import measures
from tucai_desk.vision.readiness.report import CameraFacts, ReadinessCheck, StationCheckReport
from tucai_desk.vision.readiness.rules import Band, ReadinessRules

if TYPE_CHECKING:
    from tucai_desk.vision.source_kinds import CameraSource


def _graded(value: float, band: Band) -> Outcome:
    if value > band.fail:
        return Outcome.FAIL
    return Outcome.WARN if value > band.warn else Outcome.PASS


def _limit(band: Band, digits: int = 2) -> str:
    return f"warn>{band.warn:.{digits}g} fail>{band.fail:.{digits}g}"


@dataclass(frozen=True, slots=True)
class Capture:
    frames: list[np.ndarray]
    delivered_fps: float


def capture_frames(
    source: CameraSource,
    seconds: float = 2.0,
    *,
    clock: Callable[[], float] = time.monotonic,
    max_frames: int = 240,
) -> Capture:
    """Frames the open ``source`` delivers in ``seconds``, and the frame rate it really kept."""
    frames: list[np.ndarray] = []
    stamps: list[float] = []
    end = clock() + seconds
    while clock() < end and len(frames) < max_frames and not source.lost:
        frame = source.read()
        if frame is not None:
            frames.append(frame)
            stamps.append(clock())
    if len(stamps) >= 2 and stamps[-1] > stamps[0]:
        fps = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    else:
        fps = 0.0
    return Capture(frames, fps)


def check_backdrop(
    capture: Capture,
    *,
    background: tuple[str, tuple[int, int, int]],
    asked_size: tuple[int, int],
    asked_fps: float,
    rules: ReadinessRules | None = None,
) -> list[ReadinessCheck]:
    """Step 1: the empty backdrop. ``background`` is the profile's colour name and RGB."""
    rules = rules or ReadinessRules()
    if not capture.frames:
        raise ValueError("no frames")
    still = measures.median_frame(capture.frames)
    work = measures.to_work_size(still)
    rows, cols = measures.box_slices(work.shape, rules.box)
    backdrop = work[rows, cols]
    checks: list[ReadinessCheck] = []

    name, rgb = background
    delta = measures.backdrop_delta_e(backdrop, rgb)
    outcome = _graded(delta, rules.backdrop_delta_e)
    key = "backdrop_colour.ok" if outcome is Outcome.PASS else "backdrop_colour.off"
    checks.append(
        ReadinessCheck(
            "backdrop_colour", outcome, delta, _limit(rules.backdrop_delta_e), key, {"colour": name}
        )
    )

    spread = measures.backdrop_spread(backdrop)
    outcome = _graded(spread, rules.backdrop_spread_l)
    key = "backdrop_uniformity.ok" if outcome is Outcome.PASS else "backdrop_uniformity.uneven"
    checks.append(
        ReadinessCheck("backdrop_uniformity", outcome, spread, _limit(rules.backdrop_spread_l), key)
    )

    falloff = measures.light_falloff(backdrop)
    outcome = _graded(falloff.value, rules.light_falloff)
    key = "light_evenness.ok" if outcome is Outcome.PASS else "light_evenness.dark_side"
    checks.append(
        ReadinessCheck(
            "light_evenness",
            outcome,
            falloff.value,
            _limit(rules.light_falloff),
            key,
            {"side": falloff.darker, "percent": 100 * falloff.value},
        )
    )

    checks.append(_exposure(measures.level(backdrop), rules))

    width = measures.edge_width(still, rules.edge_min_contrast)
    if width is None:
        checks.append(
            ReadinessCheck(
                "sharpness", Outcome.WARN, None, _limit(rules.edge_width_px), "sharpness.no_detail"
            )
        )
    else:
        outcome = _graded(width, rules.edge_width_px)
        key = "sharpness.ok" if outcome is Outcome.PASS else "sharpness.blurred"
        checks.append(ReadinessCheck("sharpness", outcome, width, _limit(rules.edge_width_px), key))

    sigma = measures.temporal_noise(capture.frames, rules.box)
    outcome = _graded(sigma, rules.noise_sigma)
    key = "noise.ok" if outcome is Outcome.PASS else "noise.noisy"
    checks.append(ReadinessCheck("noise", outcome, sigma, _limit(rules.noise_sigma), key))

    checks.append(_resolution(still.shape, asked_size, rules))
    checks.append(_frame_rate(capture.delivered_fps, asked_fps, rules))
    return checks


def _exposure(lvl: measures.Level, rules: ReadinessRules) -> ReadinessCheck:
    limit = (
        f"L* {rules.level_dark_fail:g}..{rules.level_bright_fail:g}, "
        f"clipped<={rules.clipped_share.fail:g}"
    )
    clipped = _graded(lvl.clipped, rules.clipped_share)
    if lvl.lightness < rules.level_dark_fail:
        return ReadinessCheck("exposure", Outcome.FAIL, lvl.lightness, limit, "exposure.dark")
    if lvl.lightness > rules.level_bright_fail:
        return ReadinessCheck("exposure", Outcome.FAIL, lvl.lightness, limit, "exposure.bright")
    if clipped is not Outcome.PASS:
        return ReadinessCheck(
            "exposure", clipped, lvl.lightness, limit, "exposure.clipped",
            {"percent": 100 * lvl.clipped},
        )  # fmt: skip
    if lvl.lightness < rules.level_dark_warn:
        return ReadinessCheck("exposure", Outcome.WARN, lvl.lightness, limit, "exposure.dark")
    if lvl.lightness > rules.level_bright_warn:
        return ReadinessCheck("exposure", Outcome.WARN, lvl.lightness, limit, "exposure.bright")
    return ReadinessCheck("exposure", Outcome.PASS, lvl.lightness, limit, "exposure.ok")


def _resolution(
    shape: tuple[int, ...], asked: tuple[int, int], rules: ReadinessRules
) -> ReadinessCheck:
    h, w = shape[:2]
    values = {"delivered": f"{w}×{h}", "asked": f"{asked[0]}×{asked[1]}"}
    limit = f">={asked[0]}x{asked[1]}, height>={rules.min_height_px}"
    if h < rules.min_height_px:
        outcome = Outcome.FAIL
    elif w < asked[0] or h < asked[1]:
        outcome = Outcome.WARN
    else:
        outcome = Outcome.PASS
    key = "resolution.ok" if outcome is Outcome.PASS else "resolution.lower"
    return ReadinessCheck("resolution", outcome, float(h), limit, key, values)


def _frame_rate(delivered: float, asked: float, rules: ReadinessRules) -> ReadinessCheck:
    share = delivered / asked if asked > 0 else 1.0
    if share < rules.frame_rate_fail:
        outcome = Outcome.FAIL
    elif share < rules.frame_rate_warn:
        outcome = Outcome.WARN
    else:
        outcome = Outcome.PASS
    limit = f">={rules.frame_rate_warn * asked:.0f} fps (fail <{rules.frame_rate_fail * asked:.0f})"
    key = "frame_rate.ok" if outcome is Outcome.PASS else "frame_rate.low"
    return ReadinessCheck("frame_rate", outcome, delivered, limit, key, {"asked": asked})


_PERSON = {
    CheckCode.LIGHT_BALANCE: ("face_light_balance", "uneven"),
    CheckCode.EXPOSURE: ("face_exposure", "off"),
    CheckCode.GLASSES_GLARE: ("glasses_glare", "glare"),
}


def check_person(verdict: Verdict) -> list[ReadinessCheck]:
    """Step 2: what the photo checks say of the light on a person's face before the backdrop."""
    by_code = {r.code: r for r in verdict.results}
    face = by_code.get(CheckCode.FACE_FOUND)
    if face is None or face.outcome is Outcome.FAIL:
        return [ReadinessCheck("face_light_balance", Outcome.FAIL, None, "", "face.missing")]
    checks = []
    for code, (name, finding) in _PERSON.items():
        result = by_code.get(code)
        if result is None:
            continue
        key = f"{name}.ok" if result.outcome is Outcome.PASS else f"{name}.{finding}"
        checks.append(ReadinessCheck(name, result.outcome, result.value, result.threshold, key))
    return checks


def run_station_check(
    source: CameraSource,
    *,
    profile_name: str,
    background: tuple[str, tuple[int, int, int]],
    asked_size: tuple[int, int],
    asked_fps: float,
    seconds: float = 2.0,
    rules: ReadinessRules | None = None,
    person_verdict: Verdict | None = None,
) -> StationCheckReport:
    """Step 1 on the open ``source`` (and step 2 when a verdict of a person's still is given)."""
    capture = capture_frames(source, seconds)
    if not capture.frames:
        raise ValueError("the camera delivered no frames")
    checks = check_backdrop(
        capture, background=background, asked_size=asked_size, asked_fps=asked_fps, rules=rules
    )
    if person_verdict is not None:
        checks += check_person(person_verdict)
    h, w = capture.frames[0].shape[:2]
    camera = CameraFacts(
        description=source.description,
        asked_size=asked_size,
        asked_fps=asked_fps,
        delivered_size=(w, h),
        delivered_fps=capture.delivered_fps,
        frames=len(capture.frames),
    )
    return StationCheckReport(profile_name, background[0], camera, tuple(checks))
