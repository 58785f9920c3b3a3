# Processes compute side by side; what goes between them is pickled.
#
# Each process has its own interpreter and its own GIL, so two processes really run at once: watch
# the worker processes' lanes run together on different cores. The price: starting them, and
# every task and result turned into bytes (pickled) on one side and back (unpickled) on the
# other; look for the encoding and decoding stretches. (Curtain follows the fork start method; a
# pickle is also why you must never unpickle data you do not trust: it can run code.) Compare
# runs it with 1 to 4 processes (the WORKERS variable): the speed-up grows with the cores.
#
# Beside it in Scheduler Lab: --model processes --workload cpu --workers 2
# Compare in Scheduler Lab: WORKERS 1 to 4
import multiprocessing
import os

WORKERS = int(os.environ.get("WORKERS", "2"))


def count(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    with multiprocessing.Pool(WORKERS) as pool:
        results = pool.map(count, [300_000] * 4)
    print(len(results), "results, all equal:", len(set(results)) == 1)
