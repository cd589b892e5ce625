# SPDX-License-Identifier: MIT
"""tucai-desk: a capture station for academic-record ID photos."""

__version__ = "0.1.0"
