#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup Sim's kernel against SimPy (Debian's python3-simpy) on the same M/M/1 model, side by
# side in one run (issue #5 asks for at least 100x SimPy's jobs per second).
#   scripts/bench-simulate.sh [BUILD_DIR] [JOBS]
# With CURTAIN_BENCH_LARGEST=1 it also runs about the largest transcoding scenario the budget
# accepts (a year of 3,500 uploads an hour: about 1.5 GiB and a minute) and reports its peak
# memory and time, and shows that a little more is refused before it runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
jobs=${2:-200000}
if ! /usr/bin/python3 -c 'import simpy' 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-simpy >/dev/null
    else
        echo "bench-simulate: needs SimPy: sudo apt-get install python3-simpy" >&2
        exit 1
    fi
fi
cmake --build "$build" --target curtain -j2 >/dev/null
scenario=$(mktemp --suffix=.json)
trap 'rm -f "$scenario"' EXIT
cat >"$scenario" <<JSON
{"model": "mmc", "arrival_rate": 0.9, "service_rate": 1.0, "servers": 1, "jobs": $jobs, "warmup_jobs": 0, "seed": 2011}
JSON
peer=$(/usr/bin/python3 "$root/scripts/simpy-mm1.py" "$jobs")
ours=$("$build/bin/curtain" simulate "$scenario")
/usr/bin/python3 - "$peer" "$ours" <<'PY'
import json, sys
peer, ours = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"M/M/1 at rho 0.9, {peer['jobs']} jobs (theory: mean wait 9.0)")
print(f"  SimPy {peer['simpy']:<10}: {peer['jobs_per_second']:12,.0f} jobs/s   mean wait {peer['mean_wait']:.2f}")
print(f"  curtain simulate : {ours['jobs_per_second']:12,.0f} jobs/s   mean wait {ours['mean_wait']:.2f}")
print(f"  ratio            : {ours['jobs_per_second'] / peer['jobs_per_second']:12,.0f} x   (floor: 100 x)")
PY

if [[ ${CURTAIN_BENCH_LARGEST:-0} == 1 ]]; then
    large=$(mktemp --suffix=.json)
    larger=$(mktemp --suffix=.json)
    trap 'rm -f "$scenario" "$large" "$larger"' EXIT
    printf '%s' '{"model":"transcoding","hours":8760,"sample_minutes":60,"arrivals":{"uploads_per_hour":3500},"pool":{"instances":60,"slots_per_instance":4}}' >"$large"
    printf '%s' '{"model":"transcoding","hours":8760,"sample_minutes":60,"arrivals":{"uploads_per_hour":4000},"pool":{"instances":60,"slots_per_instance":4}}' >"$larger"
    echo "The largest transcoding scenario the estimate accepts (8,760 h at 3,500 uploads/h):"
    /usr/bin/time -f '  peak memory %M KiB, %e s' "$build/bin/curtain" simulate "$large" >/dev/null
    echo "4,000 uploads/h instead:"
    "$build/bin/curtain" simulate "$larger" 2>&1 >/dev/null | sed 's/^/  /' || true
fi
