# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The startup's real-time feed for real: python3 feed.py PLAN.json

Curtain wrote PLAN.json from the model's own seeded hour (realfeed.cpp): who follows whom, who is
online, each polling client's phase, and the posts, in real seconds. This script is the Django
application that writes the posts, and it starts two processes of its own:

- the Tornado server (feed.py --server PLAN.json), on the loopback at a port the kernel picks,
  delivering notifications by polling (GET /poll), long polling (GET /wait, held until a
  notification or the time-out) or push (a WebSocket on /ws), each answer held back by the
  scenario's network time (the loopback has none of its own);
- the users (feed.py --clients PLAN.json PORT): one asyncio process with a keep-alive HTTP
  connection per online user (polling or long polling) or a Tornado WebSocket client (push).

Each post is written with the real Django ORM to an SQLite file in the run's folder: Post.objects
.create() for an ordinary write, Post.objects.bulk_create() for the scenario's bulk share. With
capture "signal", Django's post_save signal tells the server of a post (bulk_create sends none:
the talk's missed notifications); with capture "trigger", an SQLite trigger copies every insert
to an outbox that a relay reads and tells the server of. Everything is written as JSON lines on
stdout (times in seconds from the run's start); Curtain measures.
"""

import asyncio
import ctypes
import http.client
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from curtain_lines import emit, fail, write

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def die_with_parent():
    """Ends this process when the one that started it goes (Curtain killed: nothing is left)."""
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:
        sys.exit(1)


def more_files(needed):
    """Raises the open-file limit to hold NEEDED connections, as far as the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed + 64
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- The Tornado server -------------------------------------------------------------------------

def serve(plan):
    import tornado.ioloop
    import tornado.web
    import tornado.websocket

    die_with_parent()
    more_files(len(plan["clients"]) * 2)
    network = plan["network_seconds"]
    timeout = plan["timeout_seconds"]
    clients = {c["user"] for c in plan["clients"]}
    followers = {int(a): f for a, f in plan["followers"].items()}
    inbox = {u: [] for u in clients}
    waiters = {}  # user -> the Future a held /wait request sleeps on
    sockets = {}  # user -> the WebSocket handler
    stats = {"requests": {}, "open": [], "published": 0, "sent": []}
    loop = asyncio.get_event_loop()

    def counted():
        bucket = str(int(time.monotonic() * 10))
        stats["requests"][bucket] = stats["requests"].get(bucket, 0) + 1

    def open_connections():
        return len(waiters) + len(sockets)

    class Poll(tornado.web.RequestHandler):
        async def get(self):
            counted()
            user = int(self.get_argument("user"))
            items = inbox.get(user, [])
            posts = list(items)
            items.clear()
            await asyncio.sleep(network)
            answer(self, posts, user)

    def answer(handler, posts, user):
        now = time.monotonic()  # as it begins writing: the users' process may read it at once
        handler.finish({"posts": posts})
        stats["sent"].extend([post, user, now] for post in posts)

    class Wait(tornado.web.RequestHandler):
        async def get(self):
            counted()
            user = int(self.get_argument("user"))
            held = min(timeout, float(self.get_argument("wait", str(timeout))))
            items = inbox.get(user)
            if items is None:
                raise tornado.web.HTTPError(404)
            if not items:
                woken = loop.create_future()
                waiters[user] = woken
                try:
                    await asyncio.wait_for(woken, held)
                except asyncio.TimeoutError:
                    pass
                finally:
                    if waiters.get(user) is woken:
                        del waiters[user]
            posts = list(items)
            items.clear()
            await asyncio.sleep(network)
            answer(self, posts, user)

    class Push(tornado.websocket.WebSocketHandler):
        def open(self):
            counted()
            self.user = int(self.get_argument("user"))
            sockets[self.user] = self

        def on_close(self):
            if sockets.get(self.user) is self:
                del sockets[self.user]

        def send_later(self, post):
            loop.call_later(network, self._send, post)

        def _send(self, post):
            try:
                now = time.monotonic()
                self.write_message(json.dumps({"posts": [post]}))
                stats["sent"].append([post, self.user, now])
            except tornado.websocket.WebSocketClosedError:
                pass

    class Publish(tornado.web.RequestHandler):
        def post(self):
            post = int(self.get_argument("post"))
            author = int(self.get_argument("author"))
            stats["published"] += 1
            for user in followers.get(author, []):
                if user not in clients:
                    continue
                if plan["delivery"] == "push":
                    socket = sockets.get(user)
                    if socket is not None:
                        socket.send_later(post)
                    continue
                inbox[user].append(post)
                woken = waiters.get(user)
                if woken is not None and not woken.done():
                    woken.set_result(True)
            self.write("ok")

    class Stats(tornado.web.RequestHandler):
        def get(self):
            self.write(stats)

    def sample():
        stats["open"].append([time.monotonic(), open_connections()])

    app = tornado.web.Application([
        (r"/poll", Poll), (r"/wait", Wait), (r"/ws", Push),
        (r"/publish", Publish), (r"/stats", Stats)])
    sockets_bound = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server = tornado.httpserver.HTTPServer(app, idle_connection_timeout=timeout + 60)
    server.add_sockets(sockets_bound)
    tornado.ioloop.PeriodicCallback(sample, 100).start()
    emit(kind="listening", port=sockets_bound[0].getsockname()[1])
    tornado.ioloop.IOLoop.current().start()


# --- The users ----------------------------------------------------------------------------------

def users(plan, port):
    import tornado.websocket

    die_with_parent()
    more_files(len(plan["clients"]) * 2)
    base = "127.0.0.1:%d" % port
    delivery = plan["delivery"]
    received = []  # [post, user, monotonic time], written out in batches
    failures = []

    def got(body, user):
        now = time.monotonic()
        for post in json.loads(body)["posts"]:
            received.append([post, user, now])

    async def flush():
        while True:
            await asyncio.sleep(0.05)
            if received:
                lines = "".join(json.dumps({"kind": "delivered", "post": p, "user": u, "at": t},
                                           separators=(",", ":")) + "\n" for p, u, t in received)
                received.clear()
                write(lines)

    async def sleep_until(when):
        delay = when - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    class Connection:
        """One user's keep-alive HTTP/1.1 connection, as a browser holds one: a request, then
        its answer read by Content-Length. Plain asyncio streams: reading an answer costs the
        users' one process little, so 600 users answered at once are not kept waiting by it."""

        def __init__(self):
            self.reader = self.writer = None

        async def get(self, path):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
            self.writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, base)).encode())
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = 0
            for header in head.split(b"\r\n"):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":", 1)[1])
            status = head.split(b" ", 2)[1]
            body = await self.reader.readexactly(length)
            if status != b"200":
                raise RuntimeError("HTTP %s for %s" % (status.decode(), path))
            return body

    async def polling(user, phase, t0):
        connection = Connection()
        when = t0 + phase
        while True:
            await sleep_until(when)
            got(await connection.get("/poll?user=%d" % user), user)
            when += plan["poll_interval_seconds"]

    async def long_polling(user, phase):
        # The first request is held for a share of the time-out, as if it had been open for the
        # rest (the model draws the same age): the users' requests time out spread over it from
        # the start, as in a feed that has been up a while, not all together.
        connection = Connection()
        wait = plan["timeout_seconds"] * phase / plan["poll_interval_seconds"]
        while True:
            body = await connection.get("/wait?user=%d&wait=%f" % (user, wait))
            got(body, user)
            wait = plan["timeout_seconds"]
            if json.loads(body)["posts"]:
                await asyncio.sleep(plan["reconnect_seconds"])

    async def listening(socket, user):
        while True:
            message = await socket.read_message()
            if message is None:
                return
            got(message, user)

    async def guarded(coroutine):
        try:
            await coroutine
        except asyncio.CancelledError:
            raise
        except Exception as e:  # one user's failure is reported, the others go on
            failures.append(repr(e))

    async def main():
        sockets = {}
        if delivery == "push":
            for c in plan["clients"]:
                sockets[c["user"]] = await tornado.websocket.websocket_connect(
                    "ws://%s/ws?user=%d" % (base, c["user"]))
        emit(kind="connected", clients=len(plan["clients"]))
        reader = asyncio.StreamReader()
        await asyncio.get_event_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        go = json.loads(await reader.readline())
        tasks = [asyncio.ensure_future(flush())]
        for c in plan["clients"]:
            if delivery == "polling":
                job = polling(c["user"], c["phase"], go["t0"])
            elif delivery == "long_polling":
                job = long_polling(c["user"], c["phase"])
            else:
                job = listening(sockets[c["user"]], c["user"])
            tasks.append(asyncio.ensure_future(guarded(job)))
        await reader.readline()  # "stop", or the conductor gone
        await asyncio.sleep(0.1)  # the last batch out
        emit(kind="done", failures=len(failures), first_failure=failures[0] if failures else "")
        os._exit(0)

    asyncio.run(main())


