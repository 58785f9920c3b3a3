// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// The class tracer's state, shared by its parts (session, steps, the class-protocol mirror):
// one run at a time, in the run's own process.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

#include "classchanges.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace PyRunner {

/** Limits for one traced run, all enforced inside the child process. */
struct TraceLimits
{
    int maxSteps = 20000;  // the trace stops after this many steps
    int keepSteps = 20000; // steps kept in full; the rest are counted (bounded memory)
    qint64 timeoutMs = 3000;
    qint64 maxOutputChars = qint64(64) * 1024;
    int memoryMb = 512;
    bool threads = false;        // record threads and the GIL instead of classes
    double switchIntervalMs = 0; // threads: sys.setswitchinterval before the program (0: leave)
    qint64 maxChanges = 500000;  // threads: state changes kept
};

/** A class body being executed: its namespace and what has been seen bound in it so far. */
struct Body
{
    PyObject *code = nullptr;       // borrowed: the function being called holds it
    PyObject *ns = nullptr;         // borrowed: __build_class__ holds it
    PyFrameObject *frame = nullptr; // identity only
    PyObject *bytecode = nullptr;   // strong: the body's co_code, to see STORE_NAME coming
    QString qualname;
    bool dynamic = false; // made at run time (exec, compile): its lines are not the file's
    int classLine = 0;    // the class statement's line (a decorated body starts above it)
    int lastLine = 0;
    int pendingOp = 0; // a STORE_NAME / DELETE_NAME about to run, with its name index
    int pendingName = -1;
    PyObject *mappingKey = nullptr;   // strong: what a non-dict namespace's __setitem__ got
    PyObject *mappingValue = nullptr; // strong
    std::vector<std::pair<PyObject *, PyObject *>> seen; // strong refs
    Py_ssize_t annotations = -1; // names in its __annotations__ already announced (-1: none yet)
    // Names Python itself stored once already (__module__, __qualname__, a docstring's __doc__):
    // the body storing one again is the learner's own line.
    QStringList storedByPython = {};
};

/** A class statement that has returned its class; its name is bound at the frame's next line. */
struct PendingBind
{
    PyFrameObject *frame = nullptr; // identity only
    QString name;
    QString qualname;
    int line = 0;
    QStringList decorators;    // as written, outermost first
    int applied = 0;           // how many have been seen running
    PyObject *value = nullptr; // strong: the class, then what each decorator returned
    bool raised = false;       // a decorator raised: the statement fails, nothing is bound
    bool replaced = false;     // a decorator returned something else than what it was given
    // The metaclass returned another class than the first one built under the statement's
    // name (a function metaclass that called type() twice): that first class's name.
    QString firstClass = {};
    bool existing = false; // the metaclass returned a class made before the statement (int)
};

/** A decorator being applied: its frame, and which bind it works on. */
struct DecoratorCall
{
    PyFrameObject *frame = nullptr;
    QString qualname; // of the class statement
    int step = -1;    // its decorator step, to say what it did
    Snapshot before;  // the class it received, as it was
};

/**
 * A Python function taking part in making a learner's class, watched from its call to its
 * return: a metaclass's __new__ or __init__ in the chain, __init_subclass__, __set_name__.
 * Its step learns what it returned or raised and what it changed on the class.
 */
struct HookCall
{
    PyFrameObject *frame = nullptr;
    int step = -1;
    PyObject *cls = nullptr;  // borrowed: the class it works on, when known at the call
    QString by;               // "ABCMeta.__new__"
    Snapshot given;           // a chain __new__: the namespace it was given
    bool givenRead = true;    // ... when it could be read (a dict): else no difference is said
    QJsonObject changes = {}; // what it changed on the class before it called the next in a chain
    bool init = false;        // a metaclass's __init__ (what it returns is None, and not said)
    QString making = {};      // a metaclass __new__: the name of the class it is making
};

/** A metaclass's __init__ that type.__call__ is running on a learner class: its first Python
 *  frame is that step's; one it calls up the MRO (super().__init__) gets a step of its own. */
