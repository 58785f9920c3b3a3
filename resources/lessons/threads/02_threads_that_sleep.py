# Threads that wait for I/O do overlap.
#
# Each "download" sleeps, as a thread waiting for the network does. A sleeping thread lets the GIL
# go, so the three waits run at the same time and the whole takes about one wait, not three.
# Watch the lanes: the threads are released (blocked on I/O) side by side, and nobody waits for
# the GIL.
#
# Beside it in Scheduler Lab: --model gil --workload io --workers 3
import threading
import time


def download(name):
    time.sleep(0.05)  # the network
    return name


start = time.perf_counter()
threads = [threading.Thread(target=download, args=(n,)) for n in ("a", "b", "c")]
for t in threads:
    t.start()
for t in threads:
    t.join()
took = time.perf_counter() - start
print("three 50 ms waits took", "about one wait" if took < 0.12 else "longer than one wait")
