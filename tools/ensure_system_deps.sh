#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Make sure the Debian libraries the station needs are present. Installs them when running as root
# with apt-get available; otherwise names them and stops.
set -euo pipefail
NEEDED=(libpulse0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 libglib2.0-0 fonts-wqy-microhei)
[ "${1:-}" = "--test" ] && NEEDED+=(xvfb)
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not a Debian system: nothing we can check
missing=()
for pkg in "${NEEDED[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "缺少系统依赖 / missing system libraries: ${missing[*]}" >&2
  echo "请以管理员身份安装 / install them as root: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
