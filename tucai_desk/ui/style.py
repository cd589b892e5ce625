# SPDX-License-Identifier: MIT
"""The station's look: large type and buttons on the student pages, readable from a step away.

Widgets opt in with dynamic properties (``role``, ``primary``) instead of per-widget style calls,
so the views stay layout-only.
"""

from __future__ import annotations

BASE_POINT_SIZE = 12.0

STYLE_SHEET = """
QMainWindow, QStackedWidget { background: #f5f7fa; }
QWidget[role="student"] QPushButton {
    min-height: 52px; padding: 6px 28px; font-size: 18pt; border-radius: 6px;
    border: 1px solid #90a4ae; background: #ffffff;
}
QWidget[role="student"] QPushButton:hover { background: #e3f2fd; }
QWidget[role="student"] QPushButton:disabled { color: #9e9e9e; background: #eceff1; }
QWidget[role="student"] QPushButton[primary="true"] {
    background: #1565c0; color: #ffffff; border: 1px solid #0d47a1; font-weight: bold;
}
QWidget[role="student"] QPushButton[primary="true"]:hover { background: #1e88e5; }
QWidget[role="student"] QPushButton[primary="true"]:disabled {
    background: #90a4ae; color: #eceff1; border: 1px solid #90a4ae;
}
QWidget[role="student"] QLineEdit { font-size: 22pt; padding: 6px; min-height: 48px; }
QWidget[role="student"] QCheckBox { font-size: 18pt; spacing: 12px; }
QWidget[role="student"] QCheckBox::indicator { width: 28px; height: 28px; }
QWidget[role="student"] QTextBrowser { font-size: 16pt; background: #ffffff; }
QWidget[role="student"] QLabel { font-size: 18pt; }
QWidget[role="student"] QLabel[role="title"],
QLabel[role="title"] { font-size: 26pt; font-weight: bold; color: #0d47a1; }
QWidget[role="student"] QLabel[role="step"] { font-size: 14pt; color: #546e7a; }
QWidget[role="student"] QLabel[role="big"] { font-size: 22pt; }
QWidget[role="student"] QLabel[role="muted"] { font-size: 15pt; color: #607d8b; }
QWidget[role="student"] QLabel[role="field"] { color: #546e7a; }
QWidget[role="student"] QLabel[role="value"] { font-weight: bold; }
QWidget[role="student"] QLabel[role="warning"],
QLabel[role="warning"] { color: #c62828; font-weight: bold; }
QWidget[role="student"] QLabel[role="error"],
QLabel[role="error"] { color: #c62828; }
QWidget[role="student"] QLabel[role="note"],
QLabel[role="note"] { color: #8d5a00; }
QWidget[role="student"] QLabel[role="ok"] { color: #2e7d32; font-weight: bold; font-size: 22pt; }
QLabel[role="ok"] { color: #2e7d32; font-weight: bold; }
QWidget[role="student"] QLabel[role="prominent"] {
    color: #b71c1c; font-size: 22pt; font-weight: bold; background: #ffebee;
    border: 2px solid #e57373; border-radius: 6px; padding: 10px;
}
QLabel[role="muted"] { color: #607d8b; }
QFrame[role="card"] { background: #ffffff; border: 1px solid #cfd8dc; border-radius: 8px; }
QFrame[role="card"][selected="true"] { border: 3px solid #1565c0; }
QLabel#demoBanner {
    background: #ef6c00; color: #ffffff; font-weight: bold; padding: 2px 12px; border-radius: 3px;
}
QLabel#livenessOffBanner {
    background: #c62828; color: #ffffff; font-weight: bold; padding: 2px 12px; border-radius: 3px;
}
QFrame#readinessBanner {
    background: #fff3e0; border: 2px solid #ef6c00; border-radius: 6px;
}
QFrame#readinessBanner QLabel { color: #8d3c00; font-weight: bold; }
QLabel#syncState, QLabel#cameraState, QLabel#staffState { padding: 2px 8px; }
QWidget[role="staff"] { font-size: 13pt; }
"""