struct MetaInitCall
{
    PyObject *cls = nullptr; // borrowed: alive while type.__call__ runs
    QString name;
    int step = -1;
    bool entered = false;
};

/** An instance's __new__ or __init__ that type.__call__ is running for a learner class: the
 *  Python frames of its chain. The first is the step type.__call__ announced; one it calls up
 *  the MRO (super().__init__(), Base.__init__(self)) is a step of its own. */
struct InstanceWork
{
    PyObject *target = nullptr; // borrowed: the class asked for (__new__), the instance (__init__)
    bool init = false;
    QString name;                    // the class's name in the steps
    PyFrameObject *caller = nullptr; // identity only: the Python frame that called the class
    struct Link
    {
        PyFrameObject *frame = nullptr;
        QString function;
        int step = -1; // its own step (-1: the one type.__call__ announced)
    };
    std::vector<Link> chain;
    bool started = false; // the first __new__ or __init__ written in Python began to run
};

/** What the tracer knows of a learner class being made: its contents as each part left it. */
struct ClassRecord
{
    Snapshot product; // what type.__new__ made, before any hook ran inside it
    bool hasProduct = false;
    Snapshot current;
    QJsonArray changes; // [{by, added, removed, replaced}], in the order they happened
};

/** A metaclass's own __call__ running for one of the learner's classes. */
struct MetaCall
{
    PyFrameObject *frame = nullptr;
    PyObject *cls = nullptr; // borrowed: the learner's class (alive: its __call__ is running)
    QString name;
    QString function;
    int line = 0;
    bool reachedTypeCall = false;
    QString newRan;       // a __new__ the metaclass's __call__ called itself (Enum.__new__)
    bool chained = false; // called by another metaclass's __call__ through super()
    QString initRan = {}; // an __init__ it called itself on an instance of the class
    int typeCalls = 0;    // times type.__call__ returned an instance for it
    // The last instance type.__call__ made for it: a weak reference where its type allows one,
    // else the address alone (compared only while the call that made it is still running).
    PyObject *madeRef = nullptr;
    const void *madeAddress = nullptr;
    // The learner's instances allocated from here on are numbered after this one: what it
    // returns was made during the call, or before it.
    std::uint64_t allocationsBefore = 0;
    // Instance calls of learner classes begun before it: more when it called classes inside.
    std::uint64_t instanceCallsBefore = 0;
};

/** A learner-defined __setattr__ running on an instance of a learner class. */
struct SetAttribute
{
    PyFrameObject *frame = nullptr;
    int step = -1; // the set_attribute step to complete
    QString error; // the exception raised in it, if any
};

/** What one thread of the learner's program is in the middle of. */
struct ThreadTrace
{
    int suspended = 0;
    std::vector<Body> bodies;
    std::vector<PendingBind> binds;
    std::vector<DecoratorCall> decoratorCalls;
    std::vector<MetaCall> metaCalls;
    std::vector<SetAttribute> setAttributes;
    int typeNewDepth = 0;
    std::vector<QString> typeNewNames; // classes type.__new__ is building, innermost last
    int learnerCreationDepth = 0;
    bool buildClassCallsMeta = false;
    int functionMetaclassDepth = 0; // inside a metaclass that is a plain function
    // Each plain-function metaclass at work, innermost last: its name and the namespace the
    // class body filled and handed to it (what it hands type() on may differ).
    struct FunctionMetaclass
    {
        QString name;
        Snapshot given;
        const PyObject *ns = nullptr; // the body's namespace (compared, never dereferenced)
        int classesBuilt = 0;         // classes its type() calls have returned so far
    };
    std::vector<FunctionMetaclass> functionMetaclassGiven;
    std::vector<std::pair<QString, QString>> building; // class statements at work: name, qualname
    // Learner classes being made (the metaclass call), innermost last.
    std::vector<QString> creating;
    // The keywords each type.__new__ under way was given (what __init_subclass__ receives).
    std::vector<QJsonObject> typeNewKeywords;
    // Python functions in a class's making, innermost last.
    std::vector<HookCall> hooks;
    // Metaclass __init__ calls type.__call__ is running, innermost last.
    std::vector<MetaInitCall> metaInits;
    // Instance __new__ and __init__ calls type.__call__ is running, innermost last.
    std::vector<InstanceWork> instanceWork;
    // The exception last seen passing through a watched function's frame (identity only).
    std::pair<PyFrameObject *, QJsonObject> raised;
    // Classes a library made for itself while a learner class was being made: by library.
    std::vector<std::pair<QString, QStringList>> folded;
};

