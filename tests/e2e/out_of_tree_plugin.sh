#!/usr/bin/env bash
# Usage: out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR
# Installs Vesalius into a temporary prefix, copies plugins/template to a folder named
# "lab-denoise" outside the tree, builds it with find_package(Vesalius), and runs the installed
# vhost with VES_PLUGIN_PATH pointing at it: the plugin and its renamed component must be listed.
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cp -r "$source/plugins/template" "$work/lab-denoise"
cmake -S "$work/lab-denoise" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
out=$(VES_PLUGIN_PATH="$work/build/plugins" "$work/prefix/bin/vhost" plugins)
echo "$out"
grep -q "^lab-denoise 0.1.0" <<< "$out" || { echo "FAIL: lab-denoise not listed"; exit 1; }
grep -q "transform/lab_denoise_scale" <<< "$out" || { echo "FAIL: renamed component not listed"; exit 1; }
grep -q "$work/build/plugins/libves-lab-denoise.so" <<< "$out" || { echo "FAIL: library path not shown"; exit 1; }
# The plugin's own test suite runs against the installed framework too.
"$work/build/bin/ves_plugin_lab_denoise_tests" 2>/dev/null || "$work/build/ves_plugin_lab_denoise_tests"
echo "PASS: out-of-tree plugin built and loaded"
