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


def trace_threads(hook):
    """Every thread the program starts gets the runner's tracer first thing."""
    threading.settrace(hook)


def end_of_run():
    """What python3 does after the main module: wait for non-daemon threads, run atexit."""
    threading._shutdown()
    atexit._run_exitfuncs()
