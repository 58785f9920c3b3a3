# gevent without the monkey patch: one time.sleep blocks everything.
#
# The same three greenlets as the lesson before, but nobody called monkey.patch_all(): time.sleep
# is the real one, so a greenlet that sleeps stops the whole thread, the hub included, and no
# other greenlet can run until it wakes. Watch the lanes: the downloads sleep one after the
# other, each blocking the thread; three waits take three. This is the talk's warning: with
# gevent, one library that blocks without being patched stalls every greenlet.
#
# Beside it in Your Python: 07_gevent_monkey_patch.py
import time

import gevent


def download(n):
    time.sleep(0.1)  # the real time.sleep: the thread stops, and every greenlet with it
    return n


start = time.perf_counter()
jobs = [gevent.spawn(download, n) for n in range(3)]
gevent.joinall(jobs)
waits = (time.perf_counter() - start) / 0.1
print([job.value for job in jobs], "took", "about one wait" if waits < 2 else "three waits")
