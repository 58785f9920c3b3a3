# The convoy: an I/O thread stuck behind a CPU thread.
#
# One thread computes; another does many short I/O waits. Each time the I/O thread's wait ends,
# it needs the GIL back, and the computing thread keeps it for up to a whole switch interval.
# The program sets the interval: try 0.005 (CPython's default), then 0.0005, and watch the I/O
# thread's waits for the GIL shrink.
#
# Beside it in Scheduler Lab: --model gil --workload mixed --workers 2
import sys
import threading
import time

sys.setswitchinterval(0.005)


def compute():
    total = 0
    for i in range(1_500_000):
        total += i
    return total


def poll():
    for _ in range(20):
        time.sleep(0.001)  # a short wait for the network


threads = [threading.Thread(target=compute), threading.Thread(target=poll)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