# --- The Django application ---------------------------------------------------------------------

def django_models(path):
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}},
        INSTALLED_APPS=[], USE_TZ=True, DEBUG=False)
    django.setup()
    from django.db import connection, models

    class Post(models.Model):
        seq = models.IntegerField()  # the post's number in the plan
        author = models.IntegerField()
        text = models.CharField(max_length=200)

        class Meta:
            app_label = "curtain_feed"

    with connection.schema_editor() as editor:
        editor.create_model(Post)
    return Post, connection


class Publisher:
    """Tells the Tornado server of a post, as the application would: an HTTP request."""

    def __init__(self, port, t0):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.t0 = t0

    def publish(self, seq, author, how):
        self.connection.request("POST", "/publish?post=%d&author=%d" % (seq, author), body=b"")
        self.connection.getresponse().read()
        emit(kind="published", post=seq, by=how, t=time.monotonic() - self.t0)


def relay(database, port, t0, stop):
    """The trigger's side: reads the outbox the trigger fills and tells the server of each row.
    SQLite has no NOTIFY: the relay looks every 5 ms."""
    publisher = Publisher(port, t0)
    db = sqlite3.connect(database, isolation_level=None, timeout=30)
    while not stop.is_set():
        rows = db.execute("SELECT id, seq, author FROM curtain_outbox ORDER BY id").fetchall()
        for row_id, seq, author in rows:
            publisher.publish(seq, author, "trigger")
            db.execute("DELETE FROM curtain_outbox WHERE id = ?", (row_id,))
        time.sleep(0.005)


