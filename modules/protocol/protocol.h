// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The one owner of curtain-runner's protocol: the runner, its client and every module that reads
// its answers take modes, step kinds, lane states and message keys from here, never as literals.
// The runner includes this header after Python.h, so it needs nothing beyond QtCore.

#include <QAnyStringView>
#include <QString>
#include <QStringList>
#include <QtEndian>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace Protocol {

/** What a run records: how classes and instances are built, or threads and the GIL. */
enum class Mode : std::uint8_t { Classes, Threads };

/** Every kind of step the class tracer reports (a step's "kind" in the runner's answer). */
enum class StepKind : std::uint8_t {
    ClassStatement,       // a class statement starts
    ResolveBases,         // __mro_entries__ replaced some bases
    DetermineMetaclass,   // the most derived metaclass is chosen
    PrepareNamespace,     // __prepare__ is called (or not) for the namespace
    NamespacePrepared,    // what __prepare__ put in the namespace
    NamespaceSet,         // the body bound a name in the namespace
    NamespaceDel,         // the body deleted a name from the namespace
    CallMetaclass,        // the metaclass is called with name, bases, namespace
    MetaNew,              // a metaclass's __new__ runs
    MetaInit,             // a metaclass's __init__ runs
    MetaInitSkipped,      // __new__ returned something else: __init__ is not called
    SetName,              // __set_name__ on a descriptor
    InitSubclass,         // the parent's __init_subclass__
    ClassCreated,         // a class object exists
    Decorator,            // a class decorator was applied
    BindName,             // the class statement bound its name
    ClassStatementResult, // what the class statement produced when it is not a class
    InstanceCall,         // a class is called to make an instance
    InstanceNew,          // __new__ makes the instance
    InstanceInit,         // __init__ initialises it
    InstanceInitSkipped,  // __new__ returned another type: __init__ is not called
    InstanceReturned,     // the call returned
    SetAttribute,         // a learner's __setattr__ ran
    LibraryClasses,       // classes a library made for itself while a learner class was made
    Forked,               // os.fork() made a child process (what it did: detail "child")
    ProcessLimit,         // the run's process cap refused forks
    Error,                // the program stopped: an exception, a limit, a crash
};

/** What a lane (a thread, a task, a worker) is doing in a threads run or a Scheduler Lab run. */
enum class LaneState : std::uint8_t {
    Idle,        // nothing to do, or waiting for a message
    Running,     // computing (holding the GIL, under a GIL)
    WaitingGil,  // ready to run, waiting for the global interpreter lock
    WaitingLock, // waiting for a lock another lane holds
    BlockedIo,   // inside a blocking call (I/O, sleep) that let the GIL go
    Spawning,    // a worker process starting up
    Encoding,    // turning a task or result into bytes (pickling)
    Decoding,    // turning bytes back into a task or result (unpickling)
    Ready,       // a coroutine that could run, waiting for the event loop
    Done,        // finished
    // Python programs only (after Done: the C++ models' wire format ends there).
    Preempted,  // holds its process's GIL, but the kernel gave its core to another thread
    CpuNoGil,   // on a CPU without the GIL: C code that let it go, or the kernel handing it over
    WaitingCpu, // without the GIL in C code that let it go, runnable, but its core given away
    Stalled,    // holds its process's GIL, off a CPU and not on a run queue: the kernel makes it
                // wait (a page fault while another thread changes the memory map)
};

/** How a process of a threads run came to be (a recorded process's "how"). */
enum class ProcessStart : std::uint8_t {
    Program,    // the learner's program itself
    Fork,       // os.fork(), multiprocessing's fork start method
    Spawn,      // multiprocessing's spawn start method: a fresh interpreter
    Forkserver, // multiprocessing's fork server, or a process it forked
    Subprocess, // a python3 program started with subprocess
};

