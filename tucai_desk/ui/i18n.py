# SPDX-License-Identifier: MIT
"""Translations and fonts: Chinese by default, English from the source strings."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator
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
    # Qt's own texts (standard buttons, the file dialog's 查找范围/文件类型, media errors): the
    # catalogues themselves, not the qt_<lang> meta file that only names them.
    folder = qt_translations_dir(language)
    for catalogue in QT_CATALOGUES:
        qt_own = QTranslator(app)
        if folder is not None and qt_own.load(f"{catalogue}_{language}", str(folder)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
        else:
            log.warning(
                "Qt's %s_%s.qm was not found; Qt's dialogs stay English", catalogue, language
            )
    return language


QT_CATALOGUES = ("qtbase", "qtmultimedia")
# Texts of Qt's own widgets that Qt's zh_CN catalogue lacks (its file dialog's labels gained a
# shortcut in Qt 6 and stayed English): our catalogue supplies them, Qt asks it after its own.
QT_SUPPLEMENT = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def qt_translations_dir(language: str) -> Path | None:
    """Where Qt's catalogues are: Qt's own idea first, then beside PySide6 (a PyInstaller bundle
    keeps them in ``PySide6/Qt/translations`` or, on Windows, ``PySide6/translations``, where
    QLibraryInfo may point elsewhere)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    candidates = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        package / "Qt" / "translations",
        package / "translations",
    ]
    for folder in candidates:
        if (folder / f"qtbase_{language}.qm").is_file():
            return folder
    return None


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
