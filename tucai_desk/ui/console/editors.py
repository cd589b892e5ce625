# SPDX-License-Identifier: MIT
"""Two settings fields that speak the staff's language instead of codes: the camera chosen by its
device name, and the school's texts edited as they will look (no HTML to type)."""

from __future__ import annotations

import re
from pathlib import PurePath

from PySide6.QtGui import QFont, QTextListFormat
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTextEdit, QToolButton, QVBoxLayout, QWidget

_VIDEO_DEVICE = re.compile(r"/dev/video(\d+)$")


class CameraChoice(QComboBox):
    """The camera source: the cameras by their device names, the automatic choice and the demo
    camera in words; a typed spec (``file:…``, ``folder:…``) is kept as it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.reload()

    def reload(self) -> None:
        current = self.spec() if self.count() else ""
        self.clear()
        self.addItem(self.tr("Automatic (the first camera found)"), "auto")
        for index, device in enumerate(QMediaDevices.videoInputs()):
            # Linux names the device file; elsewhere the order is the system's camera order.
            ident = bytes(device.id().data()).decode("utf-8", "replace")
            found = _VIDEO_DEVICE.search(ident)
            spec = f"usb:{found.group(1) if found else index}"
            self.addItem(device.description() or spec, spec)
        self.addItem(self.tr("Demo camera (a built-in sample video)"), "demo")
        if current:
            self.set_spec(current)

    def set_spec(self, spec: str) -> None:
        spec = spec.strip() or "auto"
        index = self.findData(spec)
        if index < 0:
            self.addItem(self._named(spec), spec)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def spec(self) -> str:
        """The spec of the chosen item, or what staff typed when it is no item's name."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        return text or "auto"

    def _named(self, spec: str) -> str:
        kind, _, rest = spec.partition(":")
        if kind == "file" and rest:
            return self.tr("Video file: {name}").format(name=PurePath(rest).name)
        if kind == "folder" and rest:
            return self.tr("Image folder: {name}").format(name=PurePath(rest).name)
        if kind == "usb" and rest.isdigit():
            return self.tr("Camera {n} (not connected)").format(n=int(rest) + 1)
        return spec


class RichTextEditor(QWidget):
    """Edit a text as it will be shown (bold, italic, lists); the HTML stays underneath.

    An untouched text is handed back exactly as it came, so saving the dialog does not record a
    change nobody made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.bold_button = self._tool(self.tr("Bold"), "B", self._bold)
        self.italic_button = self._tool(self.tr("Italic"), "I", self._italic)
        self.bullets_button = self._tool(self.tr("Bulleted list"), "•", self._bullets)
        self.numbers_button = self._tool(self.tr("Numbered list"), "1.", self._numbers)
        for button in (self.bold_button, self.italic_button, self.bullets_button):
            bar.addWidget(button)
        bar.addWidget(self.numbers_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.edit = QTextEdit()
        self.edit.setAcceptRichText(True)
        layout.addWidget(self.edit, 1)
        self._original = ""

    def _tool(self, tip: str, text: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def set_html(self, html: str) -> None:
        self._original = html
        self.edit.setHtml(html)
        self.edit.document().setModified(False)

    def html(self) -> str:
        document = self.edit.document()
        if not document.isModified():
            return self._original
        return "" if not document.toPlainText().strip() else document.toHtml()

    def _bold(self) -> None:
        weight = self.edit.fontWeight()
        self.edit.setFontWeight(
            QFont.Weight.Normal if weight > QFont.Weight.Normal else QFont.Weight.Bold
        )

    def _italic(self) -> None:
        self.edit.setFontItalic(not self.edit.fontItalic())

    def _bullets(self) -> None:
        self.edit.textCursor().createList(QTextListFormat.Style.ListDisc)

    def _numbers(self) -> None:
        self.edit.textCursor().createList(QTextListFormat.Style.ListDecimal)
