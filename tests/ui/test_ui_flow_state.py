# SPDX-License-Identifier: MIT
"""The flow publishes what the student sees as a typed FlowState; the student window renders the
states it is given and reads no page."""

from __future__ import annotations

import inspect
from typing import Any

from PySide6.QtCore import Qt

from tucai_desk.services.demo import demo_codes
from tucai_desk.ui import student_screen
from tucai_desk.ui.flow import Step
from tucai_desk.ui.flow_state import FlowState
from tucai_desk.ui.student_scenes import Line, Scene
from tucai_desk.ui.student_screen import StudentScreen


def test_the_flow_publishes_its_state_and_the_student_window_renders_it(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any
) -> None:
    language("en")
    window = make_window(make_station())
    states = window.flow_state
    seen: list[FlowState] = []
    states.state_changed.connect(seen.append)
    login(window)
    qtbot.waitUntil(lambda: window.flow.step is Step.CODE)
    assert states.state.step is Step.CODE and states.state.student_name == ""

    code = window.flow.code.view.code_edit
    qtbot.keyClicks(code, demo_codes(3)[2])
    qtbot.keyClick(code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: states.state.step is Step.INFO)
    state = states.state
    student = window.flow.student
    assert student is not None and state.student_name == student.name
    assert state.scene.title == window.flow.info.view.title_label.text()
    assert any(student.name in line.text for line in state.scene.lines)
    assert [s.step for s in seen][-1] is Step.INFO and seen[-1] == state  # emitted, not polled
    with qtbot.assertNotEmitted(states.state_changed):
        states.publish()  # nothing changed: nothing is sent

    screen = StudentScreen(states, camera=None, analysis=None)
    qtbot.addWidget(screen)
    assert student.name in "\n".join(screen.shown_texts())
    made_up = FlowState(step=None, scene=Scene("Title", "", (Line("Hello there", "big"),)))
    screen.show_state(made_up)
    assert screen.shown_texts()[0] == "Title" and "Hello there" in screen.shown_texts()


def test_the_student_window_reads_no_page_widget() -> None:
    source = inspect.getsource(student_screen)
    assert ".view." not in source and ".page(" not in source and "SceneReader" not in source
