# SPDX-License-Identifier: MIT
"""Live view analysis: framing guidance and the liveness challenge (see ``analyzer``)."""

from tucai_desk.vision.live.analyzer import LiveAnalyzer
from tucai_desk.vision.live.model import (
    ChallengeStep,
    FramingOverlay,
    GuidanceHint,
    GuidanceSettings,
    LivenessFailure,
    LivenessSettings,
    LivenessState,
    LivenessStatus,
    LiveResult,
)

__all__ = [
    "ChallengeStep",
    "FramingOverlay",
    "GuidanceHint",
    "GuidanceSettings",
    "LiveAnalyzer",
    "LiveResult",
    "LivenessFailure",
    "LivenessSettings",
    "LivenessState",
    "LivenessStatus",
]
