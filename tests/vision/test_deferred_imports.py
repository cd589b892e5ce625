# SPDX-License-Identifier: MIT
"""The face models load without importing matplotlib (about 32 MB the station never uses), and
matplotlib still works for code that does use it."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, sys
from tucai_desk.vision.faces import FaceDetector
from tucai_desk.vision.segmentation import Segmenter
FaceDetector().close()
Segmenter().close()
loaded_with_models = type(sys.modules["matplotlib"]).__name__ != "DeferredModule"
import matplotlib
import matplotlib.pyplot as plt
data = matplotlib.get_data_path()
real = type(sys.modules["matplotlib"]).__name__ == "module"
print(json.dumps({"loaded_with_models": loaded_with_models, "real_after_use": real,
                  "data": bool(data), "figure": callable(plt.figure)}))
"""


def test_models_load_without_matplotlib_which_still_imports_on_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {
        "loaded_with_models": False,
        "real_after_use": True,
        "data": True,
        "figure": True,
    }
