#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# A Python trace of about a million recorded changes (issue #25): four threads handing the GIL to
# and fro with time.sleep(0), traced by curtain-runner under its own memory limit (512 MiB, as
# Your Python runs it), then opened as Your Python opens it; each figure against its limit, with
# the load.
#   scripts/bench-python-trace.sh [BUILD_DIR] [SLEEPS_PER_THREAD]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
sleeps=${2:-120000}
cmake --build "$build" --target timeline_bench curtain-runner -j2 >/dev/null
export QT_QPA_PLATFORM=offscreen
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/flip.py" <<PY
import threading, time
def flip(n):
    for _ in range(n):
        time.sleep(0)
threads = [threading.Thread(target=flip, args=($sleeps,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
PY
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$build/libexec/curtain/curtain-runner" "$dir/flip.py" "$dir/answer.json" <<'PY'
import base64, json, subprocess, sys, time
runner, program, out = sys.argv[1:4]
source = open(program, "rb").read()
start = time.monotonic()
subprocess.run(["/usr/bin/python3", program], check=True)
python_s = time.monotonic() - start
request = {"id": 1, "mode": "threads", "filename": program, "timeout_ms": 300000,
           "source_base64": base64.b64encode(source).decode(), "max_changes": 2000000,
           "memory_mb": 512}
start = time.monotonic()
done = subprocess.run([runner], input=(json.dumps(request) + "\n").encode(), capture_output=True)
traced_s = time.monotonic() - start
lines = done.stdout.splitlines()
answer = lines[1] if len(lines) > 1 else b""
if not answer or b'"threads"' not in answer:
    sys.exit(f"curtain-runner gave no trace: {done.stderr.decode()[-400:]} {answer[:400]!r}")
open(out, "wb").write(answer)
print(f"{'python3 alone':<38} {python_s * 1000:10.1f} ms")
print(f"{'traced by curtain-runner (512 MiB cap)':<38} {traced_s * 1000:10.1f} ms   answer {len(answer) / 2**20:.1f} MiB")
PY
result=$("$build/bin/timeline_bench" --python "$dir/answer.json" 2>/dev/null)
echo "$result"
/usr/bin/python3 - "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
def row(what, value, limit, unit):
    print(f"{what:<38} {value:10.1f} {unit:<4} limit {limit:>6} {unit:<4} {'ok' if value <= limit else 'OVER'}")
print(f"{int(r['changes']):,} changes drawn")
row("open (read, draw lanes, build, paint)", r["open_ms"], 2000, "ms")
row("paint, 95th percentile", r["paint_p95_ms"], 16, "ms")
row("peak memory", r["peak_rss_mib"], 300, "MiB")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
