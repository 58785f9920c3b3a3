#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Scheduler Lab against real CPython 3.11, side by side on this machine (issue #4):
#   2 CPU-bound workers under gil vs 1 (CPython: no faster), threads and processes (close to 2x),
#   4 I/O-bound workers under gil and coroutines (about 4x), with --blocking-io (about 1x),
#   a 1 ms I/O beside a CPU-bound thread (about the switch interval under the GIL, 1 ms without),
#   and the recorder's cost per event and on the cpu workload.
#   scripts/bench-scheduler.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target curtain curtain-worker scheduler_bench -j2 >/dev/null
curtain="$build/bin/curtain"
field() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(round(d$1, 2))"; }
measure() { "$curtain" measure "$@"; }

echo "curtain measure (C++ engine)                          | real CPython $(/usr/bin/python3 -c 'import sys; print(sys.version.split()[0])')"
peer=$(/usr/bin/python3 "$root/scripts/scheduler-peer.py")
py() { field "$1" <<<"$peer"; }
printf 'cpu, 2 workers, speed-up: gil %-6s threads %-6s processes %-6s| threads %s, processes %s\n' \
    "$(measure --model gil --workload cpu --workers 2 --tasks 8 --task-ms 20 --baseline | field "['speedup']")" \
    "$(measure --model threads --workload cpu --workers 2 --tasks 8 --task-ms 20 --baseline | field "['speedup']")" \
    "$(measure --model processes --workload cpu --workers 2 --tasks 8 --task-ms 20 --baseline | field "['speedup']")" \
    "$(py "['cpu_threads_speedup_2']")" "$(py "['cpu_processes_speedup_2']")"
printf 'io, 4 workers, speed-up:  gil %-6s coroutines %-6s blocking %-6s| threads %s\n' \
    "$(measure --model gil --workload io --workers 4 --tasks 8 --task-ms 20 --baseline | field "['speedup']")" \
    "$(measure --model coroutines --workload io --workers 4 --tasks 8 --task-ms 20 --baseline | field "['speedup']")" \
    "$(measure --model coroutines --workload io --workers 4 --tasks 8 --task-ms 20 --baseline --blocking-io | field "['speedup']")" \
    "$(py "['io_threads_speedup_4']")"
printf '1 ms I/O beside a CPU thread, p50 ms: gil %-6s threads %-6s     | beside %s, alone %s\n' \
    "$(measure --model gil --workload mixed --workers 2 --tasks 20 --task-ms 1 | field "['io_latency_ms']['p50']")" \
    "$(measure --model threads --workload mixed --workers 2 --tasks 20 --task-ms 1 | field "['io_latency_ms']['p50']")" \
    "$(py "['io_1ms_latency_beside_cpu_thread_ms']")" "$(py "['io_1ms_latency_alone_ms']")"
"$build/bin/scheduler_bench"

# Compare's repetitions on an idle and on a loaded machine: the spread of 5 runs of gil and
# threads (cpu, 2 workers), and whether the run says the load made it unreliable.
aggregate=$(cat <<'PY'
import json, statistics, sys
text = sys.stdin.read().replace("}\n{", "}\0{")
runs = [json.loads(chunk) for chunk in text.split("\0")]
speedups = [r["speedup"] for r in runs]
other = max(r.get("other_load_cores", 0) for r in runs)
warned = sum(1 for r in runs if r.get("warning"))
print(f"median {statistics.median(speedups):.2f}, spread {min(speedups):.2f}-{max(speedups):.2f}, "
      f"other programs {other:.2f} cores, warned {warned}/{len(runs)}")
PY
)
repeat() { # MODEL
    for _ in 1 2 3 4 5; do
        measure --model "$1" --workload cpu --workers 2 --tasks 8 --task-ms 20 --baseline
    done | /usr/bin/python3 -c "$aggregate"
}
echo "speed-up over 1 worker, cpu x2, 5 runs each:"
echo "  idle:   gil $(repeat gil) | threads $(repeat threads)"
sh -c 'while :; do :; done' &
hog=$!
trap 'kill $hog 2>/dev/null || true' EXIT
echo "  loaded (one busy loop beside): gil $(repeat gil) | threads $(repeat threads)"
kill $hog
