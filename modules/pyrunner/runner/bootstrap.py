# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Private helpers of curtain-runner, run once in the warm interpreter before any learner program.
# They live in their own namespace: the learner's fresh globals never see them.
import ast
import atexit
import io
import opcode
import sys
import threading
import traceback

OPMAP = dict(opcode.opmap)


class TraceStop(BaseException):
    """Raised into the learner's program to end it: a timeout or the step limit."""


class CappedWriter(io.TextIOBase):
    """sys.stdout/sys.stderr for a run: keeps the first `cap` characters, counts the rest."""

    def __init__(self, name, cap):
        self._name = name
        self._cap = cap
        self._parts = []
        self._size = 0
        self.truncated = False

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return 'utf-8'

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not ' + type(s).__name__)
        room = self._cap - self._size
        if room > 0:
            kept = s[:room]
            self._parts.append(kept)
            self._size += len(kept)
        if len(s) > max(room, 0):
            self.truncated = True
        return len(s)

    def getvalue(self):
        return ''.join(self._parts)


def class_decorators(source):
    """{line of a class statement: [decorator source text, outermost first]} for SOURCE."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.decorator_list:
            found[node.lineno] = [ast.unparse(d) for d in node.decorator_list]
    return found


def format_exception(error):
    return ''.join(traceback.format_exception(error))


def remember_source(filename, source):
    """Tracebacks and inspect read the program's lines from here, not from the disk."""
    import linecache
    try:
        text = source.decode('utf-8')
    except UnicodeDecodeError:
        return
    lines = text.splitlines(True)
    linecache.cache[filename] = (len(text), None, lines, filename)


def set_executable():
    """sys.executable is python3, as for the learner under python3, not this runner."""
    import shutil
    version = 'python%d.%d' % sys.version_info[:2]
    for name in (version, 'python3'):
        path = shutil.which(name) or ('/usr/bin/' + name)
        if __import__('os').path.exists(path):
            sys.executable = path
            return


set_executable()


_real_settrace = sys.settrace
_learner_traces = {}  # thread id: the trace function the program set, as python3 would have it


def trace_threads(hook):
    """Every thread the program starts gets the runner's tracer first thing, and the program sees
    sys.settrace/sys.gettrace as under python3, where no tracer runs: gettrace() is None until it
    sets one, settrace(None) changes nothing, and its own tracer replaces ours until it is
    removed, when ours comes back."""

    def settrace(function):
        ident = threading.get_ident()
        if function is None or function is hook:
            _learner_traces.pop(ident, None)
            hook()  # the runner's tracer, back in this thread
        else:
            _learner_traces[ident] = function
            _real_settrace(function)

    def gettrace():
        return _learner_traces.get(threading.get_ident())

    sys.settrace = settrace
    sys.gettrace = gettrace
    threading.settrace(hook)


def profile_threads(hook):
    """Every thread the program starts calls HOOK at its first event: the thread recorder."""
    threading.setprofile(hook)


def end_of_run():
    """What python3 does after the main module: wait for non-daemon threads, run atexit."""
    threading._shutdown()
    atexit._run_exitfuncs()
