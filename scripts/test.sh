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

mapfile -t files < <(find src sim test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ $# -gt 0 ]; then files=("$@"); fi
echo "test: ${#files[@]} test files"
exec node --import tsx --test --test-concurrency="${VIGIE_TEST_CONCURRENCY:-2}" --test-timeout=600000 "${files[@]}"
