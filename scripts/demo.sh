#!/usr/bin/env bash
# One command for a newcomer: installs what is needed, then starts Vigie on its embedded default
# (SQLite, local disk, simulated cameras, the Chartres métropole demo territory) and prints where to open it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/vigie.js start --demo --data "${VIGIE_DATA_DIR:-./data}" --port "${VIGIE_PORT:-8080}"
