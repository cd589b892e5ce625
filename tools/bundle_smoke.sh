#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke test of the built bundle, offline and offscreen: a photo check with the real models, then a
# station start in demo mode (database, translations, camera, media plugin, models).
set -euo pipefail
BIN=build/dist/tucai-desk/tucai-desk
PHOTO=${1:-}
[ -x "$BIN" ] || { echo "no bundle at $BIN: run make bundle" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
if [ -n "$PHOTO" ]; then
  "$BIN" check --json "$PHOTO" > "$TMP/check.json"
  grep -q '"passed"' "$TMP/check.json" || { echo "photo check gave no verdict" >&2; exit 1; }
fi
TUCAI_BENCH_STARTUP=1 "$BIN" gui --demo --camera demo --data-dir "$TMP/data" >"$TMP/out" 2>"$TMP/err"
grep -q '"models_ready_s"' "$TMP/out" || { cat "$TMP/err" >&2; echo "station did not start" >&2; exit 1; }
if grep -q "QVideoSink\|cannot load" "$TMP/err"; then
  grep "QVideoSink\|cannot load" "$TMP/err" >&2; echo "a Qt plugin failed to load" >&2; exit 1
fi
echo "bundle ok: $(du -sh build/dist/tucai-desk | cut -f1); $(cat "$TMP/out" | tail -1)"
