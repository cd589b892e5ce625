# SPDX-License-Identifier: MIT
"""The station readiness check (站点自检): backdrop, light and camera before a capture day."""
