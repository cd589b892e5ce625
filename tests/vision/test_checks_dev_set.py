# SPDX-License-Identifier: MIT
"""The check set on the labelled real photos of the shared material.

The eval floors below are the figures measured when the check set was calibrated; a change that
lowers any of them fails here. The known disagreements with the manifest are listed with the
reason the checks give (see the report of ``tucai-desk eval photos``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import pytest

from tucai_desk.commands.photo import evaluate_photos, parse_manifest
from tucai_desk.core.checks import CheckCode, CheckResult, Outcome, Verdict
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

# The floors, in one place: the figures of `tucai-desk eval photos` on the labelled photos
# (../shared/data/photos, the set the thresholds were tuned on; the leave-one-source-out figure
# re-derives the data-derived thresholds without the source scored). A change that lowers any of
# them fails here; raise them when the checks get better.
FLOORS = {
    "good_pass_rate": 40 / 41,
    "bad_reject_rate": 1.0,
    "bad_right_reason_rate": 1.0,
    "leave_one_source_out.good_pass_rate": 40 / 41,
}
# Good photos passed per skin-tone group (ITA°) and per merged band; groups with fewer than 5
# faces are held too, but the goal (95 %) is only asked of groups of 5 or more.
SKIN_TONE_FLOORS = {
    "per_skin_tone": {
        "very_light": 14 / 15,
        "light": 1.0,
        "intermediate": 1.0,
        "tan": 1.0,
        "brown": 1.0,
        "dark": 1.0,
    },
    "per_skin_tone_band": {"light": 25 / 26, "medium": 1.0, "dark": 1.0},
}

# Where the checks and the manifest disagree, and why.
KNOWN_DISAGREEMENTS = {
    # Production cannot lay the selfie out: the top of the head is cut (geometry cut_top).
    "good_selfie_cn_gpen.jpg",
}


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


@pytest.fixture(scope="module")
def verdicts(pipeline: PhotoPipeline, photos_dir: Path) -> dict[str, Verdict]:
    names = (
        "good_london_002.jpg",
        "good_london_009.jpg",
        "good_london_010.jpg",
        "good_hv_test3.jpg",
        "bad_eyes_closed.jpg",
        "bad_yaw_left.jpg",
        "bad_pitch_up.jpg",
        "bad_roll_left.png",
        "bad_mask.png",
        "bad_smile_london_008.jpg",
        "bad_smile_london_014.jpg",
        "bad_shadow_synth_cz1.png",
        "bad_blur.jpg",
        "group_two_people.jpg",
        "group_three.jpg",
        "bad_noface_landscape.jpg",
    )
    return {n: pipeline.process(cv2.imread(str(photos_dir / n))).verdict for n in names}


def _result(verdict: Verdict, code: CheckCode) -> CheckResult:
    return next(r for r in verdict.results if r.code is code)


def test_frontal_studio_photos_pass_every_check(verdicts: dict[str, Verdict]) -> None:
    # 009 and 010 are the extremes of the model's pitch reading on frontal faces (+9, -6.5).
    for name in ("good_london_002.jpg", "good_london_009.jpg", "good_london_010.jpg"):
        verdict = verdicts[name]
        assert verdict.passed, (name, verdict.failures)
        assert len({r.code for r in verdict.results}) >= 28  # the whole set ran


@pytest.mark.parametrize(
    ("name", "code", "detail"),
    [
        ("bad_eyes_closed.jpg", CheckCode.EYES_OPEN, "both"),
        ("bad_yaw_left.jpg", CheckCode.POSE_YAW, "left"),
        ("bad_pitch_up.jpg", CheckCode.POSE_PITCH, "up"),
        ("bad_roll_left.png", CheckCode.POSE_ROLL, "tilted"),
        ("bad_mask.png", CheckCode.OCCLUSION, "mouth"),
        ("bad_smile_london_008.jpg", CheckCode.MOUTH_CLOSED, "teeth"),
        ("bad_smile_london_014.jpg", CheckCode.EXPRESSION, "smile"),
        ("bad_shadow_synth_cz1.png", CheckCode.LIGHT_BALANCE, "right_dark"),
        ("bad_blur.jpg", CheckCode.SHARPNESS, "blurred"),
        ("group_two_people.jpg", CheckCode.SINGLE_FACE, "other_faces"),
        ("group_three.jpg", CheckCode.SINGLE_FACE, "other_faces"),
        ("bad_noface_landscape.jpg", CheckCode.FACE_FOUND, "none"),
        ("good_hv_test3.jpg", CheckCode.RESOLUTION, "too_small"),
    ],
)
def test_each_defect_fails_its_own_check(
    verdicts: dict[str, Verdict], name: str, code: CheckCode, detail: str
) -> None:
    result = _result(verdicts[name], code)
    assert (result.outcome, result.detail) == (Outcome.FAIL, detail), result
    assert result.value is not None and result.threshold


def test_a_clipped_highlight_on_the_skin_is_not_glare_on_glasses(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    # A quarter stop more light burns out the lit side of the face next to the eye (no glasses):
    # the student is told about the light, not about a reflection on glasses they do not wear.
    still = cv2.imread(str(photos_dir / "bad_bg_outdoor_hv1.jpg"))
    over = cv2.convertScaleAbs(still, alpha=1.2)
    verdict = pipeline.process(over).verdict
    assert _result(verdict, CheckCode.GLASSES_GLARE).outcome is Outcome.PASS
    assert verdict.failures[0].code is CheckCode.EXPOSURE
    assert verdict.failures[0].detail == "clipped"


def test_measured_values_are_reported(verdicts: dict[str, Verdict]) -> None:
    roll = _result(verdicts["bad_roll_left.png"], CheckCode.POSE_ROLL)
    assert abs(roll.value) > 45  # type: ignore[arg-type]
    ied = _result(verdicts["good_hv_test3.jpg"], CheckCode.RESOLUTION)
    assert 80 < ied.value < 90  # type: ignore[operator]
    assert ied.threshold == ">=90"
    single = _result(verdicts["group_two_people.jpg"], CheckCode.SINGLE_FACE)
    assert single.value > 0.5  # type: ignore[operator]  # OFIQ: 2nd face area / 1st


def test_failures_come_in_the_order_to_fix_them(verdicts: dict[str, Verdict]) -> None:
    codes = [r.code for r in verdicts["group_three.jpg"].failures]
    order = list(CheckCode)
    assert codes == sorted(codes, key=order.index)
    assert codes[0] is CheckCode.SINGLE_FACE
    # Without a face nothing else is judged.
    assert verdicts["bad_noface_landscape.jpg"].failed_codes() == ["face_found"]


def test_manifest_parsing(photos_dir: Path) -> None:
    expectations, skipped = parse_manifest(photos_dir / "MANIFEST.tsv")
    by_name = {e.file: e for e in expectations}
    assert {s["file"] for s in skipped} == {"spoof_print_F1.jpg", "real_live_T1.jpg"}
    assert by_name["good_damon.jpg"].must_pass
    assert by_name["bad_bg_outdoor_hv1.jpg"].warnings_allowed == ("background_raw",)
    assert by_name["bad_bg_outdoor_hv1.jpg"].source == "Zeyi-Lin/HivisionIDPhotos"
    assert by_name["bad_glasses_smile.jpg"].codes == ("mouth_closed", "expression")


@pytest.fixture(scope="module")
def report(photos_dir: Path) -> dict[str, Any]:
    return evaluate_photos(photos_dir).as_dict()


def _figure(report: dict[str, Any], key: str) -> float:
    value: Any = report
    for part in key.split("."):
        value = value[part]
    return float(value)


def test_dev_set_figures_do_not_regress(report: dict[str, Any]) -> None:
    assert report["n_good"] == 41 and report["n_bad"] == 33
    for key, floor in FLOORS.items():
        assert _figure(report, key) >= floor - 1e-4, (key, report)  # rates have 4 places
    unexplained = {d["file"] for d in report["disagreements"]} - KNOWN_DISAGREEMENTS
    assert not unexplained, report["disagreements"]


def test_every_skin_tone_group_passes_its_good_photos(report: dict[str, Any]) -> None:
    for breakdown, floors in SKIN_TONE_FLOORS.items():
        for group, floor in floors.items():
            figures = report[breakdown][group]
            assert figures["good_pass_rate"] >= floor - 1e-4, (breakdown, group, figures)
    # Every labelled face with colour has a group; the greyscale ones have none.
    tones = report["skin_tones"]
    assert tones["bad_colour_gray_boy_gpen.png"] is None
    assert tones["good_cfd_bm223.jpg"] < -30 < tones["good_cfd_bm011.jpg"] < 10
    assert sum(f["n_good"] for f in report["per_skin_tone"].values()) == report["n_good"]


def test_per_source_figures_name_every_source(report: dict[str, Any], photos_dir: Path) -> None:
    expectations, _ = parse_manifest(photos_dir / "MANIFEST.tsv")
    assert set(report["per_source"]) == {e.source for e in expectations}
    studio = report["per_source"]["Isaac-Crane/opacity-cpt"]
    assert (studio["n_good"], studio["good_pass_rate"]) == (22, 1.0)


def test_the_profile_holds_the_thresholds_derived_from_the_labelled_photos(
    report: dict[str, Any],
) -> None:
    loso = report["leave_one_source_out"]
    assert loso["thresholds_in_profile"] == loso["derived_from_all_sources"]
    # Without the studio set with the darkest faces the highlight floor rises, and those faces
    # still pass.
    studio = loso["per_source"]["Isaac-Crane/opacity-cpt"]
    assert studio["thresholds"]["exposure.highlight_min"] > 0.09
    assert studio["good_pass_rate"] == 1.0
