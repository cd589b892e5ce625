# SPDX-License-Identifier: MIT
"""The console's Chinese texts, until they are merged into the station's translation file.

``install_console_translations()`` loads ``translations/console_<lang>.qm`` next to this module
when the station runs in Chinese (``QLocale`` default set by ``ui.i18n.install_translations``).
Qt asks every installed translator, so this one only adds the console's contexts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent / "translations"
_installed: dict[str, QTranslator] = {}


def install_console_translations(language: str | None = None) -> bool:
    """Load the console translation for ``language`` (default: the current Qt locale)."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    language = language or QLocale().name()
    if not language.startswith("zh"):
        return False
    if language in _installed:
        return True
    translator = QTranslator(app)
    if not translator.load(f"console_{language}", str(FOLDER)):
        log.warning("console translation console_%s.qm not found", language)
        return False
    app.installTranslator(translator)
    _installed[language] = translator
    return True


def remove_console_translations() -> None:
    """Unload what :func:`install_console_translations` loaded (tests, a language switch)."""
    app = QCoreApplication.instance()
    for translator in _installed.values():
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
