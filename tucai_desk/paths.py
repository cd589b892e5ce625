# SPDX-License-Identifier: MIT
"""Where the station finds its shipped resources and keeps its data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "tucai-desk"


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (source checkout or PyInstaller bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The station's data folder: ``--data-dir``, ``TUCAI_DATA_DIR`` or the user data folder."""
    chosen = override or os.environ.get("TUCAI_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def face_landmarker_model() -> Path:
    return resource("models", "face_landmarker.task")
