#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke test of the built bundle, offline and offscreen. Usage:
#   tools/bundle_smoke.sh [PHOTO | DIR]...
# - each PHOTO: `check --json` gives a verdict without an error (real models, real photo);
# - each DIR (a labelled folder with MANIFEST.tsv): `eval photos --json` runs and, when the source
#   tree's Python is at hand ($TUCAI_SMOKE_PYTHON, default .venv/bin/python), gives exactly the
#   same result as the source tree: what the bundle leaves out or strips changed no verdict;
# - always: a station start in demo mode (database, translations, demo camera, the FFmpeg media
#   plugin, photo models, live analysis), failing if a Qt plugin cannot load; offscreen, and on
#   xcb as well when xvfb-run is installed;
# - always: the sync path against the bundle's own provincial simulator on 127.0.0.1
#   (`service connect`, `check`, `sync`: requests, and keyring falling back to the 0600 file).
set -euo pipefail
BIN=${TUCAI_BUNDLE_BIN:-build/dist/tucai-desk/tucai-desk}  # Windows: .../tucai-desk-cli.exe
PY=${TUCAI_SMOKE_PYTHON:-.venv/bin/python}
[ -x "$BIN" ] || { echo "no bundle at $BIN: run make bundle" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
TMP=$(mktemp -d)
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "bundle smoke: $*" >&2; exit 1; }

for arg in "$@"; do
  if [ -d "$arg" ]; then
    [ -f "$arg/MANIFEST.tsv" ] || fail "$arg has no MANIFEST.tsv"
    "$BIN" eval photos "$arg" --json >"$TMP/eval.json" 2>"$TMP/eval.err" \
      || { tail -20 "$TMP/eval.err" >&2; fail "eval photos failed in the bundle"; }
    grep -q '"good_pass_rate"' "$TMP/eval.json" || fail "eval photos gave no figures"
    if [ -x "$PY" ]; then
      "$PY" -m tucai_desk eval photos "$arg" --json >"$TMP/eval_src.json" 2>/dev/null \
        || fail "eval photos failed in the source tree ($PY)"
      cmp -s "$TMP/eval.json" "$TMP/eval_src.json" || {
        diff "$TMP/eval_src.json" "$TMP/eval.json" | head -20 >&2
        fail "bundle and source tree disagree on $arg (or the tree changed after the build)"
      }
      echo "eval photos: bundle = source tree ($(grep -o '"good_pass_rate": [0-9.]*' \
        "$TMP/eval.json"))"
    else
      echo "eval photos: $(grep -o '"good_pass_rate": [0-9.]*' "$TMP/eval.json")" \
        "(no source tree to compare)"
    fi
  elif [ -n "$arg" ]; then
    "$BIN" check --json "$arg" >"$TMP/check.json" 2>"$TMP/check.err" || true
    grep -q '"passed"' "$TMP/check.json" && grep -q '"error": null' "$TMP/check.json" \
      || { cat "$TMP/check.json" "$TMP/check.err" >&2; fail "photo check gave no verdict"; }
  fi
done

# The station: demo mode measures its own start, loads the live analysis and quits. Qt reports
# every plugin it loads or fails to load; the FFmpeg media plugin (requirements video) must load.
station() {  # station <name> [wrapper...]: one start, output in $TMP/<name>.out/.err
  local name=$1; shift
  QT_DEBUG_PLUGINS=1 TUCAI_BENCH_STARTUP=1 "$@" "$BIN" gui --demo --camera demo \
    --data-dir "$TMP/data" >"$TMP/$name.out" 2>"$TMP/$name.err" || true
  grep -q '"models_ready_s"' "$TMP/$name.out" \
    || { grep -v '^[WI]0000' "$TMP/$name.err" | tail -30 >&2; fail "station did not start: $name"; }
  local bad='loadPlugin failed|QVideoSink|No QtMultimedia backends|Could not load the Qt platform'
  if grep -Eq "$bad" "$TMP/$name.err"; then
    grep -E "$bad" "$TMP/$name.err" >&2; fail "a Qt plugin failed to load ($name)"
  fi
  grep -q 'ffmpegmediaplugin.* loaded library' "$TMP/$name.err" \
    || fail "the FFmpeg media plugin was not loaded ($name)"
  if grep -q "live analysis did not load" "$TMP/$name.err"; then
    grep -A5 "live analysis did not load" "$TMP/$name.err" >&2; fail "live analysis did not load"
  fi
}
station offscreen
# The platform plugin real Linux stations use (xcb, with its GL integration), when Xvfb is here.
if command -v xvfb-run >/dev/null; then
  QT_QPA_PLATFORM=xcb station xcb xvfb-run -a
  grep -q 'plugins/platforms/libqxcb.so.* loaded library' "$TMP/xcb.err" \
    || fail "the xcb platform plugin was not loaded"
fi

# Sync: the simulator knows the demo school (32001) and one station; the demo data folder above
# holds that school's roster.
printf 'student_no,name\nS0001,Smoke Test\n' >"$TMP/roster.csv"
"$BIN" province-sim --host 127.0.0.1 --port 0 --data "$TMP/sim" --roster "$TMP/roster.csv" \
  --school-code 32001 --school-name Smoke --station SMOKE01:smoke-secret-0001 \
  >"$TMP/sim.out" 2>"$TMP/sim.err" &
SIM_PID=$!
URL=""
for _ in $(seq 60); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/sim.out" | head -1 || true)
  [ -n "$URL" ] && break
  kill -0 "$SIM_PID" 2>/dev/null || break
  sleep 0.5
done
[ -n "$URL" ] || { cat "$TMP/sim.err" >&2; fail "the provincial simulator did not start"; }
echo smoke-secret-0001 | "$BIN" service connect --url "$URL" --station-id SMOKE01 --secret-stdin \
  --data-dir "$TMP/data" --json >"$TMP/connect.json" 2>"$TMP/sync.err" || true
"$BIN" service check --data-dir "$TMP/data" --json >"$TMP/svc_check.json" 2>>"$TMP/sync.err" \
  || true
"$BIN" service sync --data-dir "$TMP/data" --json >"$TMP/svc_sync.json" 2>>"$TMP/sync.err" || true
grep -q '"ok": true' "$TMP/connect.json" && grep -q '"ok": true' "$TMP/svc_check.json" \
  && grep -q '"last_error": null' "$TMP/svc_sync.json" \
  || { cat "$TMP/connect.json" "$TMP/svc_check.json" "$TMP/svc_sync.json" >&2
       tail -20 "$TMP/sync.err" >&2; fail "service connect/check/sync against the simulator"; }
CREDS=$TMP/data/credentials.json
if [ -f "$CREDS" ] && [ "$(stat -c %a "$CREDS")" != 600 ]; then
  fail "credentials file is not user-only (mode $(stat -c %a "$CREDS"))"
fi
store=keyring; [ -f "$CREDS" ] && store="file (0600)"

echo "bundle ok: $(du -sh "$(dirname "$BIN")" | cut -f1); sync ok, credentials: $store;" \
  "$(tail -1 "$TMP/offscreen.out")"