namespace Detail {

inline constexpr std::array<const char *, 2> ModeIds{"classes", "threads"};

inline constexpr std::array<const char *, std::size_t(StepKind::Error) + 1> StepKindIds{
    "class_statement",
    "resolve_bases",
    "determine_metaclass",
    "prepare_namespace",
    "namespace_prepared",
    "namespace_set",
    "namespace_del",
    "call_metaclass",
    "meta_new",
    "meta_init",
    "meta_init_skipped",
    "set_name",
    "init_subclass",
    "class_created",
    "decorator",
    "bind_name",
    "class_statement_result",
    "instance_call",
    "instance_new",
    "instance_init",
    "instance_init_skipped",
    "instance_returned",
    "set_attribute",
    "library_classes",
    "forked",
    "process_limit",
    "error",
};

inline constexpr std::array<const char *, std::size_t(LaneState::Stalled) + 1> LaneStateIds{
    "idle",
    "running",
    "waiting_gil",
    "waiting_lock",
    "blocked_io",
    "spawning",
    "encoding",
    "decoding",
    "ready",
    "done",
    "preempted",
    "cpu_without_gil",
    "waiting_cpu",
    "stalled",
};

inline constexpr std::array<const char *, std::size_t(ProcessStart::Subprocess) + 1>
    ProcessStartIds{"program", "fork", "spawn", "forkserver", "subprocess"};

/** Whether every entry of IDS is given: an array longer than its list holds nulls, which no
 *  constant expression may read, so a missing entry stops the build. (No comparison with
 *  nullptr: under -fsanitize=address GCC does not hold a global's address constant.) */
template<std::size_t N>
constexpr bool allNamed(const std::array<const char *, N> &ids)
{
    for (const char *id : ids) {
        if (id[0] == '\0')
            return false;
    }
    return true;
}

template<std::size_t N>
constexpr const char *idOf(const std::array<const char *, N> &ids, std::size_t value)
{
    return value < N ? ids[value] : "unknown"; // only a value cast from a bad number
}

template<typename Enum, std::size_t N>
std::optional<Enum> fromId(const std::array<const char *, N> &ids, QAnyStringView id)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (id == QLatin1String(ids[i]))
            return Enum(i);
    }
    return std::nullopt;
}

static_assert(allNamed(ModeIds) && allNamed(StepKindIds) && allNamed(LaneStateIds)
              && allNamed(ProcessStartIds));

} // namespace Detail

/** The id of MODE in a request ("threads"). */
constexpr const char *modeId(Mode mode)
{
    return Detail::idOf(Detail::ModeIds, std::size_t(mode));
}
/** The id of KIND in an answer ("class_created"). */
constexpr const char *stepKindId(StepKind kind)
{
    return Detail::idOf(Detail::StepKindIds, std::size_t(kind));
}
/** The id of STATE in an answer and in saved runs ("waiting_gil"). */
constexpr const char *laneStateId(LaneState state)
{
    return Detail::idOf(Detail::LaneStateIds, std::size_t(state));
}

/** The id of HOW in a recording ("spawn"). */
constexpr const char *processStartId(ProcessStart how)
{
    return Detail::idOf(Detail::ProcessStartIds, std::size_t(how));
}

inline std::optional<Mode> modeFromId(QAnyStringView id)
{
    return Detail::fromId<Mode>(Detail::ModeIds, id);
}
inline std::optional<StepKind> stepKindFromId(QAnyStringView id)
{
    return Detail::fromId<StepKind>(Detail::StepKindIds, id);
}
inline std::optional<LaneState> laneStateFromId(QAnyStringView id)
{
    return Detail::fromId<LaneState>(Detail::LaneStateIds, id);
}
inline std::optional<ProcessStart> processStartFromId(QAnyStringView id)
{
    return Detail::fromId<ProcessStart>(Detail::ProcessStartIds, id);
}

inline constexpr int StepKindCount = int(Detail::StepKindIds.size());

/** Every step kind's id, sorted (what a deck's "start:" may name). */
inline QStringList stepKindIdList()
{
    QStringList ids;
    for (const char *id : Detail::StepKindIds)
        ids.append(QLatin1String(id));
    ids.sort();
    return ids;
}
inline constexpr int LaneStateCount = int(Detail::LaneStateIds.size());
inline constexpr int ProcessStartCount = int(Detail::ProcessStartIds.size());

