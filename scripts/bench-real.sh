#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup Sim's model against the real stack (issue #24): the shipped transcoding scenario run by
# `curtain simulate --real` (Curtain's own Redis, Celery 5 prefork workers, ffmpeg), model beside
# real, with the machine's load before and after (a busy machine makes the real run slower).
#   scripts/bench-real.sh [BUILD_DIR] [TIME_SCALE] [RUNS]
# The issue's bounds: turnaround p50 within 25 %, p95 within 35 %, hoarding in both when the
# model has it. The feed and the ORM have no real run yet.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scale=${2:-}
runs=${3:-1}
cmake --build "$build" --target curtain curtain_data -j2 >/dev/null
args=("$root/resources/scenarios/transcoding.json" --real)
[[ -n $scale ]] && args+=(--time-scale "$scale")
answer=$(mktemp --suffix=.json)
trap 'rm -f "$answer"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
for ((i = 1; i <= runs; i++)); do
    "$build/bin/curtain" simulate "${args[@]}" >"$answer"
    /usr/bin/python3 - "$answer" "$i" <<'PY'
import json, sys
a, run = json.load(open(sys.argv[1])), sys.argv[2]
m, r = a["model"], a["real"]
print(f"run {run}: transcoding.json at time scale {a['time_scale']:g}, {a['wall_ms'] / 1000:.0f} s of wall time, "
      f"{r.get('workers_started', 0)} Celery workers, ffmpeg at {r['calibration'].get('size')}")
print(f"  {'':28}{'model':>10}{'real':>10}{'real/model':>12}  bound")
for row in a["comparison"]["metrics"]:
    d = row.get("difference")
    bound = row.get("tolerance")
    verdict = "" if bound is None else (f"{bound:.0%} {'ok' if row['agrees'] else 'BEYOND'}")
    print(f"  {row['label'][:28]:28}{row['model']:10.3f}{row['real']:10.3f}"
          f"{'' if d is None else f'{d:+11.1%}':>12}  {verdict}")
h = a["comparison"]["hoarding"]
print(f"  hoarding: model {'yes' if h['model'] else 'no'}, real {'yes' if h['real'] else 'no'}; "
      f"executed twice for real: {r.get('executed_twice', 0):g}; notes: {'; '.join(r.get('notes', [])) or 'none'}")
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
