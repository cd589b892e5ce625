# SPDX-License-Identifier: MIT
"""A student walks through every page (PRODUCT.md §1) at a demo station in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from tucai_desk.services.demo import demo_codes
from tucai_desk.services.dto import PaymentState
from tucai_desk.ui.flow import Step

LEFT = Qt.MouseButton.LeftButton


def test_student_walks_through_every_page(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    good_camera_clip: Path,
    message_boxes: Any,
    login: Any,
    texts_of: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    window = make_window(station, camera_spec=f"file:{good_camera_clip}")
    flow = window.flow
    capture = station.capture

    # The status bar: demo banner and the liveness warning (a demo station has liveness off).
    assert window.demo_banner.isVisibleTo(window) and window.demo_banner.text() == "演示模式"
    assert window.liveness_banner.isVisibleTo(window)
    assert window.liveness_banner.text() == "活体检测已关闭"

    login(window)
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    assert "工作人员：admin" in window.staff_label.text()

    # 1 验证采集码: a scanner types the code and presses Enter.
    code_page = flow.code
    assert code_page.view.title_label.text() == "验证采集码"
    qtbot.keyClicks(code_page.view.code_edit, demo_codes(5)[4])
    qtbot.keyClick(code_page.view.code_edit, Qt.Key.Key_Return)
    assert flow.step is Step.INFO
    student = flow.student
    assert student is not None and student.code == demo_codes(5)[4]

    # 2 信息核对
    info = flow.info
    page_text = texts_of(info)
    for expected in ("信息核对", student.name, student.student_no, student.school_name):
        assert expected in page_text
    assert info.view.warning_label.text() == (
        "请核实确认本人信息，使用他人信息进行采集的自行承担相应责任！"
    )
    assert info.view.back_button.text().startswith("返回")
    assert info.view.confirm_button.text().startswith("确认进入")
    info.view.phone_edit.clear()
    qtbot.keyClicks(info.view.phone_edit, "139 1234 5678")
    qtbot.keyClick(info.view.phone_edit, Qt.Key.Key_Return)
    assert flow.step is Step.NOTICE
    assert capture.student(student.id).phone == "13912345678"

    # 3 学校图采通知 and 4 注意事项: Next only after reading to the end.
    for step, page, title in (
        (Step.NOTICE, flow.notice, "学校图采通知"),
        (Step.PRECAUTIONS, flow.precautions, "注意事项"),
    ):
        assert flow.step is step
        assert page.view.title_label.text() == title
        qtbot.waitUntil(lambda page=page: page.view.browser.document().toPlainText() != "")
        bar = page.view.browser.verticalScrollBar()
        if bar.maximum() > 0:
            assert not page.view.next_button.isEnabled()
            bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda page=page: page.view.next_button.isEnabled())
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert "学校图采通知" not in texts_of(flow.notify)

    # 5 接收通知
    assert flow.step is Step.NOTIFY
    for box in (flow.notify.view.photo_box, flow.notify.view.payment_box):
        qtbot.mouseClick(box, LEFT, pos=QPoint(12, box.height() // 2))  # on the tick box
        assert box.isChecked()
    qtbot.mouseClick(flow.notify.view.next_button, LEFT)
    saved = capture.student(student.id)
    assert saved.notify_photo and saved.notify_payment

    # 6 拍摄要求: Next once the whole video was played (4× here).
    assert flow.step is Step.VIDEO
    assert not flow.video.view.next_button.isEnabled()
    qtbot.waitUntil(lambda: flow.video.watched, timeout=15000)
    assert capture.student(student.id).video_watched
    qtbot.mouseClick(flow.video.view.next_button, LEFT)

    # 7 拍摄: the live view from the video-file camera; Space takes the burst.
    assert flow.step is Step.CAPTURE
    live = flow.capture_page.view.live_view
    qtbot.waitUntil(lambda: live.frames_shown > 2, timeout=10000)
    qtbot.waitUntil(lambda: flow.capture_page.can_capture, timeout=5000)
    assert flow.capture_page.view.capture_button.text().startswith("拍照")
    qtbot.keyClick(flow.capture_page, Qt.Key.Key_Space)

    # 8 预览: the still, not mirrored; 确定 makes the photo.
    assert flow.step is Step.PREVIEW
    assert flow.preview.view.still_view.image is not None
    assert flow.preview.view.accept_button.text().startswith("确定")
    assert flow.preview.view.retake_button.text().startswith("重拍")
    qtbot.keyClick(flow.preview, Qt.Key.Key_Return)

    # 9 制作与检测: the photo passes and is in the draft box.
    assert flow.step is Step.RESULT
    outcome = flow.result.outcome
    assert outcome is not None and outcome.passed, outcome and outcome.verdict.failed_codes()
    assert flow.result.view.outcome_label.text() == "照片检测通过，已保存到草稿箱"
    assert not flow.result.view.more_reasons.isVisible()  # nothing to note
    assert flow.result.view.photo_view.image is not None
    assert flow.result.view.photo_view.image.size().toTuple() == (480, 640)
    qtbot.keyClick(flow.result, Qt.Key.Key_Return)

    # 10 草稿箱: one draft; it cannot be deleted yet (24-hour rule) and says when it can.
    assert flow.step is Step.DRAFTS
    assert len(flow.drafts.cards) == 1
    card = flow.drafts.cards[0]
    assert not card.delete_button.isEnabled()
    assert "2026年06月02日" in card.delete_note.text()
    assert len(capture.drafts(student.id)) == 1
    qtbot.mouseClick(card.use_button, LEFT)

    # 11 确认上传: the outbox gets the upload in the same transaction.
    assert flow.step is Step.CONFIRM
    assert flow.confirm.view.photo_view.image is not None
    assert capture.pending_uploads() == 0
    qtbot.keyClick(flow.confirm, Qt.Key.Key_Return)
    upload = capture.upload(student.id)
    assert upload is not None and not upload.synced
    assert capture.pending_uploads() == 1

    # 12 支付: the demo school charges ¥15.00; staff confirm the demo payment.
    assert flow.step is Step.PAYMENT
    payment_page = flow.payment
    assert payment_page.view.amount_label.text() == "金额：¥15.00"
    assert payment_page.view.qr_view.image is not None
    assert payment_page.view.state_label.text() == "等待支付"
    assert not payment_page.view.done_button.isEnabled()
    # The admin who opened the station signed in minutes ago: no password again.
    window.staff_actions.payment_action.trigger()
    assert window.staff_actions.login_dialog is None
    assert payment_page.view.state_label.text() == "支付成功"
    assert capture.payment(student.id).state is PaymentState.PAID
    qtbot.mouseClick(payment_page.view.done_button, LEFT)

    # 13 完成
    assert flow.step is Step.DONE
    done_text = texts_of(flow.done)
    assert "照片：已确认上传，等待同步至省级平台" in done_text
    assert "支付：支付成功" in done_text
    window.refresh_sync()
    assert window.sync_label.text() == "未配置省级平台 · 待上传 1 项"

    # 14 照片下载: the service has not produced the finished photo yet.
    qtbot.keyClick(flow.done, Qt.Key.Key_F5)
    assert flow.step is Step.DOWNLOAD
    assert flow.download.view.state_label.text() == "成品照片尚未生成，请稍后查看"
    assert not flow.download.view.save_button.isEnabled()
    qtbot.keyClick(flow.download, Qt.Key.Key_Escape)

    # 下一位: back to page 1 with no student.
    assert flow.step is Step.DONE
    qtbot.keyClick(flow.done, Qt.Key.Key_Return)
    assert flow.step is Step.CODE and flow.student is None
    assert code_page.view.code_edit.text() == ""
    assert message_boxes.texts() == []  # nothing went wrong on the way
