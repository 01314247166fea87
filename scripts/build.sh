#!/usr/bin/env bash
# Installs the Debian dependencies (idempotent) and builds Vesalius into build/ (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# ccache hits across clones of the project (CI builds a fresh clone each time).
export CCACHE_BASEDIR="$PWD"
# Benchmarks build too (they are not run), so they keep compiling.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DVES_BUILD_BENCHMARKS=ON
cmake --build build -j "$(nproc)"
