# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Your Python's numbers (scripts/bench-threads.sh runs this): what recording a program's threads
costs, against plain python3 in the same run, and how faithful the picture is: each thread's time
drawn on a CPU (running, pickling, on a CPU without the GIL) against the CPU time the kernel
counted for it."""
import json
import os
import statistics
import subprocess
import sys
import tempfile

curtain, lessons = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5

# Line-heavy, two threads: the worst case for a recorder that sees every line.
WORK = """
import threading, time
def work():
    x = 0
    for i in range(300_000):
        x += i
        x ^= 3
t0 = time.perf_counter()
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
print(time.perf_counter() - t0)
"""


def trace(path, *extra):
    out = subprocess.run([curtain, 'trace-threads', path, '--timeout', '60', *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


with tempfile.TemporaryDirectory() as tmp:
    program = os.path.join(tmp, 'work.py')
    with open(program, 'w') as f:
        f.write(WORK)
    plain, traced, events = [], [], []
    for _ in range(runs):
        plain.append(float(subprocess.run([sys.executable, program], check=True,
                                          capture_output=True, text=True).stdout))
        d = trace(program)
        traced.append(float(d['stdout']))
        events.append(d['events'])
    p, t, e = statistics.median(plain), statistics.median(traced), statistics.median(events)
    print(f'line-heavy two-thread program, median of {runs}: python3 {p * 1e3:.1f} ms, '
          f'traced {t * 1e3:.1f} ms = {t / p:.2f}x; {e:.0f} events, '
          f'{(t - p) / e * 1e9:.0f} ns per recorded event (aim: 150 ns or less)')

for name, interval in (('01_two_threads_computing.py', None), ('01_two_threads_computing.py', '1'),
                       ('01_two_threads_computing.py', '20')):
    args = ['--switch-interval-ms', interval] if interval else []
    slices = []
    agreement = []
    for _ in range(runs):
        d = trace(os.path.join(lessons, name), *args)
        lanes = {}
        for s in d['segments']:
            if 'task' in s:  # a thread's own stretches (a task's are its thread's turns)
                continue
            # A turn holds the GIL from hand-off to hand-off: a sample on another core, or the
            # kernel preempting the thread, splits it into stretches that are one turn.
            if s['state'] == 'preempted':
                s = dict(s, state='running')
            lane = lanes.setdefault(s['thread'], [])
            if lane and lane[-1]['state'] == 'running' == s['state'] and lane[-1]['end_ms'] == s['start_ms']:
                lane[-1] = dict(lane[-1], end_ms=s['end_ms'])
            else:
                lane.append(s)
        workers = [i for i, th in enumerate(d['threads']) if th['name'].startswith('Thread-')]
        both_from = max(min(s['start_ms'] for s in lanes[w] if s['state'] == 'running') for w in workers)
        both_to = min(max(s['end_ms'] for s in lanes[w] if s['state'] == 'running') for w in workers)
        for w in workers:
            slices += [s['end_ms'] - s['start_ms'] for s in lanes[w]
                       if s['state'] == 'running' and s['start_ms'] > both_from and s['end_ms'] < both_to]
            th = d['threads'][w]
            agreement.append(th['drawn_on_cpu_ms'] / th['cpu_ms'])
    print(f'{name} at switch interval {interval or "5 (default)"} ms: median running turn '
          f'{statistics.median(slices):.2f} ms over {len(slices)} turns; time drawn on a CPU / '
          f'thread CPU time {min(agreement):.3f}..{max(agreement):.3f}')

for name in ('03_convoy.py', '04_shared_dict_lock.py'):
    d = trace(os.path.join(lessons, name))
    for th in d['threads']:
        if th['cpu_ms'] and th['cpu_ms'] > 1:
            print(f'{name} {th["name"]}: running {th["running_ms"]:.1f} ms, preempted '
                  f'{th["preempted_ms"]:.1f} ms, on a CPU without the GIL '
                  f'{th["cpu_without_gil_ms"]:.1f} ms, waiting for the GIL '
                  f'{th["waiting_gil_ms"]:.1f} ms, released {th["released_ms"]:.1f} ms; thread CPU '
                  f'{th["cpu_ms"]:.1f} ms (user {th["user_cpu_ms"]:.1f})')

# Every lesson, whole: each thread's time drawn on a CPU against the CPU time the kernel counted
# for it (the 10 %), the worst over RUNS runs; threads, tasks, processes, hand-offs.
for name in sorted(f for f in os.listdir(lessons) if f.endswith('.py')):
    worst, shape = 0.0, None
    for _ in range(runs):
        d = trace(os.path.join(lessons, name))
        for th in d['threads']:
            if th['cpu_ms'] is not None and th['cpu_ms'] >= 20:
                worst = max(worst, abs(th['drawn_on_cpu_ms'] / th['cpu_ms'] - 1))
        shape = (len(d['threads']), len(d['tasks']), len(d['processes']), d['gil_handoffs'])
    print(f'{name}: {shape[0]} threads, {shape[1]} tasks, {shape[2]} processes, '
          f'{shape[3]:.0f} GIL hand-offs (last run); drawn on a CPU vs thread CPU time (threads '
          f'of 20 ms or more): worst {worst * 100:.1f} % over {runs} runs')

# Compare, as the Your Python page runs it: the lesson's WORKERS from 1 to 4, speed-up of the
# median wall time (the program runs under the recorder, as in the app).
for name in ('01_two_threads_computing.py', '02_threads_that_sleep.py', '06_multiprocessing_pickles.py'):
    walls = {}
    for n in (1, 2, 3, 4):
        env = dict(os.environ, WORKERS=str(n))
        times = []
        for _ in range(3):
            out = subprocess.run([curtain, 'trace-threads', os.path.join(lessons, name), '--timeout', '60'],
                                 check=True, capture_output=True, text=True, env=env).stdout
            times.append(json.loads(out)['wall_ms'])
        walls[n] = statistics.median(times)
    print(f'{name} compare: ' + ', '.join(f'{n} workers {walls[1] / walls[n]:.2f}x' for n in walls))
