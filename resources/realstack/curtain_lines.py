# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""How Curtain's real-stack scripts talk to Curtain: one JSON object a line on stdout, whole lines
only, from any thread (realprotocol.h spells the words)."""

import json
import sys
import threading

_out_lock = threading.Lock()


def write(text):
    """Writes TEXT (whole lines) to stdout at once, and flushes it."""
    with _out_lock:
        sys.stdout.write(text)
        sys.stdout.flush()


def emit(**record):
    write(json.dumps(record, separators=(",", ":")) + "\n")


def fail(message):
    emit(kind="error", message=message)
    sys.exit(1)
