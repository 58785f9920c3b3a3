#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup Sim's model against the real stack (issue #24), model beside real, with the machine's
# load before and after (a busy machine makes the real run slower):
# - the shipped transcoding scenario (Curtain's own Redis, Celery 5 prefork workers, ffmpeg);
# - the shipped feed scenario with each delivery (a real Tornado server, real clients, Django
#   writing the posts), its first minute in real time.
# - the ORM lab's page through the real Django ORM beside the lab's, and post_save against a trigger.
#   scripts/bench-real.sh [BUILD_DIR] [TIME_SCALE] [RUNS]     (ONLY=transcoding, feed or orm)
# The issue's bounds: turnaround p50 within 25 %, p95 within 35 %, hoarding in both when the
# model has it; feed latency within 25 %. The ORM lab has no real run yet.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
scale=${2:-}
runs=${3:-1}
cmake --build "$build" --target curtain curtain_data -j2 >/dev/null
args=("$root/resources/scenarios/transcoding.json" --real)
[[ -n $scale ]] && args+=(--time-scale "$scale")
answer=$(mktemp --suffix=.json)
feeds=$(mktemp -d)
trap 'rm -rf "$answer" "$feeds"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
for ((i = 1; i <= runs; i++)); do
    [[ ${ONLY:-transcoding} == transcoding ]] || break
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
for delivery in long_polling polling push; do
    [[ ${ONLY:-feed} == feed ]] || break
    /usr/bin/python3 - "$root/resources/scenarios/feed.json" "$delivery" "$feeds/$delivery.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["delivery"] = sys.argv[2]
json.dump(s, open(sys.argv[3], "w"))
PY
    for ((i = 1; i <= runs; i++)); do
        "$build/bin/curtain" simulate "$feeds/$delivery.json" --real >"$answer"
        /usr/bin/python3 - "$answer" "$i" "$delivery" <<'PY'
import json, sys
a, run, delivery = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
r = a["real"]
print(f"run {run}: feed.json with {delivery}, {r['clients']:g} users as clients, "
      f"{r['posts']:g} posts in {r['post_minutes']:g} min, {a['wall_ms'] / 1000:.0f} s of wall time")
print(f"  {'':28}{'model':>10}{'real':>10}{'real/model':>12}  bound")
for row in a["comparison"]["metrics"]:
    d = row.get("difference")
    bound = row.get("tolerance")
    verdict = "" if bound is None else (f"{bound:.0%} {'ok' if row['agrees'] else 'BEYOND'}")
    cell = lambda v: f"{v:10.3f}" if isinstance(v, (int, float)) else f"{'-':>10}"
    print(f"  {row['label'][:28]:28}{cell(row['model'])}{cell(row['real'])}"
          f"{'' if d is None else f'{d:+11.1%}':>12}  {verdict}")
st = r["stages"]
pq = lambda k: "-" if st.get(k) is None else f"{st[k]['p50'] * 1000:.1f}/{st[k]['p95'] * 1000:.1f} ms"
print(f"  stages p50/p95: write->told {pq('write_to_told_seconds')}, told->sent {pq('told_to_sent_seconds')}, "
      f"sent->received {pq('sent_to_received_seconds')}; notes: {'; '.join(r.get('notes', [])) or 'none'}")
PY
    done
done
if [[ ${ONLY:-orm} == orm ]]; then
    "$build/bin/curtain" simulate "$root/resources/scenarios/orm.json" --real >"$answer"
    /usr/bin/python3 - "$answer" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
r = a["real"]
print(f"orm.json through Django ({'the same page as the lab' if r['same_page_as_lab'] else 'NOT the lab page'}):")
for lab, django in zip(a["model"]["strategies"], r["strategies"]):
    print(f"  {django['strategy']:14} lab {lab['queries']:4d} queries {lab['ms']:8.1f} ms   "
          f"Django {django['queries']:4d} queries {django['ms']:8.1f} ms (runs {', '.join(f'{x:.1f}' for x in django['runs'])})")
print("  post_save heard / trigger saw: " + "; ".join(
    f"{c['way']} {c['signals']}/{c['trigger']} of {c['rows']}" for c in r["captures"]))
PY
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
