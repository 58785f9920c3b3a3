# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator of Curtain's real transcoding run: python3 transcoding.py PLAN.json

Curtain has started Redis and the Celery workers (each on a standby queue of its own) and wrote
PLAN.json: the scenario's seeded uploads and crashes in real seconds, the pool and the broker.
This script calibrates ffmpeg on this machine, then plays the day: it boots workers onto the
uploads queue as the scenario's machines boot (add_consumer), sends each upload as a Celery task
at its time, runs the scenario's autoscaler on the broker's real queue length, kills a worker
(SIGKILL) where the scenario crashes a machine, and has kombu hand back unacknowledged messages
past their visibility timeout on the run's clock. It records Celery's own events (task-received,
task-started, task-succeeded) and writes everything as JSON lines on stdout; Curtain measures.
"""

import heapq
import json
import math
import os
import signal
import sys
import threading
import time

import curtain_celery
from curtain_celery import UPLOADS, app
from curtain_lines import emit, fail


class Recorder:
    """Celery's events, as they come, on the run's clock (seconds from the start of the day)."""

    KINDS = {"task-received": "received", "task-started": "started",
             "task-succeeded": "succeeded", "task-failed": "failed"}

    def __init__(self, workers):
        self.t0 = None
        self.index = {w["name"]: k for k, w in enumerate(workers)}
        self.held = [0] * len(workers)  # received and not finished, per worker
        self.done = 0
        self.lock = threading.Lock()
        self.ready = threading.Event()

    def on_event(self, event):
        kind = self.KINDS.get(event.get("type"))
        if kind is None or self.t0 is None:
            return
        uuid = event.get("uuid", "")
        if not uuid.startswith("job-"):
            return
        worker = self.index.get(event.get("hostname"), -1)
        with self.lock:
            if worker >= 0:
                if kind == "received":
                    self.held[worker] += 1
                elif kind in ("succeeded", "failed"):
                    self.held[worker] -= 1
            if kind == "succeeded":
                self.done += 1
        emit(kind="event", type=kind, job=int(uuid[4:]), worker=worker,
             t=round(event.get("timestamp", time.time()) - self.t0, 6))

    def listen(self):
        with app.connection_for_read() as connection:
            receiver = app.events.Receiver(connection, handlers={"*": self.on_event})
            self.ready.set()
            receiver.capture(limit=None, timeout=None, wakeup=False)


def encoder_speed(size, work_dir, frames):
    """Frames a second one ffmpeg encoder takes at SIZE, flat out."""
    encoder = curtain_celery.Encoder(size, os.path.join(work_dir, "calibration-%s.mkv" % size))
    encoder.process.stdin.write(frames[0])
    encoder.process.stdin.flush()
    time.sleep(0.3)  # started: its libraries loaded
    start = time.monotonic()
    for i in range(200):
        encoder.process.stdin.write(frames[i % len(frames)])
    encoder.close()
    return 200 / max(1e-6, time.monotonic() - start)


def calibrate(work_dir, slots_at_once):
    """ffmpeg on this machine: the largest picture every slot can encode at once in real time
    on a quarter of the cores, and the time a slot takes beyond its clip's length."""
    cores = os.cpu_count() or 1
    size, speed = "160x90", 0.0
    for candidate in ("640x360", "320x180", "160x90"):
        speed = encoder_speed(candidate, work_dir, curtain_celery.test_clip(candidate, 0.2))
        if slots_at_once * curtain_celery.FRAME_RATE <= 0.25 * cores * speed:
            size = candidate
            break
    frames = curtain_celery.test_clip(size)
    encoder = curtain_celery.Encoder(size, os.path.join(work_dir, "calibration.mkv"))
    time.sleep(0.3)
    overheads = []
    for _ in range(3):
        start = time.monotonic()
        encoder.transcode(frames, 0.2)
        overheads.append(time.monotonic() - start - 0.2)
    encoder.close()
    overheads.sort()
    emit(kind="calibrated", size=size, frames_per_second=round(speed, 1),
         overhead_seconds=round(max(0.0, overheads[1]), 4), cores=cores,
         slots_at_once=slots_at_once)


