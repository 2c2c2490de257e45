#!/usr/bin/env bash
# The whole test suite: set-up, services, type check, import rules, lint and format, then every *.test.ts with
# Node's test runner, database tests on both SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh

echo "test: type check"
npx tsc -p tsconfig.json
npx tsc -p web/tsconfig.json
echo "test: import rules (docs/architecture.md, .dependency-cruiser.cjs)"
npm run --silent depcheck
echo "test: lint (eslint.config.js) and format (.prettierrc.json; \`npm run format\` fixes it)"
npx eslint .
npx prettier --check . --log-level warn

# Reused sample memory is overwritten when handed back, and misuse throws: a lifetime bug shows up as a failure.
export VIGIE_DEBUG_SAMPLE_LIFETIMES=1

# Tests that measure behaviour under load they make themselves (20,000 connections thrown at a server, a 12 × 9
# video wall decoding in one Chromium) run alone, after the others, so that another test file's load cannot be
# mistaken for theirs.
solo=(test/e2e/flood.test.ts test/e2e/wall-load.test.ts)
if [ $# -gt 0 ]; then
  files=("$@")
  solo=()
else
  mapfile -t files < <(find src sim test -name '*.test.ts' -not -path '*/node_modules/*' | sort | grep -vxF -f <(printf '%s\n' "${solo[@]}"))
fi
echo "test: ${#files[@]} test files, then ${#solo[@]} alone"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run() {
  node --import tsx --test --test-reporter=tap --test-concurrency="$1" --test-timeout=600000 "${@:2}" | tee -a "$log" || status=1
}
run "${VIGIE_TEST_CONCURRENCY:-2}" "${files[@]}"
if [ ${#solo[@]} -gt 0 ]; then run 1 "${solo[@]}"; fi
count() { awk -v key="$1" '$0 ~ "^# " key " [0-9]+$" { total += $3 } END { print total + 0 }' "$log"; }
echo "$(count pass) passed, $(count fail) failed, $(count cancelled) cancelled, $(count skipped) skipped"
exit $status
