#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Timelines at scale (issue #25): a saved Python run of CHANGES (default 1,000,000) recorded state
# changes, opened, zoomed, scrolled and replayed; each figure against its limit, with the load.
#   scripts/bench-timeline.sh [BUILD_DIR] [CHANGES]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
changes=${2:-1000000}
cmake --build "$build" --target timeline_bench -j2 >/dev/null
export QT_QPA_PLATFORM=offscreen
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/bin/timeline_bench" --write "$dir/run.curtain-runs" "$changes"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
result=$("$build/bin/timeline_bench" "$dir/run.curtain-runs" 2>/dev/null)
echo "$result"
/usr/bin/python3 - "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
def row(what, value, limit, unit):
    print(f"{what:<38} {value:10.1f} {unit:<4} limit {limit:>6} {unit:<4} {'ok' if value <= limit else 'OVER'}")
print(f"{int(r['changes']):,} changes, {r['file_mib']:.1f} MiB file")
row("open (read, check, build, first paint)", r["open_ms"], 2000, "ms")
row("paint, 95th percentile", r["paint_p95_ms"], 16, "ms")
row("replay frame (found, painted), p95", r["replay_frame_p95_ms"], 16, "ms")
row("peak memory, open and view", r["peak_rss_mib_open_and_view"], 300, "MiB")
print(f"{'Chrome export':<38} {r['chrome_export_ms']:10.1f} ms   ({r['chrome_export_mib']:.0f} MiB), peak memory with it {r['peak_rss_mib_with_export']:.0f} MiB")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
