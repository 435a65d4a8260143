#!/usr/bin/env bash
# `npm test`: every test tier, fastest first, stopping at the first failure. Installs what it needs
# on a fresh machine (Debian packages; Node 24 + code-server into a cache folder).
#   lint → typecheck → build → unit (Node) → browser (Chromium) → e2e + extension host (code-server)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "Debian packages (chromium, python3-lark, libkrb5-dev)"
bash test/harness/apt-deps.sh

step "Lint (eslint: layer rules, no any)"
npm run --silent lint

step "Typecheck (tsc --noEmit)"
npm run --silent typecheck

step "Build (extension, webview, CLI, test bundles)"
npm run --silent build:tests

step "Unit and integration tests, Node only (npm run test:unit)"
npm run --silent test:unit

step "Browser tests of the webview in headless Chromium (npm run test:browser)"
npm run --silent test:browser

step "End-to-end and extension-host tests in a real VS Code (npm run test:e2e, code-server)"
npm run --silent test:e2e

printf '\nAll test suites passed.\n'
