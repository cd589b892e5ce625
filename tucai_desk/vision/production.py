# SPDX-License-Identifier: MIT
"""Producing the 480×640 photo: background colour, crop and scale, JPEG in the size band, 300 dpi.

The still is only ever cropped and scaled uniformly — never rotated, mirrored, warped or
retouched (the standard forbids 镜像、旋转 and any change to the face). Steps:

1. :func:`measure_head` finds the head in the still: eyes, cheek edges and chin from the
   landmarks, the top of the hair from the person mask.
2. :func:`plan_crop` picks one scale and offset so that the standard's layout holds on the output
   (top of hair 50–110 px, eyes 200–300 px, face width 180–300 px, face centred, chin above the
   bottom third), as far inside every range as the head allows. When no scale satisfies all of
   them, or the head is cut by the still's edge, production refuses with a GEOMETRY result
   carrying the measured value (``detail`` says which: cut_top, cut_bottom, cut_left, cut_right,
   body_cut, hair_too_tall, head_too_long, face_too_small).
3. :func:`render` scales the still into the output, refines the coarse person mask against the
   image (guided filter), estimates the true foreground colour at the soft edge so no trace of
   the old backdrop or a fringe remains, and lays the person over the profile colour. Where the
   still ends above the output's bottom edge or is narrower below the shoulders (tight
   portraits), the clothing is continued (:mod:`tucai_desk.vision.body_fill`); the head is never
   synthesised, and the amounts are bounded by the profile. Hair cut by the still's top edge is
   accepted only when the edge lies clearly above the skull, and fades out there.
4. :func:`encode_jpeg_in_band` searches the JPEG quality (≥ the profile's minimum) so the file
   lands in the profile's size band — never by padding bytes or shrinking the picture — and
   writes the density into the JFIF header.
"""

from __future__ import annotations

import logging
import math
import struct
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import body_fill
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.framing import SHOULDER_BELOW_CHIN, upscale_too_large
from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.profiles import Layout
from tucai_desk.vision.segmentation import (
    RegionMask,
    backdrop_colour,
    mask_to_grid,
    matte_and_foreground,
    refine_matte,
    to_lab,
)

log = logging.getLogger(__name__)

HEAD_BAND = 0.35  # half-width of the columns searched for the top of the head, of the face width
REFINE_FACE_WIDTH = 480.0  # the hair top is refined at twice the output scale
REFINE_REACH = 0.15  # rows searched around the coarse top, of the face width
SIDE_CUT_SHARE = 0.1  # head rows touching a side edge of the still inside the output: cut off
CUT_TOP_SHARE = 0.3  # hair over this share of the crown's columns in the top row: cut off
CUT_FADE = 6  # output rows over which hair cut by the still's top edge fades into the background


@dataclass(frozen=True, slots=True)
class HeadGeometry:
    """The head in still pixels."""

    eye_y: float
    face_cx: float  # midpoint of the cheek edges
    face_width: float  # cheek to cheek
    chin_y: float
    hair_top_y: float  # the highest hair seen (the still's top edge when ``cut_top``)
    cut_top: bool  # the hair reaches the still's top edge: its true top is unknown
    forehead_y: float  # top of the landmark mesh on the forehead (mesh point 10)
    skin_lab: tuple[float, float, float]  # the cheeks' colour, CIE L*a*b*

    def crown_y(self, layout: Layout) -> float:
        """Top of the head for the layout when the hair rises as a hair-do (bun, quiff).

        Hair more than ``layout.hairdo_above_forehead`` face widths above the forehead is
        volume, not head: it may reach into the top margin when the head cannot fit otherwise.
        """
        return max(
            self.hair_top_y, self.forehead_y - layout.hairdo_above_forehead * self.face_width
        )


@dataclass(frozen=True, slots=True)
class CropPlan:
    """Still → output mapping ``u = scale·x + ox``, ``v = scale·y + oy``."""

    scale: float
    ox: float
    oy: float
    out_w: int
    out_h: int

    def to_output(self, x: float, y: float) -> tuple[float, float]:
        return self.scale * x + self.ox, self.scale * y + self.oy


