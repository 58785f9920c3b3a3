# asyncio, and one blocking call that stalls every task.
#
# Coroutines take turns in one thread: while one waits (await asyncio.sleep), the event loop
# waits in select() for whichever is ready next. The talk's gevent warning: a blocking call
# (time.sleep) inside a coroutine stops the loop itself, and every other task with it. Watch the
# main thread: first its waits are in the event loop's select (epoll.poll), then one long
# time.sleep holds up everything.
#
# Beside it in Scheduler Lab: --model coroutines --workload io --workers 3 --blocking-io
import asyncio
import time


async def polite(name):
    for _ in range(3):
        await asyncio.sleep(0.01)  # lets the others run
    return name


async def rude():
    time.sleep(0.05)  # blocks the whole loop
    return "rude"


async def main():
    print(await asyncio.gather(polite("a"), polite("b")))
    print(await asyncio.gather(polite("c"), rude()))


asyncio.run(main())
