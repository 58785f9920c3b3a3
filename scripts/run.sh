#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Curtain (Release, in build/) and starts it with the given options:
#   scripts/run.sh [--module ID] [--theme light|dark|system] [--font-scale F] ...
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"

curtain_ensure_packages
build="$root/build"
if [[ ! -f $build/CMakeCache.txt ]]; then
    curtain_configure "$root" "$build" -DCMAKE_BUILD_TYPE=Release
fi
# Only the app and its helpers: the tests are scripts/test.sh's business.
cmake --build "$build" --target curtain_runtime -j2 >"$build/last-build.log" 2>&1 || {
    cat "$build/last-build.log" >&2
    echo "curtain: the build failed (log: $build/last-build.log)" >&2
    exit 1
}
exec "$build/bin/curtain" "$@"
