# SPDX-License-Identifier: MIT
"""Photo profiles are data: shipped profiles load, overrides apply, broken files are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tucai_desk.vision.profiles import (
    ProfileError,
    available_profiles,
    load_profile,
    profiles_dir,
)


def test_shipped_profiles_and_their_bands() -> None:
    assert available_profiles() == ["national", "school", "xinhua"]
    national = load_profile()
    assert national.name == "national"
    # 20–40 KB whichever way a reader counts a KB.
    assert national.file_size == (20 * 1024, 40_000)
    assert load_profile("xinhua").file_size == (30 * 1024 + 1, 59_999)
    assert load_profile("school").file_size[0] == 100 * 1024
    assert national.background_rgb == (100, 197, 255)
    assert national.background_bgr == (255, 197, 100)
    assert (national.output.width, national.output.height, national.output.dpi) == (480, 640, 300)
    assert national.output.jpeg_quality_min == 60
    assert national.layout.top_margin == (50.0, 110.0)
    assert national.layout.eye_line == (200.0, 300.0)
    assert national.layout.face_width == (180.0, 300.0)


def test_staff_may_pick_another_of_the_three_colours() -> None:
    assert load_profile("national", "white").background_rgb == (255, 255, 255)
    assert load_profile("school", "light_grey").background_rgb == (240, 240, 240)
    with pytest.raises(ProfileError, match="no background"):
        load_profile("national", "pink")


def test_unknown_profile_names_are_refused() -> None:
    for name in ("nope", "checks", "../national", ""):
        with pytest.raises(ProfileError):
            load_profile(name)


@pytest.fixture()
def profile_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    shutil.copytree(profiles_dir(), folder)
    return folder


def test_a_profile_overrides_shared_thresholds(profile_copy: Path) -> None:
    (profile_copy / "strict.yaml").write_text(
        "name: strict\nfile_size_bytes: [20480, 40000]\nbackground: white\n"
        "checks:\n  pose:\n    pitch_max: 3.5\n",
        encoding="utf-8",
    )
    strict = load_profile("strict", directory=profile_copy)
    assert strict.checks.pose.pitch_max == 3.5
    assert strict.checks.pose.yaw_max == load_profile().checks.pose.yaw_max  # inherited
    assert strict.background_name == "white"
    assert "strict" in available_profiles(profile_copy)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: broken\nfile_size_bytes: [1, 2\n", "not valid YAML"),
        ("- a list\n", "mapping at the top level"),
        ("name: broken\nfile_size_bytes: [40000, 20000]\nbackground: white\n", "file_size_bytes"),
        ("name: broken\nfile_size_bytes: [1, 2]\nbackground: purple\n", "background"),
        ("name: other\nfile_size_bytes: [1, 2]\nbackground: white\n", "expected 'broken'"),
        (
            "name: broken\nfile_size_bytes: [1, 2]\nbackground: white\n"
            "checks:\n  pose:\n    yaw_max: wide\n",
            "checks.pose.yaw_max",
        ),
        (
            "name: broken\nfile_size_bytes: [1, 2]\nbackground: white\nchecks:\n  posture: {}\n",
            "unknown keys",
        ),
    ],
)
def test_corrupt_profiles_are_refused_with_a_reason(
    profile_copy: Path, text: str, message: str
) -> None:
    (profile_copy / "broken.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile("broken", directory=profile_copy)


def test_missing_threshold_in_the_shared_file_is_named(profile_copy: Path) -> None:
    shared = profile_copy / "checks.yaml"
    shared.write_text(
        shared.read_text(encoding="utf-8").replace("    roll_max: 8.0", "    roll_nax: 8.0"),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="pose"):
        load_profile(directory=profile_copy)


def test_binary_garbage_profile(profile_copy: Path) -> None:
    (profile_copy / "garbage.yaml").write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ProfileError):
        load_profile("garbage", directory=profile_copy)
