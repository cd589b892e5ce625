# SPDX-License-Identifier: MIT
"""Around the person: background_raw (the real backdrop), clothing_contrast, matte_edge."""

from __future__ import annotations

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.checks.context import OutputContext, StillContext, delta_e00, to_lab

BACKDROP_FACE_WIDTH = 120.0  # the backdrop is judged at this face width (pixels)
CLOTHING_BAND = 0.15  # bottom share of the output judged as clothing
SKIN_DELTA_E = 15.0  # pixels this close to the face's skin colour are skin, not clothing
MATTE_RING = (3, 7)  # the ring judged for a fringe: this many px outside the person's outline


def backdrop_gradient(ctx: StillContext) -> float | None:
    """Mean Sobel magnitude (0..255 grey) of the real backdrop around the person (OFIQ
    BackgroundUniformity's measure), at a fixed face width so it does not depend on resolution."""
    seg, head = ctx.seg, ctx.head
    if seg is None or head is None:
        return None
    x0, y0, x1, y1 = seg.rect
    k = BACKDROP_FACE_WIDTH / max(head.face_width, 1.0)
    region = cv2.resize(
        ctx.still[y0:y1, x0:x1], None, fx=min(1.0, k), fy=min(1.0, k), interpolation=cv2.INTER_AREA
    )
    grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY).astype(np.float32)
    mask = cv2.resize(seg.mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    # Stay clear of the person's outline: its own edge is not clutter.
    background = cv2.erode((mask < 0.1).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if background.sum() < 100:
        return None
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    return float(np.hypot(gx, gy)[background].mean())


def check_background_raw(ctx: StillContext) -> CheckResult:
    """Warn when the real backdrop is busy: segmentation then has a harder job."""
    rules = ctx.profile.checks.background_raw
    value = backdrop_gradient(ctx)
    threshold = f"<={rules.gradient_max:g}"
    if value is None:
        return CheckResult(CheckCode.BACKGROUND_RAW, Outcome.PASS, None, threshold)
    outcome = Outcome.WARN if value > rules.gradient_max else Outcome.PASS
    return CheckResult(
        CheckCode.BACKGROUND_RAW,
        outcome,
        round(value, 1),
        threshold,
        "busy" if outcome is Outcome.WARN else "",
    )


def person_mask(
    image: np.ndarray, background_rgb: tuple[int, int, int], de: float = 6.0
) -> np.ndarray:
    """Pixels of the output that are not the plain background colour (ΔE76 > ``de``).

    Uses OpenCV's 8-bit Lab (fast); its L is scaled by 255/100, which is undone here.
    """
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2Lab).astype(np.float32)
    bg = cv2.cvtColor(np.array([[background_rgb[::-1]]], np.uint8), cv2.COLOR_BGR2Lab)
    diff = lab - bg.astype(np.float32)[0, 0]
    diff[..., 0] *= 100.0 / 255.0
    return np.einsum("...i,...i->...", diff, diff) > de * de


def check_clothing_contrast(out: OutputContext, alpha: np.ndarray) -> CheckResult:
    """The clothing must stand apart from the background colour (CIEDE2000 of its median colour).

    Clothing is the person at the bottom of the photo, skin (neck, a V-neck) left out: pixels
    within ΔE 15 of the face's own skin colour.
    """
    rules = out.profile.checks.clothing_contrast
    h = out.image.shape[0]
    top = int(h * (1 - CLOTHING_BAND))
    lab = to_lab(out.image[top:]).reshape(-1, 3)
    person = (alpha[top:] > 0.5).reshape(-1)
    bg = to_lab(np.array([[out.profile.background_rgb[::-1]]], np.uint8))[0, 0]
    skin = _skin_colour(out)
    if skin is not None:  # ΔE76 is enough to tell skin from cloth, and far cheaper
        clothing = person & (np.linalg.norm(lab - skin, axis=1) > SKIN_DELTA_E)
    else:
        clothing = person
    threshold = f">={rules.delta_e_min:g}"
    if clothing.mean() < 0.1:  # hardly any clothing in view: nothing to compare
        return CheckResult(CheckCode.CLOTHING_CONTRAST, Outcome.PASS, None, threshold)
    value = float(delta_e00(np.median(lab[clothing], axis=0), bg))
    outcome = Outcome.FAIL if value < rules.delta_e_min else Outcome.PASS
    return CheckResult(
        CheckCode.CLOTHING_CONTRAST,
        outcome,
        round(value, 1),
        threshold,
        "like_background" if outcome is Outcome.FAIL else "",
    )


def _skin_colour(out: OutputContext) -> np.ndarray | None:
    if out.face is None:
        return None
    pts = out.face.points
    half = max(
        2, int(0.05 * np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE, :2] - pts[lmk.RIGHT_CHEEK_EDGE, :2]))
    )
    patches = []
    for index in (205, 425):
        x, y = int(pts[index, 0]), int(pts[index, 1])
        patch = out.image[max(0, y - half) : y + half, max(0, x - half) : x + half]
        if patch.size:
            patches.append(to_lab(patch).reshape(-1, 3))
    return np.median(np.concatenate(patches), axis=0) if patches else None


