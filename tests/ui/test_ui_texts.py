# SPDX-License-Identifier: MIT
"""Every code the lower layers return has a text, and the Chinese catalogue is complete:
each source string translated, with the same placeholders and the programme's exact wording.

One catalogue (``resources/i18n/tucai_desk_zh_CN.ts``) holds the whole UI: the station's screens
and the staff console."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.core.collection_code import CodeProblem
from tucai_desk.core.policies import BlockReason
from tucai_desk.paths import resource
from tucai_desk.services.dto import PaymentState, StudentStatus
from tucai_desk.ui import texts
from tucai_desk.ui.i18n import install_translations
from tucai_desk.vision.live.model import ChallengeStep, GuidanceHint, LivenessFailure
from tucai_desk.vision.source_kinds import CameraErrorCode

TS_FILE = resource("i18n", "tucai_desk_zh_CN.ts")
PLACEHOLDER = re.compile(r"\{\w*\}|%\d|%n")
UI_DIR = Path(__file__).resolve().parents[2] / "tucai_desk" / "ui"

# The programme's own wording (PRODUCT.md §1), which must appear verbatim.
PRODUCT_TEXTS = [
    "请核实确认本人信息，使用他人信息进行采集的自行承担相应责任！",
    "如有疑问请联系学校图采工作部门",
    "草稿箱已满，请前往草稿箱删除或使用草稿箱照片",
    "系统检测到您的照片多次未通过活体检测，请联系学校图采工作部门进行账号解锁。",
    "请仔细阅读拍摄要求，可于{until}后重新拍摄。",
    "系统检测到草稿箱有照片，可以选择进行上传。",
    "冷静期 {n} 秒",
    "成品照片尚未生成，请稍后查看",
    "照片检测通过，已保存到草稿箱",
    "摄像头已断开，正在重新连接…",
    "演示模式",
    "活体检测已关闭",
    "解锁账号…",
    "确认支付 (演示)",
    "去草稿箱",
]
PAGE_TITLES = [
    "验证采集码",
    "信息核对",
    "学校图采通知",
    "注意事项",
    "接收通知",
    "拍摄要求",
    "拍摄",
    "预览",
    "制作与检测",
    "草稿箱",
    "确认上传",
    "支付",
    "完成",
    "照片下载",
]


def _messages() -> list[tuple[str, str, str, str]]:
    root = ET.parse(TS_FILE).getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            # A plural message (``%n``) keeps its texts in <numerusform>s, one per plural form.
            forms = [form.text or "" for form in translation.iter("numerusform")]
            out.append(
                (
                    name,
                    message.findtext("source") or "",
                    "".join(forms) if forms else translation.text or "",
                    translation.get("type", ""),
                )
            )
    return out


def test_every_source_string_has_a_chinese_translation_with_its_placeholders() -> None:
    messages = _messages()
    contexts = {context for context, _, _, _ in messages}
    assert {"Texts", "MainWindow", "ConsoleTexts", "ConsoleWindow"} <= contexts
    assert len(messages) > 550  # about 320 of the station's screens, 280 of the staff console
    for context, source, translation, kind in messages:
        assert kind not in ("unfinished", "vanished", "obsolete"), (context, source)
        assert translation.strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            context,
            source,
            translation,
        )


def test_the_catalogue_holds_the_programmes_exact_texts() -> None:
    translations = {t for _, _, t, _ in _messages()}
    for text in PRODUCT_TEXTS + PAGE_TITLES:
        assert text in translations, text


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _ui_strings(tree: ast.AST, context: str = "") -> Iterator[tuple[str, str, int]]:
    """(context, source, line) of every literal the UI translates, keyed like lupdate keys them:
    ``self.tr("…")`` by its class, ``QT_TRANSLATE_NOOP``/``QCoreApplication.translate`` by the
    context they name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef):
            yield from _ui_strings(node, node.name)
            continue
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_self = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "self"
            if name == "tr" and on_self and (source := _literal(node.args[0])) is not None:
                yield context, source, node.lineno
            elif name in ("QT_TRANSLATE_NOOP", "translate") and len(node.args) >= 2:
                named, source = _literal(node.args[0]), _literal(node.args[1])
                if named is not None and source is not None:
                    yield named, source, node.lineno
        yield from _ui_strings(node, context)