struct TraceState
{
    // Set up once, before any fork.
    PyObject *bootstrap = nullptr;    // the private namespace of bootstrap.py
    PyObject *stdoutWriter = nullptr; // the run's own sys.stdout and sys.stderr (ours, not learner
    PyObject *stderrWriter = nullptr; // code): how much each holds at a step
    PyObject *originalBuildClass = nullptr;
    ternaryfunc originalTypeCall = nullptr;
    newfunc originalTypeNew = nullptr;
    PyObject *threadHook = nullptr; // threading.settrace's hook: our tracer in every thread
    int storeName = 90, deleteName = 91, extendedArg = 144; // from the opcode module

    // One run.
    bool active = false;
    PyObject *filename = nullptr;
    std::unordered_set<PyObject *> learnerCodes; // every code object of the learner's file
    TraceLimits limits;
    QJsonArray steps;
    qint64 stepCount = 0; // every step, kept or not
    bool stopRequested = false;
    QString stopType;
    QString stopMessage;
    int stopLine = 0;
    qint64 deadlineNs = 0;
    unsigned events = 0;
    std::unordered_map<PyThreadState *, ThreadTrace> threads;
    // The learner's classes, held by weak references: the tracer must not keep a class alive
    // that CPython would free (weakref callbacks, __subclasses__). Gone, a class leaves the map,
    // so a new object at the same address is never taken for it.
    struct Known
    {
        PyObject *weakref = nullptr; // strong ref to the weakref object
        bool announced = false;      // its class_created is out
        int createdStep = -1;        // ... as this step (-1: not kept, or not out)
    };
    std::unordered_map<PyObject *, Known> learnerClasses;
    std::unordered_map<PyObject *, PyObject *> byWeakref; // weakref -> class
    PyObject *decorators = nullptr;                       // {line: [text, ...]}
    // Learner classes from their making until their name is bound: what changed them.
    std::unordered_map<PyObject *, ClassRecord> records;
    // Instances a traced __new__ made (identity only): one returned again while something else
    // still holds it (a cache, a singleton) was not made by that call.
    std::unordered_set<const PyObject *> instancesMade;
    // Instances a traced __init__ ran on (whether it finished or raised): one handed back again
    // has its __init__ run again; one taken from a pool filled with object.__new__ has it run
    // for the first time.
    std::unordered_set<const PyObject *> instancesInitialised;
    // The learner's instances allocated while a traced instance call is under way, each with its
    // number: an instance __new__ hands back that was allocated before its call began (taken
    // from a pool, a cache, a registry) was not made by that call.
    std::unordered_map<const PyObject *, std::uint64_t> allocated;
    // Weak references to those whose class allows them, with their numbers: an instance a
    // __new__ made before it raised is found through them, if it still lives.
    std::vector<std::pair<std::uint64_t, PyObject *>> allocatedRefs;
    std::uint64_t allocations = 0;   // the last number handed out
    int watching = 0;                // traced instance calls under way, in every thread
    std::uint64_t instanceCalls = 0; // traced instance calls begun, in every thread
};

/** The one state of the run in this process. */
extern TraceState g;

/** What the calling thread of the program is in the middle of. */
ThreadTrace &here();

/** Work the tracer does that may run Python (formatting a traceback): never traced. */
struct Suspend
{
    Suspend()
        : m_thread(here())
    {
        ++m_thread.suspended;
    }
    ~Suspend() { --m_thread.suspended; }
    Suspend(const Suspend &) = delete;
    Suspend &operator=(const Suspend &) = delete;

private:
    ThreadTrace &m_thread;
};

} // namespace PyRunner
