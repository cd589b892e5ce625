# SPDX-License-Identifier: MIT
"""matplotlib is imported only by code that uses it, not by ``import mediapipe``.

``import mediapipe`` runs ``mediapipe.python.solutions.drawing_utils``, whose first lines import
``matplotlib.pyplot`` for its plotting helpers. The station never plots, yet that import costs
about 32 MB of resident memory (matplotlib 17, pyplot 16), a share of the station's budget.
:func:`defer_matplotlib` puts stand-ins for ``matplotlib`` and ``matplotlib.pyplot`` in
``sys.modules`` while matplotlib is not yet imported; the first attribute anyone reads from them
imports the real modules and answers from those, so a user of matplotlib sees no difference.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from typing import Any

_NAMES = ("matplotlib", "matplotlib.pyplot")


class DeferredModule(types.ModuleType):
    """Stands in for a module until an attribute is read; then imports it and forwards."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # introspection (copy, pickle, inspect) needs no import
        return getattr(load_real(self.__name__), attr)


def load_real(name: str) -> types.ModuleType:
    """The real module ``name`` (the stand-ins leave ``sys.modules`` first)."""
    for each in _NAMES:
        if isinstance(sys.modules.get(each), DeferredModule):
            del sys.modules[each]
    return importlib.import_module(name)


def defer_matplotlib() -> bool:
    """Install the stand-ins unless matplotlib is imported already; True when installed."""
    if any(name in sys.modules for name in _NAMES):
        return False
    package, pyplot = DeferredModule(_NAMES[0]), DeferredModule(_NAMES[1])
    for module in (package, pyplot):  # find_spec() on a stand-in answers "installed"
        module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)
    package.__path__ = []  # a package: ``import matplotlib.pyplot`` finds its sub-module here
    package.pyplot = pyplot  # type: ignore[attr-defined]
    sys.modules[_NAMES[0]], sys.modules[_NAMES[1]] = package, pyplot
    return True
