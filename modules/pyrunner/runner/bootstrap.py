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
    """Tracebacks and inspect read the program's lines from here, not from the disk; and
    sys.path[0] is the program's folder, as `python3 program.py` makes it."""
    import os
    sys.path.insert(0, os.path.dirname(os.path.realpath(filename)))
    import linecache
    try:
        text = source.decode('utf-8')
    except UnicodeDecodeError:
        return
    lines = text.splitlines(True)
    linecache.cache[filename] = (len(text), None, lines, filename)


def set_executable():
    """sys.executable is the python3 this runner embeds (its prefix's), as for the learner under
    python3, not this runner, nor another python3 earlier on PATH."""
    import os
    version = 'python%d.%d' % sys.version_info[:2]
    for name in (version, 'python3'):
        path = os.path.join(sys.base_exec_prefix, 'bin', name)
        if os.path.exists(path):
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


_PYTHON_NAMES = ('python', 'python3', 'python%d.%d' % sys.version_info[:2])
_SHELL_SYNTAX = set('|&;<>()$`*?[]{}~\n')


def _is_python(program):
    """Whether PROGRAM (argv[0] of a command) is this Python: python3, python3.11, sys.executable."""
    import os
    program = os.fsdecode(program)
    if os.path.basename(program) in _PYTHON_NAMES:
        return True
    try:
        return os.path.realpath(program) == os.path.realpath(sys.executable)
    except (OSError, ValueError):
        return False


def _what_runs(argv):
    """A process's name for a python3 command line: "python3 worker.py", "python3 -c", ..."""
    import os
    for i, arg in enumerate(argv[1:], 1):
        arg = os.fsdecode(arg)
        if arg in ('-c', '-m') or arg.startswith(('-c', '-m')) and len(arg) > 2:
            if arg.startswith('-m'):
                module = arg[2:] or (os.fsdecode(argv[i + 1]) if i + 1 < len(argv) else '')
                return 'python3 -m ' + module
            return 'python3 -c'
        if not arg.startswith('-'):
            return 'python3 ' + os.path.basename(arg)
    return 'python3'


def follow_children(child_command):
    """Every fresh interpreter the program starts runs as curtain-runner's child mode, which joins
    the run's recording and then behaves as python3 with the same command line:
    CHILD_COMMAND(how, name) gives what goes in front of it (None while nothing is recorded).
    multiprocessing's spawn and forkserver start their interpreters through
    util.spawnv_passfds; subprocess through Popen. Anything that is not this Python runs as it
    is."""
    import multiprocessing.util as mp_util
    import os
    import shlex
    import subprocess

    spawnv_passfds = mp_util.spawnv_passfds

    def traced_spawnv_passfds(path, args, passfds):
        args = list(args)
        command = args[args.index('-c') + 1] if '-c' in args[:-1] else ''
        if 'forkserver' in command:
            how, name = 'forkserver', 'fork server'
        elif 'resource_tracker' in command:
            how, name = 'spawn', 'resource tracker'
        else:
            how, name = 'spawn', 'spawned process'
        prefix = child_command(how, name) if args and _is_python(path) else None
        if prefix:  # the executable as multiprocessing gives it: bytes
            return spawnv_passfds(os.fsencode(prefix[0]), prefix + args, passfds)
        return spawnv_passfds(path, args, passfds)

    mp_util.spawnv_passfds = traced_spawnv_passfds

    popen_init = subprocess.Popen.__init__

    def traced_init(self, args, *rest, **kwargs):
        shell = kwargs.get('shell', False)
        if rest or kwargs.get('executable') is not None:
            return popen_init(self, args, *rest, **kwargs)  # as given: too unusual to rewrite
        if shell:
            if not isinstance(args, str) or _SHELL_SYNTAX & set(args):
                return popen_init(self, args, *rest, **kwargs)
            argv = shlex.split(args)
        elif isinstance(args, (str, bytes, os.PathLike)):
            argv = [args]
        else:
            argv = list(args)
        prefix = child_command('subprocess', _what_runs(argv)) if argv and _is_python(argv[0]) else None
        if prefix:
            argv = prefix + [os.fsdecode(a) for a in argv]
            args = shlex.join(argv) if shell else argv
        return popen_init(self, args, *rest, **kwargs)

    traced_init.__wrapped__ = popen_init
    subprocess.Popen.__init__ = traced_init


def end_of_run():
    """What python3 does after the main module: wait for non-daemon threads, run atexit."""
    threading._shutdown()
    atexit._run_exitfuncs()
