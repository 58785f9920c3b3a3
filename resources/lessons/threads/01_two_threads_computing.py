# Two threads, both computing: no faster than one.
#
# The talk's first surprise: CPU-bound work split over two threads takes as long as doing it in
# one, because only the thread holding the GIL runs Python. Watch the GIL lane: the two threads
# take turns, one switch interval (5 ms) at a time, and each waits for the GIL while the other
# runs. Each thread's running time matches the CPU time it used. Compare runs it with 1 to 4
# threads (the WORKERS variable): the speed-up stays at one.
#
# Beside it in Scheduler Lab: --model gil --workload cpu --workers 2
# Compare in Scheduler Lab: WORKERS 1 to 4
import os
import threading

WORKERS = int(os.environ.get("WORKERS", "2"))
WORK = 800_000  # shared out between the threads


def count(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


threads = [threading.Thread(target=count, args=(WORK // WORKERS,)) for _ in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(WORKERS, "thread shared" if WORKERS == 1 else "threads shared", "the work")