/** NAME (one of Key's) as a QString, for a QJsonObject. */
inline QString key(const char *name)
{
    return QString::fromLatin1(name);
}

/** The keys of the runner's messages (JSON lines on its stdin and stdout). */
namespace Key {
// The runner's first line: {"ready": true, "python": "3.11.2"}.
inline constexpr char Ready[] = "ready";
inline constexpr char Python[] = "python";
// A request.
inline constexpr char Id[] = "id";
inline constexpr char Mode[] = "mode";
inline constexpr char SourceBase64[] = "source_base64";
inline constexpr char Filename[] = "filename";
inline constexpr char TimeoutMs[] = "timeout_ms";
inline constexpr char MaxSteps[] = "max_steps";
inline constexpr char KeepSteps[] = "keep_steps";
inline constexpr char MaxOutput[] = "max_output";
inline constexpr char MemoryMb[] = "memory_mb";
inline constexpr char SwitchIntervalMs[] = "switch_interval_ms";
inline constexpr char MaxChanges[] = "max_changes";
inline constexpr char Env[] = "env";
// An answer.
inline constexpr char Steps[] = "steps";
inline constexpr char Stdout[] = "stdout";
inline constexpr char Stderr[] = "stderr";
inline constexpr char StdoutTruncated[] = "stdout_truncated";
inline constexpr char StderrTruncated[] = "stderr_truncated";
inline constexpr char StepsOmitted[] = "steps_omitted";
inline constexpr char Error[] = "error";
inline constexpr char Threads[] = "threads";
inline constexpr char Fatal[] = "fatal";
// A step.
inline constexpr char Index[] = "index";
inline constexpr char Kind[] = "kind";
inline constexpr char Class[] = "class";
inline constexpr char Line[] = "line";
inline constexpr char Detail[] = "detail";
inline constexpr char StdoutChars[] = "stdout_chars";
inline constexpr char StderrChars[] = "stderr_chars";
// An error: {type, message, line, traceback[, offset]}.
inline constexpr char Type[] = "type";
inline constexpr char Message[] = "message";
inline constexpr char Traceback[] = "traceback";
inline constexpr char Offset[] = "offset"; // a SyntaxError's column
} // namespace Key

/**
 * The vocabulary of a class step's "detail": every key the runner may write, the one list the
 * runner's tests hold its steps to (a key not listed here is a test failure, not a surprise
 * for Class Forge). What each means, by the kinds that carry it:
 *   name, value, implicit, rebound, same_value, annotated, annotation: a name in a namespace;
 *   bases, base_mros, keywords, dynamic: a class statement; original, resolved: __mro_entries__;
 *   metaclass, reason, makes_classes, explicit, inside_function_metaclass: the metaclass;
 *   function, runs, called, called_by, yours, function_line, seen_running: the code that runs;
 *   namespace_type, readable, prepared: __prepare__'s namespace; descriptor: __set_name__'s;
 *   returned, returned_type, expected, made, made_by (the __new__ written in C that made the
 *   instance a __new__ written in Python returned), other (the object a __new__ or __init__ was
 *   called on by hand, not the one being made), started (whether a failed __init__'s own
 *   code ever ran), is_instance, new_ran, raised, raised_inside,
 *   refused, error: how a call ended (raised is {type, message, line}; raised_inside names the
 *   hook whose failure made type.__new__ fail); after_body: a name Python stores after the body;
 *   changes ({by, added, removed, replaced}, each [{name, value, was}]), namespace_changes (what
 *   a metaclass __new__ did to the namespace before handing it on), attributes,
 *   attribute_values, mro, bound: what a class holds; first_class: the first class built under
 *   a class statement's name when its metaclass returned another one, whose name is bound
 *   (on a direct type() call: the class of that name a statement made and still decorates);
 *   returned_changes: how another class a decorator returned differs from the one it received;
 *   class_cell: the class statement failed because the class was not given the body's
 *   __classcell__ (or another class's); namespace_given: [{name, value}] of the dict handed to
 *   a direct type() call; inherited: what another class a decorator returned does not hold
 *   itself but inherits from the one it received;
 * lineage: {class: {metaclass, bases, is_metaclass}} for the classes it stands on; count,
 * libraries: a library's own classes; type, message, line, traceback, offset, limit: how a run
 * ended.
 */
