# SPDX-License-Identifier: MIT
"""Translations and fonts: Chinese by default, English from the source strings."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from tucai_desk.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
# The first family that exists draws Latin text; the CJK families cover every Chinese glyph, so no
# character of the programme's texts ever falls back to a tofu box.
FONT_FAMILIES = (
    "Noto Sans",
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)

_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(resource("i18n"))


def install_translations(app: QCoreApplication, language: str) -> str:
    """Load the station's and Qt's own translations for ``language``; returns the language used.

    English needs no file (the source strings are English). An unknown language falls back to
    Chinese, the station's default.
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language not in LANGUAGES:
        log.warning("unknown language %r, using %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return language
    # One catalogue for the whole UI: the station's screens and the staff console (messages are
    # keyed by context, so texts that read the same in both stay apart).
    path = Path(translations_dir()) / f"tucai_desk_{language}.qm"
    translator = QTranslator(app)
    if translator.load(str(path)):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        log.error("translation file %s cannot be loaded", path)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qt_{language}", qt_dir):  # standard buttons, file dialogs
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return language


def install_fonts(app: QApplication, point_size: float | None = None) -> QFont:
    """Set the application font: a Latin family first, then the CJK fallbacks that exist here."""
    available = set(QFontDatabase.families())
    families = [f for f in FONT_FAMILIES if f in available]
    if not any(f in available for f in FONT_FAMILIES[2:]):
        log.warning("no CJK font found; Chinese text may not render (install fonts-wqy-microhei)")
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    if point_size:
        font.setPointSizeF(point_size)
    app.setFont(font)
    return font
