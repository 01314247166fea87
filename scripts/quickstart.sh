#!/usr/bin/env bash
# Installs, builds, and runs the main job: vhost run configs/quickstart.yaml (phantom data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
build/bin/vhost run configs/quickstart.yaml "$@"