def check_matte_edge(out: OutputContext, alpha: np.ndarray) -> CheckResult:
    """Warn on a halo or fringe around the hair and shoulders.

    A correct soft edge is a mix of the person's colour and the new background colour: each pixel
    of the ring just outside the outline lies on the line between the two (in Lab). A halo of the
    old backdrop or a light fringe does not; the value is the share of ring pixels further than
    ``delta_e_max`` from that line.
    """
    rules = out.profile.checks.matte_edge
    inside = (alpha > 0.5).astype(np.uint8)
    near, far = MATTE_RING
    k_near = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * near + 1, 2 * near + 1))
    k_far = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * far + 1, 2 * far + 1))
    ring = (cv2.dilate(inside, k_far) > 0) & ~(cv2.dilate(inside, k_near) > 0)
    # Only the head and shoulders' outline: the continued clothing rows are not an edge.
    face = out.face
    if face is not None:
        chin = int(face.points[lmk.CHIN, 1])
        ring[min(ring.shape[0], chin + 40) :] = False
    threshold = f"<={rules.fringe_max:g}"
    if ring.sum() < 50:
        return CheckResult(CheckCode.MATTE_EDGE, Outcome.PASS, 0.0, threshold)
    # Work on the ring's bounding box (the head and shoulders), with room for the window.
    window = (2 * far + 9, 2 * far + 9)
    ys, xs = np.nonzero(ring)
    pad = window[0]
    y0, y1 = max(0, ys.min() - pad), min(ring.shape[0], ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(ring.shape[1], xs.max() + pad + 1)
    ring = ring[y0:y1, x0:x1]
    lab = to_lab(out.image[y0:y1, x0:x1])
    bg = to_lab(np.array([[out.profile.background_rgb[::-1]]], np.uint8))[0, 0]
    # The person's colour next to each ring pixel: mean over the eroded inside nearby.
    core = cv2.erode(inside[y0:y1, x0:x1], k_near).astype(np.float32)
    weight = cv2.blur(core, window)
    person_sum = cv2.blur(cv2.multiply(lab, cv2.merge((core, core, core))), window)
    idx = np.nonzero(ring & (weight > 0.02))
    if idx[0].size < 50:
        return CheckResult(CheckCode.MATTE_EDGE, Outcome.PASS, 0.0, threshold)
    px, fg = lab[idx], person_sum[idx] / np.maximum(weight[idx], 1e-4)[:, None]
    line = fg - bg
    t = np.clip(
        np.einsum("ij,ij->i", px - bg, line) / np.maximum(np.einsum("ij,ij->i", line, line), 1e-6),
        0,
        1,
    )
    off = np.linalg.norm(px - (bg + t[:, None] * line), axis=1)
    share = float((off > rules.delta_e_max).mean())
    outcome = Outcome.WARN if share > rules.fringe_max else Outcome.PASS
    return CheckResult(
        CheckCode.MATTE_EDGE,
        outcome,
        round(share, 4),
        threshold,
        "fringe" if outcome is Outcome.WARN else "",
    )
