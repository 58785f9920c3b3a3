# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The startup's transcoding workers for real: a Celery 5 app on Curtain's own Redis.

Curtain starts each worker as
    python3 -m celery -A curtain_celery worker -P prefork -c SLOTS -O fair -n wK@curtain -Q standby.K
with its settings in the environment (CURTAIN_BROKER, CURTAIN_PREFETCH, CURTAIN_ACKS,
CURTAIN_VISIBILITY_SECONDS, CURTAIN_SLOTS, CURTAIN_WORK_DIR). A worker listens on a queue of its
own until the operator (transcoding.py) boots it onto the uploads queue, as a machine joins the
pool.

Each task is a real ffmpeg transcode of a clip of ffmpeg's own test pattern (lavfi testsrc), its
frames fed at the clip's frame rate, as a live transcoder gets them. Starting ffmpeg costs a
tenth of a second of CPU (it loads some 200 libraries), more than a short video's whole slot at
a day-in-ninety-seconds time scale: so each slot (a prefork child) keeps one ffmpeg encoder
running for its life, and a task streams its clip through it.
"""

import ctypes
import os
import signal
import subprocess
import time

from celery import Celery
from celery.signals import worker_process_init

UPLOADS = "curtain.transcode"
FRAME_RATE = 50  # frames a second of clip: 20 ms steps

app = Celery("curtain", broker=os.environ.get("CURTAIN_BROKER", "redis://127.0.0.1:1/0"))
app.conf.update(
    worker_prefetch_multiplier=int(os.environ.get("CURTAIN_PREFETCH", "4")),
    task_acks_late=os.environ.get("CURTAIN_ACKS", "late") == "late",
    broker_transport_options={
        "visibility_timeout": float(os.environ.get("CURTAIN_VISIBILITY_SECONDS", "3600"))
    },
    worker_send_task_events=True,
    task_ignore_result=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # ffmpeg ends when the thread that started it does (the worker killed, Curtain gone).
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _ffmpeg(arguments):
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error"] + arguments


def test_clip(size, seconds=2.0):
    """SECONDS of ffmpeg's test pattern at SIZE as raw frames (yuv420p), made by ffmpeg."""
    made = subprocess.run(
        _ffmpeg(["-f", "lavfi", "-i", "testsrc=size=%s:rate=%d:duration=%g" % (
            size, FRAME_RATE, seconds), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if made.returncode != 0:
        raise RuntimeError("ffmpeg could not make its test clip: "
                           + made.stderr.decode(errors="replace").strip())
    width, height = (int(x) for x in size.split("x"))
    frame = width * height * 3 // 2
    return [made.stdout[i:i + frame] for i in range(0, len(made.stdout) - frame + 1, frame)]


class Encoder:
    """One slot's ffmpeg: encodes the raw frames it is fed to MPEG-4 in a Matroska file."""

    def __init__(self, size, output):
        self.output = output
        self.process = subprocess.Popen(
            _ffmpeg(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", size, "-r", str(FRAME_RATE),
                     "-i", "pipe:0", "-c:v", "mpeg4", "-q:v", "5", "-f", "matroska", "-y",
                     output]),
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent, close_fds=True)

    def transcode(self, frames, seconds):
        """Feeds SECONDS of FRAMES at the clip's frame rate; returns once ffmpeg has them."""
        count = max(1, round(seconds * FRAME_RATE))
        start = time.monotonic()
        for i in range(count):
            wait = start + i / FRAME_RATE - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.process.stdin.write(frames[i % len(frames)])
        self.process.stdin.flush()
        wait = start + seconds - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.process.wait()
        try:
            os.unlink(self.output)
        except OSError:
            pass


class Slot:
    """This slot (a prefork child): a test clip, and its encoder."""

    def __init__(self):
        self.frames = []
        self.encoder = None

    def start(self, size, work_dir):
        self.frames = test_clip(size)
        output = os.path.join(work_dir, "slot-%d.mkv" % os.getpid())
        self.encoder = Encoder(size, output)


slot = Slot()


@worker_process_init.connect
def _start_slot(sender=None, **kwargs):
    # A slot ends with its worker (billiard 4.1 does not ask for it), and its encoder with it.
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:
        os._exit(1)
    slot.start(os.environ.get("CURTAIN_CLIP_SIZE", "160x90"),
               os.environ.get("CURTAIN_WORK_DIR", "/tmp"))


@app.task(name="curtain.transcode")
def transcode(job, clip_seconds):
    slot.encoder.transcode(slot.frames, clip_seconds)
    return job