def test_every_ui_string_is_in_the_catalogue() -> None:
    """A ``self.tr("…")`` added without running lupdate shows up here (English at a station),
    in the station's screens and the staff console alike; the same English text in another
    context does not count (lupdate keys messages by context)."""
    catalogue = {(context, source) for context, source, _, _ in _messages()}
    found, missing = 0, []
    for path in sorted(UI_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for context, source, line in _ui_strings(tree):
            found += 1
            if (context, source) not in catalogue:
                missing.append((f"{path.relative_to(UI_DIR)}:{line}", context, source))
    assert missing == []
    assert found > 550


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def _all_distinct(values: list[str]) -> bool:
    return all(values) and len(set(values)) == len(values)


def test_every_code_maps_to_text(chinese: Any) -> None:
    check_hints = [texts.check_hint(code) for code in CheckCode]
    assert all(check_hints)
    assert not any("({code})" in h or "不符合标准（" in h for h in check_hints)
    assert texts.check_hint(CheckCode.POSE_YAW) == "请正视镜头，不要侧脸"
    assert texts.check_hint(CheckCode.MOUTH_CLOSED) == "请闭上嘴巴，保持自然表情"
    too_dark = CheckResult(CheckCode.EXPOSURE, Outcome.FAIL, 0.05, "0.2..0.8", "too_dark")
    assert texts.check_hint(too_dark) == "光线太暗，请靠近补光灯"
    # Production's refusals say which way to move, not only that framing failed.
    generic = texts.check_hint(CheckCode.GEOMETRY)
    refusals = ("cut_top", "cut_bottom", "cut_left", "body_cut", "hair_too_tall")
    moves = [
        texts.check_hint(CheckResult(CheckCode.GEOMETRY, Outcome.FAIL, 0.0, "", d))
        for d in refusals
    ]
    assert _all_distinct([*moves, generic])
    assert moves[0] == "头顶超出了画面，请坐低一些"
    assert _all_distinct([texts.code_problem_text(p) for p in CodeProblem])
    blocks = [texts.block_text(r) for r in BlockReason]
    assert _all_distinct(blocks) and "当前暂不能拍摄。" not in blocks
    assert _all_distinct([texts.guidance_text(h) for h in GuidanceHint])
    assert all(texts.challenge_text(s) for s in ChallengeStep)
    assert _all_distinct([texts.challenge_text(s) for s in ChallengeStep])
    assert _all_distinct([texts.liveness_failure_text(f) for f in LivenessFailure])
    camera = [texts.camera_error_text(c) for c in CameraErrorCode]
    assert _all_distinct(camera) and not any("不可用（" in c for c in camera)
    assert _all_distinct([texts.payment_state_text(s) for s in PaymentState])
    assert _all_distinct([texts.student_status_text(s) for s in StudentStatus])
    for code in (
        "phone_invalid",
        "blocked",
        "draft_too_new",
        "draft_missing",
        "student_missing",
        "already_uploaded",
        "no_frames",
        "reason_required",
        "not_allowed",
        "no_school",
        "weak_password",
        "exists",
    ):
        assert "未能完成（" not in texts.flow_error_text(code), code
    for code in ("bad_credentials", "locked", "inactive"):
        assert texts.login_error_text(code)
    assert (
        texts.flow_error_text("something_new") == "操作未能完成（something_new），请联系工作人员。"
    )


def test_local_time_format(chinese: Any) -> None:
    from datetime import UTC, datetime

    moment = datetime(2022, 3, 7, 9, 55, 48, tzinfo=UTC)
    expected = moment.astimezone().strftime("%Y年%m月%d日 %H:%M:%S")
    assert texts.format_local_time(moment) == expected
    assert texts.block_text(BlockReason.TIMED_LOCK, moment) == (
        f"请仔细阅读拍摄要求，可于{expected}后重新拍摄。"
    )


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    """The station loads the .qm: it must hold what the .ts says (run `make translations`)."""
    import subprocess
    import sys

    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [str(lrelease), str(TS_FILE), "-qm", str(fresh)], check=True, capture_output=True
    )
    assert fresh.read_bytes() == resource("i18n", "tucai_desk_zh_CN.qm").read_bytes()
