#!/usr/bin/env bash
# Installs what Vigie needs on Debian: system packages (as root; otherwise prints the exact command),
# npm packages, and the web console build. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(ffmpeg chromium fonts-dejavu-core gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
  gstreamer1.0-tools python3-gi)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  install_command="apt-get update && apt-get install -y -o DPkg::Lock::Timeout=600 ${missing[*]}"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  else
    echo "setup: Vigie needs these Debian packages; run as root:" >&2
    echo "  $install_command" >&2
    exit 1
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Vigie needs Node.js 20 or later (found $(node --version))" >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (better-sqlite3 compiles from source: about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Build the web console when its sources changed since the last build.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts -newer web/dist/index.html 2>/dev/null | head -1)" ]; then
  echo "setup: building the web console"
  npx vite build --config web/vite.config.ts --logLevel warn
fi
