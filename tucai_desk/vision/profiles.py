# SPDX-License-Identifier: MIT
"""Photo profiles: the output format, file-size band, background and every check threshold as data.

Profiles live in ``resources/profiles/``: ``checks.yaml`` holds the shared defaults and each
other ``*.yaml`` file is one profile (``national``, ``xinhua``, ``school`` …) that names its
file-size band and background colours and may override any default under the same keys. No
threshold is written in code; the checks read them from the :class:`PhotoProfile` given to them.
"""

from __future__ import annotations

import dataclasses
import logging
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from tucai_desk.paths import resource

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]
DEFAULTS_FILE = "checks.yaml"
DEFAULT_PROFILE = "national"


class ProfileError(ValueError):
    """A profile is unknown, unreadable or does not have the expected shape."""


@dataclass(frozen=True, slots=True)
class OutputSpec:
    width: int
    height: int
    dpi: int
    jpeg_quality_min: int


@dataclass(frozen=True, slots=True)
class Layout:
    top_margin: tuple[float, float]
    eye_line: tuple[float, float]
    face_width: tuple[float, float]
    centring_max: float
    chin_max: float
    upper_body_min: float
    production_margin: float
    max_fill_rows: int
    max_fill_cols: int
    max_upscale: float
    shoulder_half_width: float
    hairdo_above_forehead: float
    hair_cut_min: float


@dataclass(frozen=True, slots=True)
class SingleFaceRules:
    min_score: float
    other_area_max: float


@dataclass(frozen=True, slots=True)
class ResolutionRules:
    ied_fail: float
    ied_warn: float


@dataclass(frozen=True, slots=True)
class PoseRules:
    yaw_max: float
    pitch_offset: float
    pitch_max: float
    roll_max: float
    rotated_min: float


@dataclass(frozen=True, slots=True)
class EyesOpenRules:
    lid_ratio_min: float
    lid_ratio_soft: float
    blink_max: float


@dataclass(frozen=True, slots=True)
class MouthRules:
    gap_max: float
    gap_teeth: float
    teeth_min: float


@dataclass(frozen=True, slots=True)
class ExpressionRules:
    smile_max: float
    jaw_open_max: float
    frown_max: float


@dataclass(frozen=True, slots=True)
class OcclusionRules:
    lip_contrast_min: float
    mouth_texture_min: float
    hand_cover_max: float


@dataclass(frozen=True, slots=True)
class EyesVisibleRules:
    periocular_ratio_min: float
    detail_balance_min: float
    periocular_balance_min: float
    iris_contrast_min: float


@dataclass(frozen=True, slots=True)
class GlareRules:
    v_min: float
    s_max: float
    area_max: float


@dataclass(frozen=True, slots=True)
class HeadCoverRules:
    chroma_min: float
    hair_hue: tuple[float, float]
    hue_chroma_min: float
    brim_step_min: float
    brim_height_max: float
    brim_texture_max: float


@dataclass(frozen=True, slots=True)
class ExposureRules:
    scene_white_min: float
    highlight_min: float
    black_point_max: float
    mean_max: float
    clipped_max: float
    dark_max: float


@dataclass(frozen=True, slots=True)
class LightBalanceRules:
    ratio: tuple[float, float]
    ratio_warn: tuple[float, float]


@dataclass(frozen=True, slots=True)
class SharpnessRules:
    min: float
    warn: float


@dataclass(frozen=True, slots=True)
class ColourRules:
    grey_chroma_max: float
    mono_chroma_max: float
    a_range: tuple[float, float]
    b_range: tuple[float, float]


@dataclass(frozen=True, slots=True)
class ClothingRules:
    delta_e_min: float


@dataclass(frozen=True, slots=True)
class BackgroundRawRules:
    gradient_max: float


@dataclass(frozen=True, slots=True)
class MatteRules:
    delta_e_max: float
    fringe_max: float


@dataclass(frozen=True, slots=True)
class CheckThresholds:
    single_face: SingleFaceRules
    resolution: ResolutionRules
    pose: PoseRules
    eyes_open: EyesOpenRules
    mouth_closed: MouthRules
    expression: ExpressionRules
    occlusion: OcclusionRules
    eyes_visible: EyesVisibleRules
    glasses_glare: GlareRules
    head_cover: HeadCoverRules
    exposure: ExposureRules
    light_balance: LightBalanceRules
    sharpness: SharpnessRules
    colour: ColourRules
    clothing_contrast: ClothingRules
    background_raw: BackgroundRawRules
    matte_edge: MatteRules


@dataclass(frozen=True, slots=True)
class PhotoProfile:
    """One destination's photo rules. ``file_size`` is in bytes, the upper bound may be None."""

    name: str
    title: str
    file_size: tuple[int, int | None]
    background_name: str
    background_rgb: RGB
    backgrounds: Mapping[str, RGB]
    output: OutputSpec
    layout: Layout
    checks: CheckThresholds

    @property
    def background_bgr(self) -> tuple[int, int, int]:
        r, g, b = self.background_rgb
        return b, g, r

    def with_background(self, name: str) -> PhotoProfile:
        """The same profile with another of its allowed background colours."""
        if name not in self.backgrounds:
            allowed = ", ".join(self.backgrounds)
            raise ProfileError(f"profile {self.name!r} has no background {name!r} ({allowed})")
        return dataclasses.replace(
            self, background_name=name, background_rgb=self.backgrounds[name]
        )


