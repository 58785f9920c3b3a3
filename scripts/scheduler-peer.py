# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The same experiments as `curtain measure`, in real CPython, for scripts/bench-scheduler.sh.

Prints one JSON object: speed-ups of CPU-bound threads and processes, of I/O-bound threads, and
the convoy effect (latency of a 1 ms sleep beside a CPU-bound thread). Standard library only.
"""
import json
import multiprocessing
import statistics
import sys
import threading
import time


def _steps(n):
    x = 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    return x


def _calibrate():
    """Loop steps per millisecond on one core, so every task is a fixed amount of work."""
    n = 200000
    start = time.perf_counter()
    _steps(n)
    return int(n / ((time.perf_counter() - start) * 1000))


STEPS_PER_MS = _calibrate()


def spin(ms):
    """A fixed amount of pure-Python computation: about `ms` milliseconds alone on a core."""
    return _steps(int(ms * STEPS_PER_MS))


def run_threads(workers, tasks, job):
    queue = list(range(tasks))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                queue.pop()
            job()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def cpu_job():
    spin(20)


def io_job():
    time.sleep(0.02)


def run_processes(workers, tasks):
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        pool.map(spin, [20] * tasks)
    return time.perf_counter() - start


def convoy(switch_interval):
    sys.setswitchinterval(switch_interval)
    done = threading.Event()

    def computer():
        while not done.is_set():
            spin(1)

    latencies = []
    t = threading.Thread(target=computer)
    t.start()
    time.sleep(0.05)
    for _ in range(20):
        start = time.perf_counter()
        time.sleep(0.001)
        latencies.append((time.perf_counter() - start) * 1000)
    done.set()
    t.join()
    alone = []
    for _ in range(20):
        start = time.perf_counter()
        time.sleep(0.001)
        alone.append((time.perf_counter() - start) * 1000)
    return statistics.median(latencies), statistics.median(alone)


if __name__ == '__main__':
    tasks = 8
    cpu1 = run_threads(1, tasks, cpu_job)
    cpu2 = run_threads(2, tasks, cpu_job)
    proc1 = run_processes(1, tasks)
    proc2 = run_processes(2, tasks)
    io1 = run_threads(1, tasks, io_job)
    io4 = run_threads(4, tasks, io_job)
    beside_cpu, alone = convoy(0.005)
    print(json.dumps({
        'python': sys.version.split()[0],
        'cpu_threads_speedup_2': cpu1 / cpu2,
        'cpu_processes_speedup_2': proc1 / proc2,
        'io_threads_speedup_4': io1 / io4,
        'io_1ms_latency_beside_cpu_thread_ms': beside_cpu,
        'io_1ms_latency_alone_ms': alone,
    }, indent=2))