class Operator:
    def __init__(self, plan):
        self.plan = plan
        self.workers = plan["workers"]
        self.state = ["standby"] * len(self.workers)  # booting, running, down, crashed
        self.boots = [0] * len(self.workers)  # how often each worker has booted as a machine
        self.up_order = []  # (worker, its boot) in the order the pool's machines booted
        self.events = []
        self.sequence = 0
        self.recorder = Recorder(self.workers)
        self.t0 = None
        self.redis = None

    def at(self, t, action, *args):
        self.sequence += 1
        heapq.heappush(self.events, (t, self.sequence, action, args))

    def now(self):
        return time.time() - self.t0

    def control(self, command, worker, queue):
        getattr(app.control, command)(queue, destination=[self.workers[worker]["name"]],
                                      reply=False)

    def spare(self):
        # A worker never booted, else one scaled in that holds nothing any more: a machine the
        # autoscaler stopped is a Celery worker Curtain can start again as a new machine.
        for k, s in enumerate(self.state):
            if s == "standby":
                return k
        with self.recorder.lock:
            held = list(self.recorder.held)
        for k, s in enumerate(self.state):
            if s == "down" and held[k] == 0:
                return k
        return -1

    def boot(self, immediately):
        k = self.spare()
        if k < 0:
            emit(kind="note", text="no standby worker left to boot", t=round(self.now(), 6))
            return
        self.state[k] = "booting"
        self.boots[k] += 1
        self.up_order.append((k, self.boots[k]))
        emit(kind="instance", type="boot", worker=k, t=round(self.now(), 6))
        if immediately:
            self.start(k, self.boots[k])
        else:
            self.at(self.now() + self.plan["boot_seconds"], self.start, k, self.boots[k])

    def start(self, k, boot):
        if self.state[k] != "booting" or self.boots[k] != boot:
            return
        self.control("add_consumer", k, UPLOADS)
        self.state[k] = "running"
        emit(kind="instance", type="up", worker=k, t=round(self.now(), 6))

    def crash(self, machine):
        # The scenario's machine MACHINE (in boot order); when the real pool has no such machine
        # up, the crash is noted and not played.
        k, boot = self.up_order[machine] if machine < len(self.up_order) else (-1, 0)
        if k < 0 or self.boots[k] != boot or self.state[k] not in ("booting", "running"):
            emit(kind="note", text="crash of machine %d skipped: it is not up" % (machine + 1),
                 t=round(self.now(), 6))
            return
        os.kill(self.workers[k]["pid"], signal.SIGKILL)
        self.state[k] = "crashed"
        emit(kind="instance", type="crash", worker=k, t=round(self.now(), 6))
        if not self.plan["autoscale"]["enabled"]:
            self.boot(False)  # the operator replaces it

    def queue_length(self):
        return self.redis.llen(UPLOADS)

    def autoscale(self):
        policy = self.plan["autoscale"]
        up = [k for k, boot in self.up_order
              if self.boots[k] == boot and self.state[k] in ("booting", "running")]
        waiting = self.queue_length()
        wanted = min(max(math.ceil(waiting / max(0.1, policy["target"])), policy["min"]),
                     policy["max"])
        for _ in range(len(up), wanted):
            self.boot(False)
        surplus = len(up) - wanted
        with self.recorder.lock:
            held = list(self.recorder.held)
        for k in reversed(up):
            if surplus <= 0:
                break
            if held[k] == 0:  # nothing running, nothing prefetched
                if self.state[k] == "running":
                    self.control("cancel_consumer", k, UPLOADS)
                self.state[k] = "down"
                emit(kind="instance", type="down", worker=k, t=round(self.now(), 6))
                surplus -= 1
        next_check = self.now() + policy["check_seconds"]
        if next_check < self.plan["horizon_seconds"]:
            self.at(next_check, self.autoscale)

    def sample(self):
        emit(kind="queue", t=round(self.now(), 6), length=self.queue_length())
        nxt = self.now() + self.plan["sample_seconds"]
        if nxt <= self.plan["horizon_seconds"]:
            self.at(nxt, self.sample)

    def restore(self, channel):
        # kombu's own restore of unacknowledged messages past the visibility timeout, on the
        # run's clock (a worker does it every 100 s of wall time, a blink of a real day).
        channel.qos.restore_visible(num=1000, interval=1)
        self.at(self.now() + self.plan["restore_seconds"], self.restore, channel)

    def send(self, job, clip_seconds):
        emit(kind="event", type="sent", job=job, worker=-1, t=round(self.now(), 6))
        service = self.plan["outsourcing"]
        if service["enabled"] and self.queue_length() >= service["above_queue"]:
            # The outside service (a Zencoder) is not ours to run: its time is the scenario's.
            video = self.plan["videos"][job]
            done = self.now() + service["latency_seconds"] + video * (
                service["upload_seconds_per_video_minute"] + service["seconds_per_video_minute"])
            emit(kind="event", type="outsourced", job=job, worker=-2, t=round(self.now(), 6))
            self.at(done, self.outside_done, job)
            return
        app.send_task("curtain.transcode", args=[job, clip_seconds], queue=UPLOADS,
                      task_id="job-%d" % job)

    def outside_done(self, job):
        emit(kind="event", type="succeeded", job=job, worker=-2, t=round(self.now(), 6))

    def progress(self):
        emit(kind="progress", t=round(self.now(), 3), done=self.recorder.done)
        self.at(self.now() + 0.5, self.progress)

    def run(self):
        plan = self.plan
        listener = threading.Thread(target=self.recorder.listen, daemon=True)
        listener.start()
        if not self.recorder.ready.wait(10):
            fail("cannot listen to Celery's events on the broker")
        names = [w["name"] for w in self.workers]
        deadline = time.monotonic() + plan["start_timeout_seconds"]
        online = set()
        while len(online) < len(names):
            if time.monotonic() > deadline:
                fail("only %d of %d Celery workers answered within %g s" % (
                    len(online), len(names), plan["start_timeout_seconds"]))
            for reply in app.control.ping(destination=names, timeout=0.5) or []:
                online.update(reply.keys())
        emit(kind="ready", workers=len(online))
        overhead = plan["calibration"]["overhead_seconds"]
        with app.connection_for_write() as connection:
            channel = connection.default_channel
            self.redis = channel.client
            self.redis.delete(UPLOADS)
            self.t0 = time.time()
            self.recorder.t0 = self.t0
            emit(kind="start", wall=self.t0)
            for _ in range(plan["initial"]):
                self.boot(True)
            for job, (t, service) in enumerate(plan["uploads"]):
                self.at(t, self.send, job, max(0.0, service - overhead))
            for t, machine in plan["crashes"]:
                self.at(t, self.crash, machine)
            if plan["autoscale"]["enabled"]:
                self.at(plan["autoscale"]["check_seconds"], self.autoscale)
            self.at(0.0, self.sample)
            self.at(0.0, self.restore, channel)
            self.at(0.0, self.progress)
            horizon = plan["horizon_seconds"]
            while self.events:
                t, _, action, args = self.events[0]
                if t >= horizon:
                    break
                wait = t - self.now()
                if wait > 0:
                    time.sleep(min(wait, 0.05))
                    continue
                heapq.heappop(self.events)
                action(*args)
            while self.now() < horizon:
                time.sleep(min(0.05, horizon - self.now()))
            time.sleep(0.2)  # the last events on their way through the broker
            emit(kind="end", t=round(self.now(), 6))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--calibrate":
        calibrate(sys.argv[3], int(sys.argv[2]))
        return 0
    if len(sys.argv) != 2:
        print("usage: transcoding.py PLAN.json | --calibrate SLOTS_AT_ONCE WORK_DIR",
              file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    Operator(plan).run()
    sys.stdout.flush()
    os._exit(0)  # the event listener's thread blocks on the broker: do not wait for it


if __name__ == "__main__":
    sys.exit(main())
