#!/usr/bin/env bash
# Installs, builds, and runs every test (GoogleTest suites and end-to-end vhost runs) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/fetch-test-data.sh
# torchvision's ResNet and EfficientNet exports, to check the multitask encoders against
# torchvision itself.
exports=.cache/torchvision-exports
if [ ! -e "$exports/exports_v2.done" ] && /usr/bin/python3 -c "import torchvision" 2>/dev/null; then
  /usr/bin/python3 plugins/multitask-unet/tools/export_torchvision_reference.py "$exports.tmp"
  rm -rf "$exports" && mv "$exports.tmp" "$exports"
fi
[ -e "$exports/exports_v2.done" ] && export VES_TORCHVISION_EXPORTS="$PWD/$exports"
ctest --test-dir build --output-on-failure -j "$(nproc)"
