#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Your Python's numbers (issues #14, #22): the recorder's cost per event and the slowdown of a
# line-heavy two-thread program against plain python3 in the same run; each thread's time drawn
# on a CPU against its own CPU time (every lesson); the running turns against the switch interval.
#   scripts/bench-threads.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
cmake --build "$build" --target curtain curtain-runner -j2 >/dev/null
python3 "$root/scripts/threads-bench.py" "$build/bin/curtain" "$root/resources/lessons/threads" "$runs"
