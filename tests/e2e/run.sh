#!/usr/bin/env bash
# Runs the browser tests (the subscription flow, the archive) against `npm start -- --serve`, started by each on free ports.
# Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH); .ci/run installs it when missing.
# Screenshots of every page go to .local/e2e-screenshots (or E2E_SCREENSHOTS).
set -euo pipefail
cd "$(dirname "$0")/../.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "chromium not found at $chromium_path: apt-get install -y chromium, or set CHROMIUM_PATH" >&2
  exit 1
fi
exec npx vitest run --config tests/e2e/vitest.config.ts "$@"
