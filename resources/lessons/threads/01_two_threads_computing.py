# Two threads, both computing: no faster than one.
#
# The talk's first surprise: CPU-bound work split over two threads takes as long as doing it in
# one, because only the thread holding the GIL runs Python. Watch the GIL lane: the two threads
# take turns, one switch interval (5 ms) at a time, and each waits for the GIL while the other
# runs. Each thread's running time matches the CPU time it used.
#
# Beside it in Scheduler Lab: --model gil --workload cpu --workers 2
import threading
import time


def count(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


start = time.perf_counter()
count(400_000)
count(400_000)
alone = time.perf_counter() - start

start = time.perf_counter()
threads = [threading.Thread(target=count, args=(400_000,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
together = time.perf_counter() - start

# (With the work truly in parallel it would take half as long.)
print("two threads took", "about as long as" if together > alone * 0.6 else "less than",
      "doing the work one after the other")
