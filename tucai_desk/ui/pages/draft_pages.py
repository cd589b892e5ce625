# SPDX-License-Identifier: MIT
"""Pages 10 and 11: 草稿箱 (the passed photos) and 确认上传 (the chosen one, large)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import DraftView, StudentView, UploadView
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.pages.base import ServicePage, enter_shortcut, error_handler, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import (
    ImageView,
    PageFrame,
    button,
    image_from_file,
    label,
)

log = logging.getLogger(__name__)
COLUMNS = 5


class DraftCard(QFrame):
    """One draft: thumbnail, when it was saved, use / delete."""

    def __init__(self, draft: DraftView, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.thumb = ImageView(min_size=QSize(150, 200))
        self.thumb.setFixedSize(QSize(165, 220))
        self.thumb.set_image(image_from_file(draft.path))
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFixedWidth(236)
        small = "font-size: 11pt; color: #546e7a;"
        self.saved_label = label(
            self.tr("No. {n}\n{when}").format(
                n=index, when=texts.format_local_time(draft.created_at)
            )
        )
        self.saved_label.setStyleSheet(small)
        layout.addWidget(self.saved_label)
        # What staff should know before this photo is used: clothing the station painted in
        # (shown as a warning), a head covering allowed by staff (a note).
        self.clothing_label = label(
            self.tr("Clothing at the bottom was filled in by the station, not photographed."),
            "warning",
        )
        self.clothing_label.setObjectName("clothingExtended")
        self.clothing_label.setStyleSheet("font-size: 11pt; color: #c62828; font-weight: bold;")
        self.clothing_label.setVisible(draft.clothing_extended)
        layout.addWidget(self.clothing_label)
        self.head_cover_label = label(
            texts.head_cover_allowed_text(draft.head_cover_allowed or ""), "note"
        )
        self.head_cover_label.setStyleSheet("font-size: 11pt; color: #8d5a00;")
        self.head_cover_label.setVisible(draft.head_cover_allowed is not None)
        layout.addWidget(self.head_cover_label)
        compact = "font-size: 14pt; min-height: 34px; padding: 2px 6px;"
        self.use_button = button(self.tr("Use this photo ({n})").format(n=index), primary=True)
        self.use_button.setStyleSheet(compact)
        layout.addWidget(self.use_button)
        self.delete_button = button(self.tr("Delete"))
        self.delete_button.setStyleSheet(compact)
        self.delete_button.setEnabled(draft.can_delete)
        layout.addWidget(self.delete_button)
        self.delete_note = label(
            ""
            if draft.can_delete
            else self.tr("Can be deleted after\n{when}").format(
                when=texts.format_local_time(draft.deletable_at)
            )
        )
        self.delete_note.setStyleSheet(small)
        self.delete_note.setVisible(not draft.can_delete)
        layout.addWidget(self.delete_note)


class DraftsPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Draft box"), self.tr("Step 10"), parent)
        self.summary_label = label("", "muted")
        self.body.addWidget(self.summary_label)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_host = QWidget()
        self.grid_host.setObjectName("draftGrid")
        self.scroll.setStyleSheet("QScrollArea, QWidget#draftGrid { background: transparent; }")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(16)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self.grid_host)
        self.body.addWidget(self.scroll, 1)
        self.empty_label = label(self.tr("There are no photos in your draft box yet."), "big")
        self.body.addWidget(self.empty_label)
        self.finish_button = self.add_button(self.tr("Back to start"))
        self.back_button = self.add_button(self.tr("Back to camera (Esc)"))

    def clear_cards(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()


class DraftsPage(ServicePage[DraftsPageView]):
    """Page 10. Emits ``chosen(DraftView)``."""

    chosen = Signal(object)
    capture_requested = Signal()
    finish_requested = Signal()  # back to page 1 (a locked student may leave from here)

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, DraftsPageView(), parent)
        self.drafts: list[DraftView] = []
        self.cards: list[DraftCard] = []
        self.view.back_button.clicked.connect(self.capture_requested)
        self.view.finish_button.clicked.connect(self.finish_requested)
        shortcut(self, Qt.Key.Key_Escape, self.capture_requested.emit)
        for n in range(1, 10):
            shortcut(self, f"{n}", lambda n=n: self._choose(n - 1))

    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        self.reload()

    def leave(self) -> None:
        super().leave()
        self._student = None

    def reload(self) -> None:
        student = self._student
        if student is None:
            return
        capture = self._capture
        self._tasks.submit(
            lambda: capture.drafts(student.id),
            on_ok=self._gen.bind(self._show),
            on_err=self._gen.bind(error_handler(self)),
            uses_db=True,
        )

    def _show(self, drafts: list[DraftView]) -> None:
        self.drafts = list(drafts)
        v = self.view
        v.clear_cards()
        self.cards = []
        for i, draft in enumerate(self.drafts):
            card = DraftCard(draft, i + 1)
            card.use_button.clicked.connect(lambda _=False, d=draft: self.chosen.emit(d))
            card.delete_button.clicked.connect(lambda _=False, d=draft: self._delete(d))
            v.grid.addWidget(card, i // COLUMNS, i % COLUMNS)
            self.cards.append(card)
        v.empty_label.setVisible(not self.drafts)
        v.summary_label.setText(
            self.tr("Choose the photo you want to upload. Photos in the box: {count}.").format(
                count=len(self.drafts)
            )
        )

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.drafts):
            self.chosen.emit(self.drafts[index])

    def _delete(self, draft: DraftView) -> None:
        student = self._student
        if student is None:
            return
        if not draft.can_delete:
            dialogs.inform(self.window(), texts.flow_error_text("draft_too_new"))
            return
        choice = dialogs.ask(
            self.window(),
            self.tr("Delete this photo from the draft box?"),
            [self.tr("Delete"), self.tr("Cancel")],
            default=1,
        )
        if choice != 0:
            return
        capture = self._capture
        self._tasks.submit(
            lambda: capture.delete_draft(student.id, draft.id),
            on_ok=self._gen.bind(lambda _: self.reload()),
            on_err=self._gen.bind(error_handler(self)),
            uses_db=True,
        )


class ConfirmPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Confirm upload"), self.tr("Step 11"), parent)
        self.photo_view = ImageView(min_size=QSize(300, 400))
        self.body.addWidget(self.photo_view, 1)
        self.note_label = label(
            self.tr(
                "This photo will be uploaded as your academic-record photo. "
                "After confirming it cannot be changed here."
            ),
            "warning",
        )
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.note_label)
        self.back_button = self.add_button(self.tr("Back to draft box (Esc)"))
        self.confirm_button = self.add_button(self.tr("Confirm upload (Enter)"), primary=True)


class ConfirmPage(ServicePage[ConfirmPageView]):
    """Page 11. Emits ``uploaded(UploadView)``."""

    uploaded = Signal(object)
    back_requested = Signal()

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, ConfirmPageView(), parent)
        self._draft: DraftView | None = None
        self.view.confirm_button.clicked.connect(self._on_confirm)
        self.view.back_button.clicked.connect(self.back_requested)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        enter_shortcut(self, self._on_confirm)

    def enter(self, student: StudentView, draft: DraftView) -> None:
        self._gen.renew()
        self._student, self._draft = student, draft
        self.view.photo_view.set_image(image_from_file(draft.path))
        self.view.confirm_button.setEnabled(True)

    @Slot()
    def _on_confirm(self) -> None:
        student, draft = self._student, self._draft
        if student is None or draft is None or not self.view.confirm_button.isEnabled():
            return
        self.view.confirm_button.setEnabled(False)
        capture = self._capture
        self._tasks.submit(
            lambda: capture.confirm_upload(student.id, draft.id),
            on_ok=self._gen.bind(self._on_uploaded),
            on_err=self._gen.bind(self._on_failed),
            uses_db=True,
        )

    def _on_uploaded(self, upload: UploadView) -> None:
        self.uploaded.emit(upload)

    def _on_failed(self, exc: BaseException) -> None:
        self.view.confirm_button.setEnabled(True)
        error_handler(self)(exc)