_T = TypeVar("_T")


def profiles_dir() -> Path:
    return resource("profiles")


def available_profiles(directory: Path | None = None) -> list[str]:
    """Names of the profiles shipped in ``resources/profiles`` (sorted)."""
    folder = directory or profiles_dir()
    return sorted(p.stem for p in folder.glob("*.yaml") if p.name != DEFAULTS_FILE)


def load_profile(
    name: str = DEFAULT_PROFILE,
    background: str | None = None,
    *,
    directory: Path | None = None,
) -> PhotoProfile:
    """Load profile ``name`` (defaults merged in), optionally with another background colour.

    Raises :class:`ProfileError` for an unknown profile, a corrupt file, a missing or unknown key
    or a value of the wrong type.
    """
    folder = directory or profiles_dir()
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ProfileError(f"invalid profile name {name!r}")
    path = folder / f"{name}.yaml"
    if name == DEFAULTS_FILE.removesuffix(".yaml") or not path.is_file():
        known = ", ".join(available_profiles(folder)) or "none"
        raise ProfileError(f"unknown photo profile {name!r} (available: {known})")
    defaults = _read_yaml(folder / DEFAULTS_FILE)
    own = _read_yaml(path)
    merged = _deep_merge(defaults, own)
    try:
        profile = _profile_from_dict(name, merged)
    except ProfileError as exc:
        raise ProfileError(f"{path.name}: {exc}") from None
    if background is not None:
        profile = profile.with_background(background)
    return profile


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path.name} is not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path.name} is not valid YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"{path.name} must hold a mapping at the top level")
    return data


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _rgb(value: object, where: str) -> RGB:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 3
        or not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in value)
    ):
        raise ProfileError(f"{where}: expected [r, g, b] with integers 0..255, got {value!r}")
    return int(value[0]), int(value[1]), int(value[2])


def _profile_from_dict(name: str, data: Mapping[str, Any]) -> PhotoProfile:
    known = {
        "name",
        "title",
        "file_size_bytes",
        "background",
        "backgrounds",
        "allowed_backgrounds",
        "output",
        "layout",
        "checks",
    }
    unknown = set(data) - known
    if unknown:
        raise ProfileError(f"unknown keys {sorted(unknown)}")
    if data.get("name", name) != name:
        raise ProfileError(f"file says name {data.get('name')!r}, expected {name!r}")
    colours_raw = data.get("backgrounds")
    if not isinstance(colours_raw, Mapping) or not colours_raw:
        raise ProfileError("backgrounds: expected a mapping of colour names to [r, g, b]")
    colours = {str(k): _rgb(v, f"backgrounds.{k}") for k, v in colours_raw.items()}
    allowed = data.get("allowed_backgrounds", list(colours))
    if not isinstance(allowed, list) or not allowed or any(a not in colours for a in allowed):
        raise ProfileError(f"allowed_backgrounds: expected names from {sorted(colours)}")
    backgrounds = types.MappingProxyType({a: colours[a] for a in allowed})
    default_bg = data.get("background")
    if default_bg not in backgrounds:
        raise ProfileError(f"background: {default_bg!r} is not one of {list(backgrounds)}")
    size = data.get("file_size_bytes")
    if (
        not isinstance(size, list)
        or len(size) != 2
        or not isinstance(size[0], int)
        or not (size[1] is None or isinstance(size[1], int))
        or size[0] < 0
        or (size[1] is not None and size[1] <= size[0])
    ):
        raise ProfileError(f"file_size_bytes: expected [min, max or null], got {size!r}")
    title = data.get("title", name)
    if not isinstance(title, str):
        raise ProfileError("title: expected text")
    return PhotoProfile(
        name=name,
        title=title,
        file_size=(int(size[0]), None if size[1] is None else int(size[1])),
        background_name=str(default_bg),
        background_rgb=backgrounds[default_bg],
        backgrounds=backgrounds,
        output=_build(OutputSpec, data.get("output"), "output"),
        layout=_build(Layout, data.get("layout"), "layout"),
        checks=_build(CheckThresholds, data.get("checks"), "checks"),
    )


def _build(cls: type[_T], data: object, where: str) -> _T:
    """Build the frozen dataclass ``cls`` from a YAML mapping, checking keys and types."""
    if not isinstance(data, Mapping):
        raise ProfileError(f"{where}: expected a mapping")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    unknown = set(data) - set(names)
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)}")
    values: dict[str, object] = {}
    for field_name in names:
        if field_name not in data:
            raise ProfileError(f"{where}.{field_name}: missing")
        values[field_name] = _convert(hints[field_name], data[field_name], f"{where}.{field_name}")
    return cls(**values)


def _convert(hint: object, value: object, where: str) -> object:
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)  # type: ignore[arg-type]
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProfileError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(f"{where}: expected an integer, got {value!r}")
        return int(value)
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list) or len(value) != 2:
            raise ProfileError(f"{where}: expected [low, high], got {value!r}")
        lo, hi = (_convert(float, v, where) for v in value)
        if lo > hi:  # type: ignore[operator]
            raise ProfileError(f"{where}: low {lo} above high {hi}")
        return lo, hi
    raise ProfileError(f"{where}: unsupported field type {hint!r}")  # pragma: no cover
