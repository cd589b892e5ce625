# SPDX-License-Identifier: MIT
"""One still-photo Face Landmarker for the whole process.

Picking the best frame of a burst, finding the face of the still, measuring the produced photo
again and the readiness check all run the same IMAGE-mode model with the same options. Each used
to hold its own graph (about 40 MB of weights, buffers and inference threads each); they now
share :func:`shared_image_landmarker`, whose ``detect`` takes a lock, so any thread may use it.
The station runs these on its one database worker anyway, so the lock is never waited on there.
"""

from __future__ import annotations

import threading

import numpy as np

from tucai_desk.vision.landmarker import FaceLandmarkerRunner, FaceLandmarks


class SharedLandmarker:
    """A thread-safe handle on the process's IMAGE-mode landmarker (created on first use)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runner: FaceLandmarkerRunner | None = None

    def detect(self, bgr: np.ndarray, timestamp_ms: int | None = None) -> list[FaceLandmarks]:
        """Faces in ``bgr``, largest first (see :meth:`FaceLandmarkerRunner.detect`)."""
        with self._lock:
            if self._runner is None:
                self._runner = FaceLandmarkerRunner(mode="image", num_faces=1)
            return self._runner.detect(bgr)

    def unload(self) -> None:
        """Free the model (the station closing); the next ``detect`` loads it again."""
        with self._lock:
            runner, self._runner = self._runner, None
        if runner is not None:
            runner.close()


_SHARED = SharedLandmarker()


def shared_image_landmarker() -> SharedLandmarker:
    return _SHARED