inline constexpr std::array<const char *, 87> StepDetailKeys{"name",
                                                             "value",
                                                             "implicit",
                                                             "rebound",
                                                             "same_value",
                                                             "annotated",
                                                             "annotation",
                                                             "bases",
                                                             "base_mros",
                                                             "keywords",
                                                             "dynamic",
                                                             "original",
                                                             "resolved",
                                                             "metaclass",
                                                             "reason",
                                                             "makes_classes",
                                                             "explicit",
                                                             "inside_function_metaclass",
                                                             "function",
                                                             "runs",
                                                             "called",
                                                             "called_by",
                                                             "yours",
                                                             "function_line",
                                                             "seen_running",
                                                             "namespace_type",
                                                             "readable",
                                                             "prepared",
                                                             "descriptor",
                                                             "returned",
                                                             "returned_type",
                                                             "made",
                                                             "is_instance",
                                                             "raised",
                                                             "refused",
                                                             "error",
                                                             "changes",
                                                             "attributes",
                                                             "attribute_values",
                                                             "mro",
                                                             "bound",
                                                             "count",
                                                             "libraries",
                                                             "type",
                                                             "message",
                                                             "line",
                                                             "traceback",
                                                             "offset",
                                                             "limit",
                                                             "namespace_changes",
                                                             "new_ran",
                                                             "expected",
                                                             "after_body",
                                                             "raised_inside",
                                                             "lineage",
                                                             "returned_other",
                                                             "existing",
                                                             "made_type",
                                                             "filled_as",
                                                             "again",
                                                             "next",
                                                             "replaced",
                                                             "escaped",
                                                             "continues",
                                                             "continued_at",
                                                             "received",
                                                             "pid",
                                                             "child",
                                                             "called_with",
                                                             "handed_to",
                                                             "built",
                                                             "returned_existing",
                                                             "set_in_new",
                                                             "init_ran",
                                                             "reached_type_call",
                                                             "type_calls",
                                                             "returned_made",
                                                             "made_here",
                                                             "called_classes",
                                                             "made_by",
                                                             "other",
                                                             "started",
                                                             "first_class",
                                                             "returned_changes",
                                                             "class_cell",
                                                             "namespace_given",
                                                             "inherited"};
static_assert(Detail::allNamed(StepDetailKeys), "StepDetailKeys: an entry is missing");

