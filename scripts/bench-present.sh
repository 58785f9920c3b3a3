#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Presenter mode's numbers (issue #12) on the largest built-in deck, with the real modules:
# a clicker press to the painted audience frame (p95 limit 50 ms; the demos' own computing
# excluded), deck export (limit 15 s), memory after 300 stops back and forth (limit 10 MiB
# over the first pass), and the console's live picture of the room (limit 10 % of one core).
#   scripts/bench-present.sh [BUILD_DIR] [DECK]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
deck=${2:-$root/resources/decks/startup.md}
cmake -S "$root" -B "$build" -DCURTAIN_BENCHMARKS=ON >/dev/null
cmake --build "$build" --target present_bench curtain_data curtain-runner curtain-worker -j2 >/dev/null || { echo "bench-present: the build failed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" XDG_CONFIG_HOME="$work/config" \
    CURTAIN_LIBEXEC_DIR="$build/libexec/curtain" CURTAIN_DATA_DIR="$build/share/curtain" \
    "$build/bin/present_bench" "$deck"
