# gevent: monkey.patch_all() makes time.sleep a switch to the event loop.
#
# The talk's gevent point. Three "downloads" run as greenlets: coroutines that switch only when
# they would block. After monkey.patch_all(), time.sleep (like sockets and threading) is
# gevent's: instead of stopping the thread it switches to the hub, gevent's event loop, which
# waits in libev until a download's time is up and switches back to it. Watch the lanes: one
# thread, a lane per greenlet, the hub waiting (not running) while all three sleep at once;
# three waits take about one. (monkey.patch_all() itself takes a while: gevent looks for its
# plugins. The downloads are the last part of the run.) The next lesson is the same program
# without the patch: run it beside this one.
#
# Beside it in Your Python: 08_gevent_without_patch.py
from gevent import monkey

monkey.patch_all()  # before anything else is imported: time, socket, threading become gevent's

import time  # noqa: E402 (after the patch, as gevent asks)

import gevent  # noqa: E402


def download(n):
    time.sleep(0.1)  # the network: a switch to the hub, which waits in libev
    return n


start = time.perf_counter()
jobs = [gevent.spawn(download, n) for n in range(3)]
gevent.joinall(jobs)
waits = (time.perf_counter() - start) / 0.1
print([job.value for job in jobs], "took", "about one wait" if waits < 2 else "three waits")
