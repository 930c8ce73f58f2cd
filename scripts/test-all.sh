#!/usr/bin/env bash
# Every check: lint, formatting and types, then unit and emulator contract (Vitest), then end-to-end in a real browser
# (Playwright). Each runs even when an earlier one failed; the run fails if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .test-report
rm -f .test-report/*.json

npm run --silent lint && npm run --silent format:check
lint=$?
npm run --silent typecheck
types=$?

npx vitest run --reporter=default --reporter=json --outputFile.json=.test-report/vitest.json
unit=$?

# Built with made-up secrets in the environment: e2e/security.spec.ts checks none reaches the browser's files.
export LINEAGE_BUILD_CANARY="lineage-canary-$(date +%s)-$RANDOM"
AWS_SECRET_ACCESS_KEY="$LINEAGE_BUILD_CANARY" LINEAGE_ACCESS_TOKEN="$LINEAGE_BUILD_CANARY" AWS_SESSION_TOKEN="$LINEAGE_BUILD_CANARY" \
  npx next build >.test-report/build.log 2>&1
build=$?
if [ $build -ne 0 ]; then
  tail -40 .test-report/build.log
  e2e=1
else
  npx playwright test
  e2e=$?
fi

node scripts/test-summary.js
[ $lint -eq 0 ] || echo "lint or formatting failed: npm run lint, npm run format:check"
[ $types -eq 0 ] || echo "typecheck failed: npm run typecheck"
[ $lint -eq 0 ] && [ $types -eq 0 ] && [ $unit -eq 0 ] && [ $build -eq 0 ] && [ $e2e -eq 0 ]
