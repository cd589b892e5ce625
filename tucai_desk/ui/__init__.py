# SPDX-License-Identifier: MIT
"""The PySide6 station: the only package that imports Qt."""
