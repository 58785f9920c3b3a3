# Locks on a shared dict: the wrong thing to lock.
#
# Three threads update one dict under one lock. The work inside the lock is short, yet a thread
# switched out by the GIL while it holds the lock makes everyone wait on both: the lock and the
# GIL. Watch the lanes: "waiting for a lock" spreads, and little runs at all.
#
# Beside it in Scheduler Lab: --model gil --workload shared-dict --workers 3
import threading

counts = {}
lock = threading.Lock()


def tally(key):
    for i in range(30_000):
        with lock:
            counts[key] = counts.get(key, 0) + 1


threads = [threading.Thread(target=tally, args=(k,)) for k in "abc"]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(counts.items()))
