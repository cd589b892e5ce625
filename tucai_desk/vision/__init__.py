"""Photo and live analysis: face models, checks, production (Qt-free)."""

from tucai_desk.vision.deferred_imports import defer_matplotlib

defer_matplotlib()  # before any mediapipe import (see deferred_imports)