@dataclass(frozen=True, slots=True)
class Rendered:
    image: np.ndarray  # BGR uint8, out_h × out_w
    alpha: np.ndarray  # float32 person matte, including continued clothing
    fill_rows: int  # output rows below the still, continued from its last row
    covered: tuple[int, int, int, int]  # u0, v0, u1, v1: the output rectangle the still covers

    def seen(self) -> np.ndarray:
        """Output pixels the camera saw (the still's rectangle); the rest is background or
        clothing that production painted in."""
        mask = np.zeros(self.alpha.shape, bool)
        u0, v0, u1, v1 = self.covered
        mask[v0:v1, u0:u1] = True
        return mask


@dataclass(frozen=True, slots=True)
class JpegResult:
    data: bytes
    quality: int
    in_band: bool
    subsampling: str  # "4:2:0" or "4:4:4"


def analysis_region(face: FaceLandmarks, still_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The part of the still that can end up in the output (head and shoulders), clipped."""
    h, w = still_shape[:2]
    pts = face.points
    fw = _face_width(face)
    eye_y = float((pts[lmk.LEFT_IRIS_CENTER, 1] + pts[lmk.RIGHT_IRIS_CENTER, 1]) / 2)
    cx = float((pts[lmk.LEFT_CHEEK_EDGE, 0] + pts[lmk.RIGHT_CHEEK_EDGE, 0]) / 2)
    x0 = max(0, math.floor(cx - 1.45 * fw))
    x1 = min(w, math.ceil(cx + 1.45 * fw))
    y0 = max(0, math.floor(eye_y - 2.2 * fw))
    y1 = min(h, math.ceil(eye_y + 2.6 * fw))
    return x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)


def _face_width(face: FaceLandmarks) -> float:
    pts = face.points
    return float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE, :2] - pts[lmk.RIGHT_CHEEK_EDGE, :2]))


def measure_head(face: FaceLandmarks, seg: RegionMask, still: np.ndarray) -> HeadGeometry:
    """Eyes, cheeks and chin from the landmarks; top of the hair from the person mask.

    The coarse mask gives the top of the head to a few pixels; it is then refined against the
    still itself (at output scale) so a thin strip of backdrop above the hair is told from hair
    that runs off the top edge.
    """
    pts = face.points
    fw = _face_width(face)
    eye_y = float((pts[lmk.LEFT_IRIS_CENTER, 1] + pts[lmk.RIGHT_IRIS_CENTER, 1]) / 2)
    cx = float((pts[lmk.LEFT_CHEEK_EDGE, 0] + pts[lmk.RIGHT_CHEEK_EDGE, 0]) / 2)
    chin_y = float(pts[lmk.CHIN, 1])
    forehead_y = float(pts[lmk.FOREHEAD_TOP, 1])
    coarse_top = _coarse_hair_top(seg, cx, fw, forehead_y, (float(pts[lmk.NOSE_TIP, 0]), eye_y))
    top_y, cut = _refine_hair_top(still, seg, cx, fw, min(coarse_top, forehead_y))
    nose_y = float(pts[lmk.NOSE_TIP, 1])
    cheeks = [
        ((pts[iris, 0] + pts[edge, 0]) / 2, nose_y)
        for iris, edge in (
            (lmk.LEFT_IRIS_CENTER, lmk.LEFT_CHEEK_EDGE),
            (lmk.RIGHT_IRIS_CENTER, lmk.RIGHT_CHEEK_EDGE),
        )
    ]
    skin = body_fill.skin_colour(still, cheeks, 0.06 * fw)
    return HeadGeometry(
        eye_y,
        cx,
        fw,
        chin_y,
        min(top_y, forehead_y),
        cut,
        forehead_y,
        (float(skin[0]), float(skin[1]), float(skin[2])),
    )


def _coarse_hair_top(
    seg: RegionMask, cx: float, fw: float, forehead_y: float, inside: tuple[float, float]
) -> float:
    """Top of the person component over the middle of the head, in still y (mask precision)."""
    mask = seg.mask
    mh, mw = mask.shape[:2]
    binary = (mask > 0.5).astype(np.uint8)
    _, labels = cv2.connectedComponents(binary, connectivity=8)
    ix, iy = seg.to_mask(*inside)
    label = labels[int(np.clip(iy, 0, mh - 1)), int(np.clip(ix, 0, mw - 1))]
    if label == 0:
        return forehead_y
    # Columns over the middle of the head: the crown, not raised shoulders or hands at the side.
    c0 = int(np.clip(seg.to_mask(cx - HEAD_BAND * fw, 0)[0], 0, mw - 1))
    c1 = int(np.clip(seg.to_mask(cx + HEAD_BAND * fw, 0)[0], c0 + 1, mw))
    rows = np.flatnonzero((labels[:, c0:c1] == label).any(axis=1))
    if rows.size == 0:
        return forehead_y
    return seg.to_still(0.0, float(rows[0]))[1]


def _refine_hair_top(
    still: np.ndarray, seg: RegionMask, cx: float, fw: float, coarse_top: float
) -> tuple[float, bool]:
    """Top of the hair refined on the still at output scale; True when it runs off the top.

    Above the forehead there is only hair and backdrop. On a plain backdrop (the station's case)
    its colour tells the two apart far more precisely than the 256-pixel mask; on a busy one the
    mask alone decides.
    """
    h, w = still.shape[:2]
    k = min(1.0, REFINE_FACE_WIDTH / fw)  # work at about output scale
    reach = REFINE_REACH * fw
    y0 = max(0, math.floor(coarse_top - reach))
    y1 = min(h, math.ceil(coarse_top + reach))
    x0 = max(0, math.floor(cx - HEAD_BAND * fw))
    x1 = min(w, math.ceil(cx + HEAD_BAND * fw))
    if y1 - y0 < 4 or x1 - x0 < 4:
        return coarse_top, coarse_top <= 0
    gw, gh = max(4, round((x1 - x0) * k)), max(4, round((y1 - y0) * k))
    strip = cv2.resize(still[y0:y1, x0:x1], (gw, gh), interpolation=cv2.INTER_AREA)
    kx, ky = gw / (x1 - x0), gh / (y1 - y0)
    coarse = mask_to_grid(seg, kx, ky, -kx * x0, -ky * y0, gw, gh)
    side = (max(0, math.floor(cx - 1.2 * fw)), min(w, math.ceil(cx + 1.2 * fw)))
    backdrop = backdrop_colour(still, seg, (y0, y1), side)
    if backdrop is not None:
        lab = to_lab(strip)
        dist = np.linalg.norm(lab - backdrop[0], axis=2)
        person = (dist > backdrop[1]) & (coarse > 0.2)
    else:
        person = refine_matte(strip, coarse) > 0.5
    person = (
        cv2.morphologyEx(person.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    )
    cols = person.any(axis=0)
    if not cols.any():
        return coarse_top, False
    first = np.argmax(person[:, cols], axis=0)
    # A few stray strands do not make the top: take a low percentile over the columns.
    top_row = float(np.percentile(first, 3))
    log.debug("hair in the still's top row over %.3f of the crown", float(person[0].mean()))
    cut = y0 == 0 and float(person[0].mean()) > CUT_TOP_SHARE
    return y0 + top_row / ky, cut


def plan_crop(
    head: HeadGeometry, layout: Layout, out_w: int, out_h: int, still_shape: tuple[int, ...]
) -> CropPlan | CheckResult:
    """Scale and offset for the layout rules, or a GEOMETRY failure when the still cannot give one.

    The scale and eye row are chosen as far from every limit as the head allows (see
    :func:`_search_layout`). Some heads allow no layout at all:
    with the eyes at most 300 px down and the hair at least 50 px from the top, the hair may rise
    at most 250 px above the eyes while the face is at least 180 px wide — a tall hair-do over a
    narrow face does not fit by its hair, and no crop of any still can change that. Such a head is
    laid out by its crown (``Layout.hairdo_above_forehead``) and the hair-do rises into the top
    margin, whole if it can be; only a head that fits neither way is refused.
    """
    if head.cut_top:
        # Hair running off the top edge is tolerated when the edge lies clearly above the skull:
        # only hair volume is missing, the head itself is whole (see ``hair_cut_min``).
        room = head.forehead_y / max(head.face_width, 1.0)
        if room < layout.hair_cut_min:
            return CheckResult(
                CheckCode.GEOMETRY,
                Outcome.FAIL,
                round(room, 3),
                f">={layout.hair_cut_min:g}",
                "cut_top",
            )
    top_d = head.eye_y - head.hair_top_y
    chin_d = head.chin_y - head.eye_y
    if head.face_width <= 1 or top_d <= 0 or chin_d <= 0:
        return CheckResult(CheckCode.GEOMETRY, Outcome.FAIL, None, "", "no_head")
    neck_y = head.chin_y + SHOULDER_BELOW_CHIN * head.face_width
    if neck_y > still_shape[0]:  # the chin or neck is cut by the bottom edge: nothing to continue
        return CheckResult(
            CheckCode.GEOMETRY, Outcome.FAIL, round(neck_y - still_shape[0]), "<=0", "cut_bottom"
        )
    found = _search_layout(head, layout, still_shape[0], out_h, head.hair_top_y)
    crown = head.crown_y(layout)
    if found is None and crown > head.hair_top_y:
        # A tall hair-do: lay out the head by its crown and let the hair rise into the margin,
        # whole if it can be.
        found = _search_layout(
            head, layout, still_shape[0], out_h, crown, head.hair_top_y
        ) or _search_layout(head, layout, still_shape[0], out_h, crown)
        top_d = head.eye_y - crown
    if found is None:
        ratio = top_d / head.face_width
        tallest = (layout.eye_line[1] - layout.top_margin[0]) / layout.face_width[0]
        if ratio > tallest:
            return CheckResult(
                CheckCode.GEOMETRY,
                Outcome.FAIL,
                round(ratio, 3),
                f"<={tallest:.3f}",
                "hair_too_tall",
            )
        return CheckResult(
            CheckCode.GEOMETRY,
            Outcome.FAIL,
            round((top_d + chin_d) / head.face_width, 3),
            "",
            "head_too_long",
        )
    s, e, slack = found
    if slack < layout.production_margin:
        log.info("tight layout: %.1f px from a limit", slack)
    if upscale_too_large(s, layout):  # the live guidance's rule too: framing.still_problem
        return CheckResult(
            CheckCode.GEOMETRY,
            Outcome.FAIL,
            round(s, 2),
            f"<={layout.max_upscale}",
            "face_too_small",
        )
    plan = CropPlan(s, out_w / 2 - s * head.face_cx, e - s * head.eye_y, out_w, out_h)
    fill = out_h - (plan.oy + s * still_shape[0])
    if fill > layout.max_fill_rows:
        return CheckResult(
            CheckCode.GEOMETRY, Outcome.FAIL, round(fill), f"<={layout.max_fill_rows}", "body_cut"
        )
    return plan


def _search_layout(
    head: HeadGeometry,
    layout: Layout,
    still_h: int,
    out_h: int,
    top_y: float,
    whole_y: float | None = None,
) -> tuple[float, float, float] | None:
    """(scale, eye row, slack) of the most robust layout, or None when none meets the rules.

    Slack is the smallest distance, in output pixels, from any measured position (face width,
    eye line, top of hair, chin) to the limit of its range; the scale with the largest slack is
    taken so the re-measured output stays inside every range despite a few pixels of landmark
    jitter. The eye row sits mid-way in its allowed interval, or lower (keeping at least the
    profile's ``production_margin`` of slack) when the still ends above the output's bottom edge.
    ``top_y`` is the top of the head the layout is made for (the hair, or the crown under a
    hair-do); with ``whole_y`` that row of the still (a hair-do's top) must also lie inside the
    output.
    """
    top_d = head.eye_y - top_y
    chin_d = head.chin_y - head.eye_y
    fw_lo, fw_hi = layout.face_width
    best: tuple[float, float, float, float] | None = None  # (slack, s, e_lo, e_hi)
    for s in np.linspace(fw_lo / head.face_width, fw_hi / head.face_width, 121):
        fw_out = s * head.face_width
        e_lo = max(layout.eye_line[0], layout.top_margin[0] + s * top_d)
        if whole_y is not None:
            e_lo = max(e_lo, s * (head.eye_y - whole_y) + 1.0)
        e_hi = min(
            layout.eye_line[1], layout.top_margin[1] + s * top_d, layout.chin_max - s * chin_d
        )
        slack = min(fw_out - fw_lo, fw_hi - fw_out, (e_hi - e_lo) / 2)
        if best is None or slack > best[0]:
            best = (slack, float(s), e_lo, e_hi)
    if best is None or best[0] < 0:
        return None
    slack, s, e_lo, e_hi = best
    e = (e_lo + e_hi) / 2
    bottom = e + s * (still_h - head.eye_y)
    if bottom < out_h:  # less clothing to continue when the head sits lower
        keep = min(layout.production_margin, (e_hi - e_lo) / 2)
        e = max(e, min(e + (out_h - bottom), e_hi - keep))
    return s, e, slack


def render(
    still: np.ndarray,
    plan: CropPlan,
    seg: RegionMask,
    background_bgr: tuple[int, int, int],
    head: HeadGeometry,
    layout: Layout,
) -> Rendered:
    """Scale the still into the output and lay the person over the background colour; where the
    still does not cover the output below the shoulders, continue the clothing (``body_fill``)."""
    h, w = still.shape[:2]
    s, out_w, out_h = plan.scale, plan.out_w, plan.out_h
    # Output rectangle covered by the still, and the matching source rectangle.
    du0, dv0 = max(0, math.ceil(plan.ox - 1e-6)), max(0, math.ceil(plan.oy - 1e-6))
    du1, dv1 = (
        min(out_w, math.floor(plan.ox + s * w + 1e-6)),
        min(out_h, math.floor(plan.oy + s * h + 1e-6)),
    )
    if du1 <= du0 or dv1 <= dv0:
        raise ValueError("crop plan leaves nothing of the still in the output")
    sx0, sx1 = (du0 - plan.ox) / s, (du1 - plan.ox) / s
    sy0, sy1 = (dv0 - plan.oy) / s, (dv1 - plan.oy) / s
    src = still[
        max(0, round(sy0)) : min(h, max(round(sy0) + 1, round(sy1))),
        max(0, round(sx0)) : min(w, max(round(sx0) + 1, round(sx1))),
    ]
    interp = cv2.INTER_AREA if s < 1.0 else cv2.INTER_LINEAR
    patch = cv2.resize(src, (du1 - du0, dv1 - dv0), interpolation=interp)

    # The coarse mask, carried into the same output grid (pixel centres mapped exactly).
    coarse = mask_to_grid(seg, s, s, plan.ox - du0, plan.oy - dv0, du1 - du0, dv1 - dv0)
    alpha, fg = matte_and_foreground(patch, coarse)
    if head.cut_top and dv0 > 0:
        # Hair cut by the still's top edge ends in a short fade, not a hard line.
        n = min(CUT_FADE, alpha.shape[0])
        alpha[:n] *= (np.arange(1, n + 1, dtype=np.float32) / (n + 1))[:, None]
    bg = np.array(background_bgr, dtype=np.float32) / 255.0
    # fg·alpha + bg·(1 − alpha), per channel: the products NumPy broadcasting would give, faster.
    comp = cv2.multiply(fg, cv2.merge((alpha, alpha, alpha)))
    rest = 1.0 - alpha
    comp += cv2.merge(tuple(rest * bg[c] for c in range(3)))
    comp *= 255.0
    comp += 0.5
    patch_out = np.clip(comp, 0, 255, out=comp).astype(np.uint8)

    image = np.empty((out_h, out_w, 3), np.uint8)
    image[:] = np.array(background_bgr, np.uint8)
    matte = np.zeros((out_h, out_w), np.float32)
    image[dv0:dv1, du0:du1] = patch_out
    matte[dv0:dv1, du0:du1] = alpha
    # Below the chin the clothing may be continued past the still's side edges …
    shoulder_v = max(
        dv0, math.ceil(plan.scale * (head.chin_y + SHOULDER_BELOW_CHIN * head.face_width) + plan.oy)
    )
    cx_out, _ = plan.to_output(head.face_cx, 0.0)
    reach = layout.shoulder_half_width * s * head.face_width
    if shoulder_v < dv1:
        if du0 > 0:
            stop = max(-1, math.floor(cx_out - reach) - 1)
            body_fill.continue_side(image, matte, (shoulder_v, dv1), du0, min(stop, du0))
        if du1 < out_w:
            stop = min(out_w, math.ceil(cx_out + reach) + 1)
            body_fill.continue_side(image, matte, (shoulder_v, dv1), du1 - 1, max(stop, du1 - 1))
    # … and past its bottom edge.
    fill_rows = out_h - dv1
    if fill_rows > 0:
        cut = matte[dv1 - 1, du0] > 0.5, matte[dv1 - 1, du1 - 1] > 0.5  # body at the still's sides
        widen = (
            max(0.0, cx_out - reach) if cut[0] else None,
            min(out_w - 1.0, cx_out + reach) if cut[1] else None,
        )
        body_fill.continue_down(
            image, matte, dv1, np.array(head.skin_lab, np.float32), background_bgr, widen
        )
    return Rendered(image, matte, fill_rows, (du0, dv0, du1, dv1))


def side_cut(
    rendered: Rendered, plan: CropPlan, head: HeadGeometry, layout: Layout
) -> CheckResult | None:
    """GEOMETRY failure when the person runs off a side of the still inside the output.

    Above the shoulders nothing is continued past the still's edge, so a head or hair cut there
    would show as a straight vertical cut ("cut_left"/"cut_right"). Below them the clothing is
    continued: freely up to where the shoulders of a body under this face would end
    (``layout.shoulder_half_width`` face widths either side of the face centre), and for at most
    ``layout.max_fill_cols`` columns beyond that; more would be invented body ("body_cut").
    """
    u0, v0, u1, v1 = rendered.covered
    cx_out = plan.to_output(head.face_cx, 0.0)[0]
    reach = layout.shoulder_half_width * plan.scale * head.face_width
    beyond = (  # columns to fill outside the shoulder line, per side
        min(u0, max(0.0, cx_out - reach)),
        min(plan.out_w - u1, max(0.0, plan.out_w - (cx_out + reach))),
    )
    top = max(v0, int(plan.to_output(0.0, head.hair_top_y)[1]))
    shoulder = int(plan.to_output(0.0, head.chin_y + SHOULDER_BELOW_CHIN * head.face_width)[1])
    bottom = min(v1, shoulder)
    edges = ((u0, u0, beyond[0], "cut_left"), (u1 - 1, plan.out_w - u1, beyond[1], "cut_right"))
    for column, gap, invented, side in edges:
        if gap <= 0:
            continue
        if bottom - top >= 4:
            share = float((rendered.alpha[top:bottom, column] > 0.5).mean())
            if share > SIDE_CUT_SHARE:
                return CheckResult(
                    CheckCode.GEOMETRY, Outcome.FAIL, round(share, 3), f"<={SIDE_CUT_SHARE:g}", side
                )
        body = rendered.alpha[max(v0, shoulder) : v1, column]
        invented_body = body.size and float((body > 0.5).mean()) > SIDE_CUT_SHARE
        if invented > layout.max_fill_cols and invented_body:
            return CheckResult(
                CheckCode.GEOMETRY,
                Outcome.FAIL,
                round(float(invented)),
                f"<={layout.max_fill_cols}",
                "body_cut",
            )
    return None


# --- JPEG --------------------------------------------------------------------------------------


def encode_jpeg_in_band(
    bgr: np.ndarray, size_band: tuple[int, int | None], quality_min: int, dpi: int
) -> JpegResult:
    """Baseline JPEG with the highest quality ≥ ``quality_min`` whose size fits the band.

    Binary search on the quality (file size grows with it). If even quality 100 is too small the
    encoder tries 4:4:4 chroma (a finer encoding, not padding); if the band still cannot be met
    the closest file is returned with ``in_band`` False — the caller reports FILE_SIZE.
    """
    lo_size, hi_size = size_band
    best: JpegResult | None = None
    for subsampling in ("4:2:0", "4:4:4"):
        lo_q, hi_q = quality_min, 100
        fit: tuple[int, bytes] | None = None
        top = _encode(bgr, hi_q, subsampling)
        if hi_size is None or len(top) <= hi_size:
            fit = (hi_q, top)
        else:
            while lo_q <= hi_q:
                mid = (lo_q + hi_q) // 2
                data = _encode(bgr, mid, subsampling)
                if len(data) <= hi_size:
                    fit = (mid, data)
                    lo_q = mid + 1
                else:
                    hi_q = mid - 1
        if fit is None:  # too big even at the lowest allowed quality
            data = _encode(bgr, quality_min, subsampling)
            return JpegResult(set_jfif_density(data, dpi), quality_min, False, subsampling)
        quality, data = fit
        result = JpegResult(set_jfif_density(data, dpi), quality, len(data) >= lo_size, subsampling)
        if result.in_band:
            return result
        best = result if best is None or len(result.data) > len(best.data) else best
    assert best is not None
    return best


def _encode(bgr: np.ndarray, quality: int, subsampling: str) -> bytes:
    factor = (
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444
        if subsampling == "4:4:4"
        else cv2.IMWRITE_JPEG_SAMPLING_FACTOR_420
    )
    params = [
        cv2.IMWRITE_JPEG_QUALITY,
        int(quality),
        cv2.IMWRITE_JPEG_PROGRESSIVE,
        0,
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR,
        factor,
    ]
    ok, buf = cv2.imencode(".jpg", bgr, params)
    if not ok:  # pragma: no cover - encoding an in-memory BGR array does not fail
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def set_jfif_density(data: bytes, dpi: int) -> bytes:
    """Write ``dpi`` (units = dots per inch) into the JFIF APP0 header, adding one if missing."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    # APP0 body: length 16, "JFIF\0", version 1.01, units 1 (dpi), densities, no thumbnail.
    app0 = b"\x00\x10JFIF\x00\x01\x01\x01" + struct.pack(">HH", dpi, dpi) + b"\x00\x00"
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        length = struct.unpack(">H", data[4:6])[0]
        head = bytearray(data[: 4 + length])
        head[13] = 1
        head[14:18] = struct.pack(">HH", dpi, dpi)
        return bytes(head) + data[4 + length :]
    return data[:2] + b"\xff\xe0" + app0 + data[2:]


def read_jfif_density(data: bytes) -> tuple[int, int, int] | None:
    """(units, x density, y density) from the JFIF APP0 header, or None without one."""
    if data[:4] != b"\xff\xd8\xff\xe0" or data[6:11] != b"JFIF\x00" or len(data) < 18:
        return None
    units = data[13]
    xd, yd = struct.unpack(">HH", data[14:18])
    return units, xd, yd
