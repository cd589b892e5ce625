# SPDX-License-Identifier: MIT
"""From a captured still to a verdict and the produced JPEG: the one entry point of photo work.

``PhotoPipeline(profile).process(still_bgr)`` runs, in order: face detection and landmarks (on a
face-centred crop), the face checks, person segmentation of the head-and-shoulders region,
production (crop, background, JPEG in the size band), then the checks of the output — its layout
measured again by running the Face Landmarker on the decoded JPEG, and the file read back from its
bytes. Models are loaded once, on the first call.

Not thread-safe: use one pipeline per thread (the services layer runs it on its worker).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome, Verdict
from tucai_desk.vision import production
from tucai_desk.vision.checks import (
    OutputContext,
    StillContext,
    face_checks,
    output_checks,
    scene_checks,
)
from tucai_desk.vision.checks.context import face_view
from tucai_desk.vision.faces import FaceFinder
from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.profiles import PhotoProfile
from tucai_desk.vision.segmentation import Segmenter

log = logging.getLogger(__name__)


_Box = tuple[float, float, float, float]


def _face_box(face: FaceLandmarks | None, shape: tuple[int, ...]) -> _Box | None:
    """The landmarks' extent as fractions of the image (None without a face)."""
    if face is None:
        return None
    h, w = shape[:2]
    xs, ys = face.points[:, 0], face.points[:, 1]
    return (
        max(0.0, float(xs.min()) / w),
        max(0.0, float(ys.min()) / h),
        min(1.0, float(xs.max()) / w),
        min(1.0, float(ys.max()) / h),
    )


@dataclass(frozen=True, slots=True)
class PhotoOutcome:
    verdict: Verdict  # all checks (production-time and output checks)
    jpeg: bytes | None  # the produced 480×640 JPEG, None when production was impossible
    model_ms: float  # time spent inside models
    total_ms: float
    # Where the face is, as (x0, y0, x1, y1) fractions: in the still and in the produced JPEG;
    # the result page marks the failing region with them.
    still_face: tuple[float, float, float, float] | None = None
    photo_face: tuple[float, float, float, float] | None = None
    context: StillContext | None = None  # what the face checks looked at (for measurements)


class PhotoPipeline:
    def __init__(self, profile: PhotoProfile) -> None:
        self.profile = profile
        self._finder: FaceFinder | None = None
        self._segmenter: Segmenter | None = None

    def _models(self) -> tuple[FaceFinder, Segmenter]:
        if self._finder is None:
            self._finder = FaceFinder(self.profile.checks.single_face.min_score)
        if self._segmenter is None:
            self._segmenter = Segmenter()
        return self._finder, self._segmenter

    def with_profile(self, profile: PhotoProfile) -> PhotoPipeline:
        """A pipeline for another profile sharing this one's loaded models (same thread only)."""
        other = PhotoPipeline(profile)
        other._finder, other._segmenter = self._models()
        return other

    def warm_up(self) -> None:
        """Load the models now (about 2 s) rather than on the first photo (loading holds the
        interpreter for tens of milliseconds at a time: behind the first screen, not mid-day)."""
        finder, segmenter = self._models()
        blank = np.zeros((64, 64, 3), np.uint8)
        finder.scan(blank)
        segmenter.segment(blank)

    def process(self, still_bgr: np.ndarray) -> PhotoOutcome:
        if still_bgr.ndim != 3 or still_bgr.shape[2] != 3 or still_bgr.dtype != np.uint8:
            raise ValueError("expected a BGR uint8 image (H×W×3)")
        t0 = time.perf_counter()
        finder, segmenter = self._models()
        model_ms = 0.0
        scan = finder.scan(still_bgr)
        model_ms += scan.model_ms
        view = face_view(still_bgr, scan.face) if scan.face is not None else None
        ctx = StillContext(still_bgr, scan, self.profile, view)
        results = face_checks(ctx)
        still_face = _face_box(scan.face, still_bgr.shape)
        if scan.face is None or not results[0].passed:
            return self._outcome(results, None, model_ms, t0, ctx, still_face)

        face = scan.face
        seg = segmenter.segment(still_bgr, production.analysis_region(face, still_bgr.shape))
        model_ms += segmenter.model_ms
        head = production.measure_head(face, seg, still_bgr)
        ctx = StillContext(still_bgr, scan, self.profile, view, seg, head)
        results += scene_checks(ctx)

        out = self.profile.output
        plan = production.plan_crop(
            head, self.profile.layout, out.width, out.height, still_bgr.shape
        )
        if isinstance(plan, CheckResult):
            results.append(plan)
            return self._outcome(results, None, model_ms, t0, ctx, still_face)
        rendered = production.render(
            still_bgr, plan, seg, self.profile.background_bgr, head, self.profile.layout
        )
        cut = production.side_cut(rendered, plan, head, self.profile.layout)
        if cut is not None:
            results.append(cut)
            return self._outcome(results, None, model_ms, t0, ctx, still_face)
        results.append(CheckResult(CheckCode.GEOMETRY, Outcome.PASS, round(plan.scale, 3), "", ""))
        encoded = production.encode_jpeg_in_band(
            rendered.image, self.profile.file_size, out.jpeg_quality_min, out.dpi
        )
        decoded = cv2.imdecode(np.frombuffer(encoded.data, np.uint8), cv2.IMREAD_COLOR)
        t_model = time.perf_counter()
        out_face = finder.landmarks(decoded)
        model_ms += (time.perf_counter() - t_model) * 1000.0
        out_ctx = OutputContext(decoded, encoded.data, out_face, self.profile, encoded.quality)
        results += output_checks(out_ctx, rendered.alpha, rendered.seen())
        photo_face = _face_box(out_face, decoded.shape)
        return self._outcome(results, encoded.data, model_ms, t0, ctx, still_face, photo_face)

    def _outcome(
        self,
        results: list[CheckResult],
        jpeg: bytes | None,
        model_ms: float,
        t0: float,
        ctx: StillContext,
        still_face: _Box | None = None,
        photo_face: _Box | None = None,
    ) -> PhotoOutcome:
        total_ms = (time.perf_counter() - t0) * 1000.0
        return PhotoOutcome(
            Verdict(tuple(results)), jpeg, model_ms, total_ms, still_face, photo_face, ctx
        )

    def close(self) -> None:
        if self._finder is not None:
            self._finder.close()
            self._finder = None
        if self._segmenter is not None:
            self._segmenter.close()
            self._segmenter = None

    def __enter__(self) -> PhotoPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