/** The keys of a threads run's recording (the answer's "threads"), writer and reader alike. */
namespace ThreadsKey {
inline constexpr char Lanes[] = "lanes"; // [{name, ident, tid, cpu_ns, user_ns, task, thread,
                                         //   process, pid}]
// [[ns since start, lane, state, call, core, thread CPU ns, run-queue ns]]: the last two are the
// kernel's per-thread scheduler statistics at that instant, -1 when not sampled there.
inline constexpr char Changes[] = "changes";
// The same changes packed (how the runner answers: a long run's million changes as arrays would
// not fit its memory limit): base64 of PackedChange::Size-byte records, see PackedChange.
inline constexpr char ChangesPacked[] = "changes_packed";
inline constexpr char Calls[] = "calls"; // C functions' names, indexed by a change's call
inline constexpr char Events[] = "events";
inline constexpr char Capped[] = "capped";
inline constexpr char MaxChanges[] = "max_changes";
inline constexpr char Processes[] = "processes"; // [{name, pid, parent, how, start_ns}]
inline constexpr char Notes[] = "notes";
inline constexpr char StartNs[] = "start_ns";
inline constexpr char DurationNs[] = "duration_ns";
inline constexpr char Error[] = "error";
// A lane (a thread, or an asyncio task or greenlet on a thread's lane).
inline constexpr char Name[] = "name";
inline constexpr char Ident[] = "ident";
inline constexpr char Tid[] = "tid"; // the kernel's thread id
inline constexpr char CpuNs[] = "cpu_ns";
inline constexpr char UserNs[] = "user_ns";
inline constexpr char Task[] = "task";     // a task or greenlet, not a thread
inline constexpr char Thread[] = "thread"; // a task's thread's lane (-1: a thread)
inline constexpr char Process[] = "process";
inline constexpr char Pid[] = "pid";
// A process.
inline constexpr char Parent[] = "parent"; // the process that started it (-1: none)
inline constexpr char How[] = "how";       // a ProcessStart id
inline constexpr char ProcessStartNs[] = "start_ns";

/** The keys by the object they are in (tst_protocol holds each list's keys distinct). */
inline constexpr std::array<const char *, 12> RecordingKeys{Lanes,
                                                            Changes,
                                                            ChangesPacked,
                                                            Calls,
                                                            Events,
                                                            Capped,
                                                            MaxChanges,
                                                            Processes,
                                                            Notes,
                                                            StartNs,
                                                            DurationNs,
                                                            Error};
inline constexpr std::array<const char *, 9> LaneKeys{
    Name, Ident, Tid, CpuNs, UserNs, Task, Thread, Process, Pid};
inline constexpr std::array<const char *, 5> ProcessKeys{Name, Pid, Parent, How, ProcessStartNs};
static_assert(Detail::allNamed(RecordingKeys) && Detail::allNamed(LaneKeys)
              && Detail::allNamed(ProcessKeys));

} // namespace ThreadsKey

/**
 * One change of "changes_packed", little-endian: ns since the start (8 bytes), the thread's CPU
 * ns and run-queue ns (8 each, -1: not sampled), its lane, call and core (2 each, -1: none) and
 * its LaneState (1), then a zero byte.
 */
struct PackedChange
{
    static constexpr std::size_t Size = 32;

    std::int64_t t = 0;
    std::int64_t cpuNs = -1;
    std::int64_t delayNs = -1;
    std::int16_t lane = 0;
    std::int16_t call = -1;
    std::int16_t core = -1;
    std::uint8_t state = 0;

    void write(char *out) const
    {
        qToLittleEndian(t, out);
        qToLittleEndian(cpuNs, out + 8);
        qToLittleEndian(delayNs, out + 16);
        qToLittleEndian(lane, out + 24);
        qToLittleEndian(call, out + 26);
        qToLittleEndian(core, out + 28);
        out[30] = char(state);
        out[31] = 0;
    }
    static PackedChange read(const char *in)
    {
        PackedChange c;
        c.t = qFromLittleEndian<std::int64_t>(in);
        c.cpuNs = qFromLittleEndian<std::int64_t>(in + 8);
        c.delayNs = qFromLittleEndian<std::int64_t>(in + 16);
        c.lane = qFromLittleEndian<std::int16_t>(in + 24);
        c.call = qFromLittleEndian<std::int16_t>(in + 26);
        c.core = qFromLittleEndian<std::int16_t>(in + 28);
        c.state = std::uint8_t(in[30]);
        return c;
    }
};

/** The error types the runner and its client report besides Python's own exceptions. */
namespace ErrorType {
inline constexpr char Timeout[] = "Timeout";
inline constexpr char StepLimit[] = "StepLimit";
inline constexpr char MemoryLimit[] = "MemoryLimit"; // the steps kept outgrew the run's memory
inline constexpr char RunnerCrashed[] = "RunnerCrashed";
inline constexpr char RunnerMissing[] = "RunnerMissing";
inline constexpr char ProcessLimit[] = "ProcessLimit";
// The program ended its process at once with os._exit(N) (the message is N): not a crash.
inline constexpr char ProcessExit[] = "ProcessExit";
} // namespace ErrorType

} // namespace Protocol
