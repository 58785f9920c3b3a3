#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Curtain with its tests and runs them all, offscreen.
#   scripts/test.sh                     # Release build in build/
#   CURTAIN_SANITIZE='address;undefined' scripts/test.sh   # in build-address-undefined/
#   CURTAIN_SANITIZE=thread scripts/test.sh                # in build-thread/
#   scripts/test.sh -R mainwindow       # extra arguments go to ctest
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"

curtain_ensure_packages
sanitize=${CURTAIN_SANITIZE:-}
if [[ -n $sanitize ]]; then
    build="$root/build-${sanitize//[;,]/-}"
    type=RelWithDebInfo
    # -O1: the sanitizers' usual level, and half the compile time of -O2 on a 2-core machine.
    extra=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DCURTAIN_BENCHMARKS=OFF)
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # die_after_fork=0: QProcess forks a multi-threaded test process only to exec at once.
    export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1 die_after_fork=0 suppressions=$root/tests/tsan.supp}
else
    build="$root/build"
    type=Release
    extra=()
fi

curtain_configure "$root" "$build" -DCMAKE_BUILD_TYPE="$type" -DBUILD_TESTING=ON \
    -DCURTAIN_SANITIZE="$sanitize" "${extra[@]}"
cmake --build "$build" -j2
cd "$build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 "$@"
