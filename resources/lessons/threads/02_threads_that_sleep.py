# Threads that wait for I/O do overlap.
#
# Each "download" sleeps, as a thread waiting for the network does. A sleeping thread lets the GIL
# go, so the threads' waits run at the same time: twelve downloads shared by three threads take
# about four waits, not twelve. Watch the lanes: the threads are released (blocked on I/O) side by
# side, and nobody waits for the GIL. Compare runs it with 1 to 4 threads (the WORKERS variable):
# the speed-up grows with the threads, cores or not.
#
# Beside it in Scheduler Lab: --model gil --workload io --workers 3
# Compare in Scheduler Lab: WORKERS 1 to 4
import os
import threading
import time

WORKERS = int(os.environ.get("WORKERS", "3"))
DOWNLOADS = 12  # shared out between the threads


def download(count):
    for _ in range(count):
        time.sleep(0.02)  # the network


start = time.perf_counter()
threads = [threading.Thread(target=download, args=(DOWNLOADS // WORKERS,)) for _ in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
waits = (time.perf_counter() - start) / 0.02
rounds = DOWNLOADS // WORKERS
print(DOWNLOADS, "downloads took", "about" if waits < rounds * 3 else "more than", rounds, "waits")
