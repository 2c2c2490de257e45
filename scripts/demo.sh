#!/usr/bin/env bash
# One command for a newcomer: installs what is needed, then starts Vigie on its embedded default
# (SQLite, local disk, simulated cameras, the Chartres métropole demo territory) and prints where to open it.
# Extra arguments go to `vigie start` (npm run demo -- --port 9080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "The demo listens on HTTP ${VIGIE_PORT:-8080}, RTSP restream ${VIGIE_RTSP_PORT:-8554} and camera simulator ${VIGIE_SIM_PORT:-8555} unless told otherwise"
echo "(VIGIE_PORT=9080 npm run demo, or npm run demo -- --port 9080 --rtsp-port 9554 --sim-port 9555); Vigie prints the ports it uses once started."
exec node bin/vigie.js start --demo --data "${VIGIE_DATA_DIR:-./data}" "$@"
