#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Class Forge's numbers (issue #3): Run to steps on screen for the Enforcer lesson with a warm
# runner (limit 300 ms), and a program that creates 1,000 classes (limit 2 s).
#   scripts/bench-classforge.sh [BUILD_DIR] [RUNS]
# Start-up is scripts/bench-startup.sh: the module is created only when first opened.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
runs=${2:-20}
cmake --build "$build" --target classforge_bench curtain-runner -j2 >/dev/null
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$(mktemp -d) \
    "$build/bin/classforge_bench" "$build/libexec/curtain/curtain-runner" \
    "$root/resources/lessons/classforge" "$runs"
