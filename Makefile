# SPDX-License-Identifier: MIT
# `make run` sets everything up and starts the station; `make test` sets up and runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .stamps

.PHONY: run setup test lint pytest pytest-pg bench bundle torture screenshots translations clean

run: setup
	$(PY) -m tucai_desk $(ARGS)

setup: $(STAMP)/system $(STAMP)/venv resources/models/face_landmarker.task

$(STAMP)/system: tools/ensure_system_deps.sh
	bash tools/ensure_system_deps.sh --test
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/venv: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@mkdir -p $(STAMP) && touch $@

resources/models/face_landmarker.task: $(STAMP)/venv tools/fetch_models.py
	$(PY) tools/fetch_models.py

lint: setup
	$(VENV)/bin/ruff check tucai_desk tests tools
	$(VENV)/bin/ruff format --check tucai_desk tests tools
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

pytest: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

pytest-pg: setup
	bash tools/with_postgres.sh $(PY) -m pytest -q -m "db" tests

test: lint pytest pytest-pg

bench: setup
	$(PY) -m tucai_desk bench all --json

torture: setup
	TUCAI_TORTURE_CYCLES=200 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s tests/store/test_crash_torture.py

# The bundle is built from its own venv (build/.venv-bundle): the same pins as .venv, except that
# OpenCV is the headless build of the same version (same cv2 and contrib modules, without HighGUI
# and the Qt 5 libraries it links; build/README.md). mediapipe names opencv-contrib-python as a
# dependency, so it is installed and then swapped; both wheels write cv2/, hence uninstall first.
BUNDLE_VENV := build/.venv-bundle
OPENCV_PIN = $$(sed -n 's/.*"opencv-contrib-python==\([^"]*\)".*/\1/p' pyproject.toml)
$(STAMP)/bundle-venv: pyproject.toml
	@test -x $(BUNDLE_VENV)/bin/python || $(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install -q --upgrade pip
	$(BUNDLE_VENV)/bin/python -m pip uninstall -q -y opencv-contrib-python opencv-contrib-python-headless
	$(BUNDLE_VENV)/bin/python -m pip install -q -e '.[dev]'
	$(BUNDLE_VENV)/bin/python -m pip uninstall -q -y opencv-contrib-python
	$(BUNDLE_VENV)/bin/python -m pip install -q --no-deps "opencv-contrib-python-headless==$(OPENCV_PIN)"
	@mkdir -p $(STAMP) && touch $@

bundle: setup $(STAMP)/bundle-venv
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work build/tucai_desk.spec
	bash tools/bundle_smoke.sh $(wildcard ../shared/data/photos/good_london_002.jpg) \
		$(wildcard ../shared/data/photos)

# Qt Linguist catalogue: one for the whole UI (station and staff console). lupdate collects new
# strings (translate them in resources/i18n/tucai_desk_zh_CN.ts), lrelease compiles the .qm the
# station loads.
UI_SOURCES = $$(find tucai_desk/ui -name '*.py' | sort)
translations: setup
	$(VENV)/bin/pyside6-lupdate $(UI_SOURCES) -source-language en -target-language zh_CN \
		-no-obsolete -locations none -ts resources/i18n/tucai_desk_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease resources/i18n/tucai_desk_zh_CN.ts -qm resources/i18n/tucai_desk_zh_CN.qm

screenshots: setup
	xvfb-run -a $(PY) tools/screenshots.py docs/screenshots --lang zh_CN
	xvfb-run -a $(PY) tools/screenshots.py docs/screenshots --lang en

clean:
	rm -rf $(STAMP) build/work build/dist .pytest_cache .ruff_cache
