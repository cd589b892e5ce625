# SPDX-License-Identifier: MIT
"""Page 1: every code problem has its own message plus the contact line; no payload crashes;
the camera scan reads a 采集码 QR code held up to the station camera."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import qrcode
from PySide6.QtCore import Qt

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.collection_code import make_code
from tucai_desk.services.demo import demo_codes
from tucai_desk.store.models import CollectionCodeRow
from tucai_desk.ui.flow import Step

CONTACT = "如有疑问请联系学校图采工作部门"


@pytest.fixture
def code_page_window(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    clock: FakeClock,
    good_still: np.ndarray,
) -> Any:
    language("zh_CN")
    station = make_station()
    codes = demo_codes(8)
    # Student 7 has confirmed a photo: the code is used up.
    capture = station.capture
    student = capture.verify_code(codes[6]).student
    outcome = capture.submit_still(student.id, [good_still])
    assert outcome.draft is not None
    capture.confirm_upload(student.id, outcome.draft.id)
    # Student 8's code ran out a minute ago.
    with station.db.session() as s:
        s.get(CollectionCodeRow, codes[7]).expires_at = clock.now() - timedelta(minutes=1)
    window = make_window(station)
    login(window)
    qtbot.waitUntil(lambda: window.flow.step is Step.CODE)
    return window


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "请扫描或输入采集码"),
        ("hello", "采集码格式不正确，请重新扫描或核对后输入"),
        ("JS3200100000012X", "采集码格式不正确，请重新扫描或核对后输入"),  # wrong check char
        (make_code("JS", "32001", 999), "未找到该采集码对应的学生信息"),
        (make_code("JS", "32002", 1), "该采集码不属于本校，请到本人所在学校的采集点采集"),
        (demo_codes(8)[6], "该采集码已完成采集，无需重复采集"),
        (demo_codes(8)[7], "该采集码已过期"),
    ],
)
def test_each_code_problem_has_its_message(
    qtbot: Any, code_page_window: Any, payload: str, message: str
) -> None:
    flow = code_page_window.flow
    view = flow.code.view
    qtbot.keyClicks(view.code_edit, payload)
    qtbot.keyClick(view.code_edit, Qt.Key.Key_Return)
    assert flow.step is Step.CODE and flow.student is None
    assert view.error_label.isVisibleTo(flow.code)
    assert view.error_label.text() == f"{message}\n{CONTACT}"


HOSTILE = [
    "<b>bold</b><img src='file:///etc/passwd'>",
    "\x00\x01\x02\x1b[31m",
    "A" * 100_000,
    "{" * 50_000,
    "[" * 50_000,
    '{"code": {"nested": [1, 2, 3]}}',
    '{"code": "' + "9" * 5000 + '"}',
    "https://example.invalid/?code=JS3200100000001X&code=JS3200100000002X",
    "javascript:alert(1)",
    "\u202eX0001000023SJ",  # right-to-left override
    "JS3200100000001X\u200b",  # zero-width space hidden in a real code
    "采集码：JS３２００１",  # full-width digits, cut short
    "😀" * 1000,
    "%s%n%x" * 100,
    "\ud800",  # a lone surrogate, as a broken scanner driver might produce
]


def test_hostile_payloads_never_crash(qtbot: Any, code_page_window: Any) -> None:
    flow = code_page_window.flow
    view = flow.code.view
    for payload in HOSTILE:
        flow.code.verify(payload)
        assert flow.step is Step.CODE and flow.student is None, repr(payload[:40])
        assert view.error_label.text().endswith(CONTACT)
        assert view.error_label.textFormat() == Qt.TextFormat.PlainText
    # A QR payload in JSON form with a good code still works.
    flow.code.verify(json.dumps({"code": demo_codes(1)[0]}))
    assert flow.step is Step.INFO


def _qr_frame(text: str) -> np.ndarray:
    code = qrcode.QRCode(border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    module = 8
    qr = np.where(np.kron(matrix, np.ones((module, module), bool)), 0, 255).astype(np.uint8)
    frame = np.full((480, 640, 3), 200, np.uint8)  # a grey room
    h, w = qr.shape
    y, x = (480 - h) // 2, (640 - w) // 2
    frame[y : y + h, x : x + w] = qr[:, :, None]
    return frame


def test_scan_button_reads_the_code_from_the_camera(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    tmp_path: Path,
    clip_writer: Any,
) -> None:
    language("zh_CN")
    code = demo_codes(3)[2]
    clip = clip_writer(tmp_path / "qr.mp4", [_qr_frame(code)] * 10)
    station = make_station()
    window = make_window(station, camera_spec=f"file:{clip}")
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    assert flow.code.view.scan_button.text().startswith("扫码")
    qtbot.waitUntil(lambda: window.camera.latest_frames(1) != [], timeout=10000)
    qtbot.keyClick(flow.code, Qt.Key.Key_F2)
    assert flow.code.scanning
    qtbot.waitUntil(lambda: flow.step is Step.INFO, timeout=10000)
    assert flow.student is not None and flow.student.code == code
    assert not flow.code.scanning
