# SPDX-License-Identifier: MIT
"""Settings fields in words: cameras by name (no auto / usb:0 / demo codes), Qt's own dialogs
in Chinese also where Qt does not know where its catalogues are (a bundle)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from tucai_desk.ui import i18n
from tucai_desk.ui.console.editors import CameraChoice


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    i18n.install_translations(qapp, "zh_CN")
    yield
    i18n.install_translations(qapp, "en")


def test_cameras_are_chosen_by_name(qtbot: QtBot, chinese: None) -> None:
    combo = CameraChoice()
    qtbot.addWidget(combo)
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert shown[0] == "自动（使用找到的第一个摄像头）"
    assert shown[-1] == "演示摄像头（内置示例视频）"
    assert not {"auto", "demo", "usb:0", "usb:1"} & set(shown)
    devices = QMediaDevices.videoInputs()
    assert shown[1:-1] == [d.description() for d in devices]
    combo.set_spec("demo")
    assert combo.currentText() == shown[-1] and combo.spec() == "demo"
    combo.set_spec("file:/media/usb/学生.mp4")
    assert combo.currentText() == "视频文件：学生.mp4"
    assert combo.spec() == "file:/media/usb/学生.mp4"
    combo.set_spec("usb:7")
    assert combo.currentText() == "摄像头 8（未连接）" and combo.spec() == "usb:7"
    combo.setCurrentText("folder:/data/frames")  # typed by staff: kept as it is
    assert combo.spec() == "folder:/data/frames"


def test_qt_dialogs_speak_chinese_even_when_qt_looks_elsewhere(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a bundle QLibraryInfo may name a folder without the catalogues: they are found beside
    # PySide6 all the same.
    monkeypatch.setattr(QLibraryInfo, "path", lambda _which: str(tmp_path))
    i18n.install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {w.text() for w in dialog.findChildren(QLabel)}
        assert {"查找范围(&L)：", "文件类型(&T)："} <= labels
    finally:
        i18n.install_translations(qapp, "en")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
