# SPDX-License-Identifier: MIT
"""The check set of the photo standard, one module per family of checks.

Each check returns :class:`tucai_desk.core.checks.CheckResult` (code, outcome, measured value,
threshold, detail); every threshold comes from the :class:`PhotoProfile`. The pipeline calls
:func:`still_checks` on the captured still (after face analysis and segmentation) and
:func:`output_checks` on the produced JPEG.
"""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np

from tucai_desk.core.checks import CheckResult
from tucai_desk.vision.checks.colour import check_colour
from tucai_desk.vision.checks.context import OutputContext, StillContext
from tucai_desk.vision.checks.expression import (
    check_expression,
    check_eyes_open,
    check_mouth_closed,
)
from tucai_desk.vision.checks.face import check_face_found, check_resolution, check_single_face
from tucai_desk.vision.checks.file import check_file
from tucai_desk.vision.checks.geometry import check_clothing_extended, check_output_geometry
from tucai_desk.vision.checks.head_cover import check_head_cover
from tucai_desk.vision.checks.light import (
    check_exposure,
    check_light_balance,
    check_sharpness,
)
from tucai_desk.vision.checks.occlusion import (
    check_eyes_visible,
    check_glasses_glare,
    check_occlusion,
)
from tucai_desk.vision.checks.pose import check_pose
from tucai_desk.vision.checks.scene import (
    check_background_raw,
    check_clothing_contrast,
    check_matte_edge,
)

__all__ = [
    "OutputContext",
    "StillContext",
    "check_matte_edge",
    "face_checks",
    "output_checks",
    "scene_checks",
]


def face_checks(ctx: StillContext) -> list[CheckResult]:
    """Checks that need only the still and its landmarks. Stops early without a usable face."""
    found = check_face_found(ctx)
    results = [found, check_single_face(ctx)]
    if not found.passed or ctx.view is None:
        return results
    results.append(check_resolution(ctx))
    results.extend(check_pose(ctx))
    results += [
        check_eyes_open(ctx),
        check_eyes_visible(ctx),
        check_occlusion(ctx),
        check_mouth_closed(ctx),
        check_expression(ctx),
        check_glasses_glare(ctx),
        check_exposure(ctx),
        check_light_balance(ctx),
        check_sharpness(ctx),
        check_colour(ctx),
    ]
    return results


def scene_checks(ctx: StillContext) -> list[CheckResult]:
    """Checks that need the person mask of the still."""
    return [check_head_cover(ctx), check_background_raw(ctx)]


def output_checks(
    out: OutputContext,
    alpha: np.ndarray,
    seen: np.ndarray | None = None,
    matte_edge: Future[CheckResult] | None = None,
) -> list[CheckResult]:
    """Checks of the produced photo: layout re-measured, clothing, matte edge, the file.

    ``seen`` marks the output pixels the camera saw; with it the upper body is judged on them
    only, and clothing painted beyond them is warned about (CLOTHING_EXTENDED). ``matte_edge``
    is :func:`check_matte_edge` of the same photo already running elsewhere (the pipeline runs
    it beside the other checks).
    """
    results = check_output_geometry(out, alpha, seen)
    if seen is not None:
        results.append(check_clothing_extended(alpha, seen))
    results.append(check_clothing_contrast(out, alpha))
    results.append(check_matte_edge(out, alpha) if matte_edge is None else matte_edge.result())
    results.extend(check_file(out.jpeg, out.profile))
    return results