def conduct(plan_path):
    with open(plan_path) as f:
        plan = json.load(f)
    die_with_parent()
    here = os.path.abspath(__file__)
    work = plan["work_dir"]
    server = subprocess.Popen([sys.executable, here, "--server", plan_path],
                              stdout=subprocess.PIPE, stderr=open(os.path.join(work, "tornado.log"), "w"),
                              text=True)
    line = server.stdout.readline()
    if not line:
        fail("the Tornado server did not start: %s" % tail(os.path.join(work, "tornado.log")))
    port = json.loads(line)["port"]
    clients = subprocess.Popen([sys.executable, here, "--clients", plan_path, str(port)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=open(os.path.join(work, "clients.log"), "w"), text=True)
    line = clients.stdout.readline()
    if not line or json.loads(line).get("kind") != "connected":
        fail("the feed's users did not connect: %s" % tail(os.path.join(work, "clients.log")))

    database = os.path.join(work, "feed.sqlite3")
    Post, connection = django_models(database)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        if plan["capture"] == "trigger":
            cursor.execute("CREATE TABLE curtain_outbox (id INTEGER PRIMARY KEY, seq INTEGER, "
                           "author INTEGER)")
            cursor.execute("CREATE TRIGGER curtain_post_outbox AFTER INSERT ON curtain_feed_post "
                           "BEGIN INSERT INTO curtain_outbox (seq, author) "
                           "VALUES (NEW.seq, NEW.author); END")
    emit(kind="ready", port=port, clients=len(plan["clients"]))

    t0 = time.monotonic() + 0.5
    clients.stdin.write(json.dumps({"t0": t0}) + "\n")
    clients.stdin.flush()
    publisher = Publisher(port, t0)
    stop = threading.Event()
    if plan["capture"] == "signal":
        from django.db.models.signals import post_save

        def on_save(sender, instance, created, **kwargs):
            if created:
                publisher.publish(instance.seq, instance.author, "signal")
        post_save.connect(on_save, sender=Post, weak=False)
    else:
        threading.Thread(target=relay, args=(database, port, t0, stop), daemon=True).start()

    def forward():
        for line in clients.stdout:
            record = json.loads(line)
            if record.get("kind") == "delivered":
                emit(kind="delivered", post=record["post"], user=record["user"],
                     t=record["at"] - t0)
            else:
                emit(**record)
    reader = threading.Thread(target=forward)
    reader.start()

    time.sleep(max(0.0, t0 - time.monotonic()))
    emit(kind="start", t=0.0)
    for seq, (at, author, bulk) in enumerate(plan["posts"]):
        delay = t0 + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        written = time.monotonic() - t0
        text = "post %d by user %d" % (seq, author)
        if bulk:
            Post.objects.bulk_create([Post(seq=seq, author=author, text=text)])
        else:
            Post.objects.create(seq=seq, author=author, text=text)
        emit(kind="written", post=seq, t=written, path="bulk" if bulk else "create")
        emit(kind="progress", t=written)
    end = plan["end_seconds"]
    while time.monotonic() - t0 < end:
        time.sleep(min(0.2, max(0.0, end - (time.monotonic() - t0))))
        emit(kind="progress", t=time.monotonic() - t0)
    stop.set()
    stats = json.loads(http_get(port, "/stats"))
    requests = sorted([int(bucket) / 10.0 - t0, count] for bucket, count in stats["requests"].items())
    opened = [[at - t0, n] for at, n in stats["open"]]
    clients.stdin.write("stop\n")
    clients.stdin.flush()
    reader.join(timeout=30)
    sent = [[post, user, at - t0] for post, user, at in stats["sent"]]
    emit(kind="server", requests=requests, open=opened, published=stats["published"], sent=sent)
    emit(kind="end", t=time.monotonic() - t0)
    server.kill()
    clients.kill()


def http_get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    return connection.getresponse().read()


def tail(path, lines=6):
    try:
        with open(path) as f:
            return " ".join(f.read().splitlines()[-lines:])
    except OSError:
        return ""


def main(argv):
    if len(argv) >= 3 and argv[1] == "--server":
        import tornado.httpserver  # noqa: F401 (tornado.web does not import it)
        import tornado.netutil  # noqa: F401
        with open(argv[2]) as f:
            serve(json.load(f))
    elif len(argv) >= 4 and argv[1] == "--clients":
        with open(argv[2]) as f:
            users(json.load(f), int(argv[3]))
    elif len(argv) == 2:
        conduct(argv[1])
    else:
        fail("usage: feed.py PLAN.json")


if __name__ == "__main__":
    main(sys.argv)
