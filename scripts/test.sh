#!/usr/bin/env bash
# Installs, builds, and runs every test (GoogleTest suites and end-to-end vhost runs) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/fetch-test-data.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
