// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tracer.h" // Python.h comes first through it

#include "threadrecorder.h"

#include "bootstrap.h"

#include <monotonicclock.h>
#include <protocol.h>
#include <runrequest.h>

#include <QJsonDocument>
#include <QRegularExpression>

#include <frameobject.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

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
};

/** A decorator being applied: its frame, and which bind it works on. */
struct DecoratorCall
{
    PyFrameObject *frame = nullptr;
    QString qualname; // of the class statement
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
    std::vector<std::pair<QString, QString>> building; // class statements at work: name, qualname
};

struct State
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
    };
    std::unordered_map<PyObject *, Known> learnerClasses;
    std::unordered_map<PyObject *, PyObject *> byWeakref; // weakref -> class
    PyObject *decorators = nullptr;                       // {line: [text, ...]}
};

State g;

ThreadTrace &here()
{
    return g.threads[PyThreadState_Get()];
}

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg);

/** Whether this thread runs under our tracer now: a program may switch tracing off (sys.settrace
 *  (None)) or put its own in. Then nothing is followed: half a class seen is worse than none. */
bool tracedHere()
{
    return PyThreadState_Get()->c_tracefunc == traceFunction;
}

/** A learner's class was freed: forget it. */
PyObject *classFreed(PyObject *, PyObject *weakref)
{
    auto it = g.byWeakref.find(weakref);
    if (it != g.byWeakref.end()) {
        auto known = g.learnerClasses.find(it->second);
        if (known != g.learnerClasses.end()) {
            g.learnerClasses.erase(known);
            Py_DECREF(weakref); // the map's reference
        }
        g.byWeakref.erase(it);
    }
    Py_RETURN_NONE;
}

PyMethodDef classFreedDef = {"curtain_class_freed", classFreed, METH_O, nullptr};
PyObject *classFreedCallback = nullptr;

/** Remembers CLS as the learner's, weakly. */
void trackClass(PyObject *cls)
{
    if (g.learnerClasses.count(cls))
        return;
    if (!classFreedCallback)
        classFreedCallback = PyCFunction_New(&classFreedDef, nullptr);
    PyObject *weakref = PyWeakref_NewRef(cls, classFreedCallback);
    if (!weakref) {
        PyErr_Clear();
        return;
    }
    g.learnerClasses[cls] = State::Known{weakref, false};
    g.byWeakref[weakref] = cls;
}

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

qint64 nowNs()
{
    return Clock::monotonicNs();
}

/** A str as a QString; anything else as its type's name (never calling the object's __str__). */
QString toQString(PyObject *object)
{
    if (!object)
        return {};
    if (PyUnicode_Check(object)) {
        Py_ssize_t size = 0;
        const char *utf8 = PyUnicode_AsUTF8AndSize(object, &size);
        if (utf8)
            return QString::fromUtf8(utf8, size);
        PyErr_Clear();
        return QStringLiteral("<unprintable>");
    }
    return QStringLiteral("<%1 object>").arg(QString::fromUtf8(Py_TYPE(object)->tp_name));
}

QString qualName(PyTypeObject *type)
{
    // The qualname lives in the heap type itself: reading it runs no Python code.
    if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        auto *heap = reinterpret_cast<PyHeapTypeObject *>(type);
        if (heap->ht_qualname && PyUnicode_Check(heap->ht_qualname))
            return toQString(heap->ht_qualname);
    }
    const char *name = type->tp_name;
    const char *dot = std::strrchr(name, '.');
    return QString::fromUtf8(dot ? dot + 1 : name);
}

/** The name of OBJECT for a message: a class's qualname, else what kind of object it is. */
QString nameOf(PyObject *object)
{
    if (PyType_Check(object))
        return qualName(reinterpret_cast<PyTypeObject *>(object));
    return QStringLiteral("a %1 object").arg(qualName(Py_TYPE(object)));
}

/** "Owner.name" for the class in TYPE's MRO whose own dict defines NAME: what really runs. */
QString resolveMethod(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    if (mro && PyTuple_Check(mro)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); ++i) {
            PyObject *item = PyTuple_GET_ITEM(mro, i);
            if (!PyType_Check(item))
                continue;
            auto *base = reinterpret_cast<PyTypeObject *>(item);
            if (base->tp_dict && PyDict_GetItemString(base->tp_dict, name))
                return qualName(base) + QLatin1Char('.') + QLatin1String(name);
        }
    }
    return QStringLiteral("object.") + QLatin1String(name);
}

QString codeFilename(PyCodeObject *code)
{
    return code ? toQString(code->co_filename) : QString();
}

bool isLearnerCode(PyObject *code)
{
    return code && g.learnerCodes.count(code) > 0;
}

/** The first line of the learner's own function NAME that TYPE's MRO finds, or 0. */
int functionLine(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        PyObject *item = PyTuple_GET_ITEM(mro, i);
        if (!PyType_Check(item) || !reinterpret_cast<PyTypeObject *>(item)->tp_dict)
            continue;
        PyObject *f = PyDict_GetItemString(reinterpret_cast<PyTypeObject *>(item)->tp_dict, name);
        if (!f)
            continue;
        if (PyObject_TypeCheck(f, &PyStaticMethod_Type)
            || PyObject_TypeCheck(f, &PyClassMethod_Type)) {
            PyObject *inner = PyObject_GetAttrString(f, "__func__");
            PyErr_Clear();
            const int line
                = inner && PyFunction_Check(inner) && isLearnerCode(PyFunction_GET_CODE(inner))
                      ? reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(inner))->co_firstlineno
                      : 0;
            Py_XDECREF(inner);
            return line;
        }
        return PyFunction_Check(f) && isLearnerCode(PyFunction_GET_CODE(f))
                   ? reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(f))->co_firstlineno
                   : 0;
    }
    return 0;
}

/** Code made while the program runs (exec, compile, eval): not a library's file, not the
 *  learner's own file's code. Its line numbers count in the string, not in the file. */
bool isDynamicCode(PyObject *object)
{
    auto *code = reinterpret_cast<PyCodeObject *>(object);
    if (!code || isLearnerCode(object))
        return false;
    const QString file = codeFilename(code);
    if (file.startsWith(QLatin1String("<frozen")))
        return false;
    return file.startsWith(QLatin1Char('<')) || file == toQString(g.filename);
}

/** The line the learner's program is at, from FRAME outwards: the innermost frame running the
 *  learner's file. */
int learnerLineFrom(PyFrameObject *start)
{
    PyFrameObject *frame = start;
    Py_XINCREF(frame);
    int line = 0;
    while (frame) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code));
        Py_DECREF(code);
        if (mine) {
            line = PyFrame_GetLineNumber(frame);
            Py_DECREF(frame);
            break;
        }
        PyFrameObject *back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return line;
}

int learnerLine()
{
    return learnerLineFrom(PyEval_GetFrame());
}

/**
 * Whether the program is creating something on its own behalf now: one of its frames is on the
 * stack, and no import stands between it and here (the classes of a module it imports are the
 * library's, not the learner's).
 */
bool onLearnersBehalf()
{
    PyFrameObject *frame = PyEval_GetFrame();
    Py_XINCREF(frame);
    bool learner = false;
    while (frame) {
        PyCodeObject *code = PyFrame_GetCode(frame);
        const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code));
        const bool importing
            = !mine && codeFilename(code).startsWith(QLatin1String("<frozen importlib._bootstrap"));
        Py_DECREF(code);
        if (mine || importing) {
            learner = mine;
            Py_DECREF(frame);
            break;
        }
        PyFrameObject *back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return learner;
}

void requestStop(const QString &type, const QString &message)
{
    if (g.stopRequested)
        return;
    g.stopRequested = true;
    g.stopType = type;
    g.stopMessage = message;
    g.stopLine = learnerLine();
}

PyObject *raiseStop()
{
    PyObject *stop = PyDict_GetItemString(g.bootstrap, "TraceStop");
    // Made here, under Suspend: a lazily normalised exception would be made later by calling
    // TraceStop through type's tp_call, which is ours and would raise again.
    Suspend suspend;
    PyObject *message = PyUnicode_FromString(g.stopMessage.toUtf8().constData());
    PyObject *error = PyObject_CallOneArg(stop, message);
    Py_DECREF(message);
    if (error) {
        PyErr_SetObject(stop, error);
        Py_DECREF(error);
    }
    return nullptr;
}

/** Adds a step; returns its index, or -1 when the trace is stopping. */
int addStep(const char *kind, const QString &cls, int line, const QJsonObject &detail)
{
    if (g.stopRequested)
        return -1;
    if (g.stepCount >= g.limits.maxSteps) {
        requestStop(QStringLiteral("StepLimit"),
                    QStringLiteral("more than %1 steps: the trace stops here. Trace a smaller "
                                   "program, or raise the step limit (curtain trace-class "
                                   "--max-steps N).")
                        .arg(g.limits.maxSteps));
        return -1;
    }
    ++g.stepCount;
    if (g.steps.size() >= g.limits.keepSteps)
        return -1; // counted, not kept: the memory for steps stays bounded
    QJsonObject step{{QStringLiteral("index"), int(g.steps.size())},
                     {QStringLiteral("kind"), QLatin1String(kind)},
                     {QStringLiteral("class"), cls},
                     {QStringLiteral("line"), line},
                     {QStringLiteral("detail"), detail}};
    // The output so far: a step shows only what the program had printed by then.
    for (const auto &[writer, key] :
         {std::pair{g.stdoutWriter, "stdout_chars"}, std::pair{g.stderrWriter, "stderr_chars"}}) {
        if (!writer)
            continue;
        PyObject *size = PyObject_GetAttrString(writer, "_size");
        if (size && PyLong_Check(size))
            step.insert(QLatin1String(key), static_cast<qint64>(PyLong_AsLongLong(size)));
        Py_XDECREF(size);
        PyErr_Clear();
    }
    g.steps.append(step);
    return int(g.steps.size()) - 1;
}

/** Adds KEY: VALUE to the detail of step INDEX. */
void amendStep(int index, const QString &key, const QJsonValue &value)
{
    if (index < 0 || index >= g.steps.size())
        return;
    QJsonObject step = g.steps.at(index).toObject();
    QJsonObject detail = step.value(QStringLiteral("detail")).toObject();
    detail.insert(key, value);
    step.insert(QStringLiteral("detail"), detail);
    g.steps[index] = step;
}

QString cut(QString text)
{
    // Addresses change from run to run; a learner needs the kind of object, not where it is.
    static const QRegularExpression address(QStringLiteral(" at 0x[0-9a-fA-F]+"));
    text.remove(address);
    constexpr int limit = 80;
    if (text.size() > limit)
        text = text.left(limit - 1) + QChar(0x2026);
    return text;
}

/**
 * VALUE in a few words, without ever running the learner's code: the repr of built-in values
 * (their repr is CPython's C), and for everything else what kind of object it is. A learner's
 * __repr__ that prints, counts or fails must not change what the program does.
 */
QString safeRepr(PyObject *value, int depth = 0)
{
    if (PyFunction_Check(value)) {
        auto *code = reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(value));
        return QStringLiteral("<function %1>").arg(toQString(code->co_qualname));
    }
    if (PyType_Check(value))
        return QStringLiteral("<class '%1'>")
            .arg(qualName(reinterpret_cast<PyTypeObject *>(value)));
    const bool scalar = value == Py_None || value == Py_Ellipsis || PyBool_Check(value)
                        || PyLong_CheckExact(value) || PyFloat_CheckExact(value)
                        || PyComplex_CheckExact(value) || PyUnicode_CheckExact(value)
                        || PyBytes_CheckExact(value);
    if (scalar) {
        PyObject *repr = PyObject_Repr(value); // C code only: these types are exact
        if (!repr) {
            PyErr_Clear();
            return QStringLiteral("<%1>").arg(qualName(Py_TYPE(value)));
        }
        const QString text = toQString(repr);
        Py_DECREF(repr);
        return cut(text);
    }
    const bool list = PyList_CheckExact(value);
    if ((list || PyTuple_CheckExact(value)) && depth < 2) {
        const Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
        QStringList items;
        for (Py_ssize_t i = 0; i < n && i < 6; ++i)
            items.append(safeRepr(PySequence_Fast_GET_ITEM(value, i), depth + 1));
        if (n > 6)
            items.append(QStringLiteral("…"));
        QString inner = items.join(QStringLiteral(", "));
        if (!list && n == 1)
            inner += QLatin1Char(',');
        return cut(list ? QStringLiteral("[%1]").arg(inner) : QStringLiteral("(%1)").arg(inner));
    }
    if (PyDict_CheckExact(value) && depth < 2) {
        QStringList items;
        PyObject *key = nullptr, *item = nullptr;
        Py_ssize_t position = 0;
        while (PyDict_Next(value, &position, &key, &item) && items.size() < 4)
            items.append(safeRepr(key, depth + 1) + QStringLiteral(": ")
                         + safeRepr(item, depth + 1));
        if (PyDict_GET_SIZE(value) > 4)
            items.append(QStringLiteral("…"));
        return cut(QStringLiteral("{%1}").arg(items.join(QStringLiteral(", "))));
    }
    if (PyObject_TypeCheck(value, &PyClassMethod_Type)
        || PyObject_TypeCheck(value, &PyStaticMethod_Type)
        || PyObject_TypeCheck(value, &PyProperty_Type)) {
        return QStringLiteral("<%1>").arg(qualName(Py_TYPE(value)));
    }
    return QStringLiteral("<%1 object>").arg(qualName(Py_TYPE(value)));
}

bool isImplicitName(const QString &name)
{
    static const QStringList implicit{QStringLiteral("__module__"),
                                      QStringLiteral("__qualname__"),
                                      QStringLiteral("__classcell__"),
                                      QStringLiteral("__doc__"),
                                      QStringLiteral("__annotations__")};
    return implicit.contains(name);
}

/** What NS's storage holds for KEY, if NS is a dict (or a dict subclass): read without running
 *  any of a subclass's methods. */
PyObject *storedValue(PyObject *ns, PyObject *key)
{
    if (!PyDict_Check(ns))
        return nullptr;
    PyObject *value = PyDict_GetItemWithError(ns, key); // the dict's own storage
    if (!value)
        PyErr_Clear();
    return value;
}

std::vector<std::pair<PyObject *, PyObject *>>::iterator seenEntry(Body &body, PyObject *key)
{
    return std::find_if(body.seen.begin(), body.seen.end(), [key](const auto &entry) {
        return entry.first == key
               || (PyUnicode_Check(entry.first) && PyUnicode_Check(key)
                   && PyUnicode_Compare(entry.first, key) == 0);
    });
}

/** The body's pending STORE_NAME or DELETE_NAME has run: say what it did. */
void resolvePending(Body &body, PyCodeObject *code)
{
    const int op = std::exchange(body.pendingOp, 0);
    const int nameIndex = std::exchange(body.pendingName, -1);
    PyObject *names = code->co_names;
    if (!op || !names || nameIndex < 0 || nameIndex >= PyTuple_GET_SIZE(names))
        return;
    PyObject *key = PyTuple_GET_ITEM(names, nameIndex);
    const QString name = toQString(key);
    const int line = body.dynamic ? learnerLine() : body.lastLine;
    auto known = seenEntry(body, key);
    if (op == g.deleteName) {
        addStep("namespace_del", body.qualname, line, {{QStringLiteral("name"), name}});
        if (known != body.seen.end()) {
            Py_DECREF(known->first);
            Py_DECREF(known->second);
            body.seen.erase(known);
        }
        return;
    }
    PyObject *value = storedValue(body.ns, key);
    if (!value && body.mappingKey && PyUnicode_Check(body.mappingKey)
        && PyUnicode_Compare(body.mappingKey, key) == 0)
        value = body.mappingValue; // what the namespace's own __setitem__ received
    if (!value)
        return; // a namespace that kept nothing under the name: nothing to show
    const bool rebound = known != body.seen.end();
    addStep("namespace_set",
            body.qualname,
            line,
            {{QStringLiteral("name"), name},
             {QStringLiteral("value"), safeRepr(value)},
             {QStringLiteral("implicit"), isImplicitName(name)},
             {QStringLiteral("rebound"), rebound},
             {QStringLiteral("same_value"), rebound && known->second == value}});
    Py_INCREF(value);
    if (rebound) {
        Py_DECREF(known->second);
        known->second = value;
    } else {
        Py_INCREF(key);
        body.seen.emplace_back(key, value);
    }
}

/** At an opcode event in the body's frame: remember a STORE_NAME or DELETE_NAME about to run. */
void notePendingOp(Body &body, PyFrameObject *frame)
{
    if (!body.bytecode)
        return;
    const int lasti = PyFrame_GetLasti(frame);
    const Py_ssize_t size = PyBytes_GET_SIZE(body.bytecode);
    const auto *bytes = reinterpret_cast<const unsigned char *>(PyBytes_AS_STRING(body.bytecode));
    if (lasti < 0 || lasti + 1 >= size)
        return;
    const int op = bytes[lasti];
    if (op != g.storeName && op != g.deleteName)
        return;
    int arg = bytes[lasti + 1];
    for (int back = lasti - 2, shift = 8; back >= 0 && bytes[back] == g.extendedArg;
         back -= 2, shift += 8)
        arg |= bytes[back + 1] << shift;
    body.pendingOp = op;
    body.pendingName = arg;
}

/** CLS's own attributes that are not dunders, name to a safe repr, as they are now; their names
 *  in the class's own order go to NAMES when given. */
QJsonObject attributeValues(PyTypeObject *cls, QJsonArray *names = nullptr)
{
    QJsonObject values;
    PyObject *key = nullptr;
    PyObject *value = nullptr;
    Py_ssize_t position = 0;
    while (cls->tp_dict && PyDict_Next(cls->tp_dict, &position, &key, &value)) {
        const QString name = toQString(key);
        if (name.startsWith(QLatin1String("__")) && name.endsWith(QLatin1String("__")))
            continue;
        values.insert(name, safeRepr(value));
        if (names)
            names->append(name);
    }
    return values;
}

void flushBinds(ThreadTrace &thread, PyFrameObject *frame, int line, bool returning)
{
    for (auto it = thread.binds.begin(); it != thread.binds.end();) {
        // Decorator lines sit above the class line; the statement after it sits below.
        if (it->frame == frame && (returning || line > it->line)) {
            // Decorators the tracer could not see run (written in C) still ran: say so.
            for (int i = int(it->decorators.size()) - 1 - it->applied; i >= 0; --i) {
                addStep("decorator",
                        it->qualname,
                        it->line,
                        {{QStringLiteral("function"), it->decorators.at(i)},
                         {QStringLiteral("seen_running"), false}});
            }
            PyObject *value = it->value;
            // Inside another class body the binding is that body's namespace_set: one step.
            const bool inBody
                = std::any_of(thread.bodies.begin(),
                              thread.bodies.end(),
                              [frame = it->frame](const Body &b) { return b.frame == frame; });
            if (inBody) {
                Py_XDECREF(it->value);
                it = thread.binds.erase(it);
                continue;
            }
            const QString kind = !value                    ? QStringLiteral("nothing")
                                 : PyType_Check(value)     ? QStringLiteral("class")
                                 : PyFunction_Check(value) ? QStringLiteral("function")
                                                           : qualName(Py_TYPE(value));
            QJsonObject detail{{QStringLiteral("name"), it->name},
                               {QStringLiteral("bound"), kind},
                               {QStringLiteral("value"), value ? safeRepr(value) : QString()}};
            if (value && PyType_Check(value)) {
                // What the class holds once the metaclass and the decorators are done with it.
                detail.insert(QStringLiteral("attribute_values"),
                              attributeValues(reinterpret_cast<PyTypeObject *>(value)));
            }
            addStep("bind_name", it->qualname, it->line, detail);
            Py_XDECREF(it->value);
            it = thread.binds.erase(it);
        } else {
            ++it;
        }
    }
}

PyObject *frameLocal(PyFrameObject *frame, PyCodeObject *code, int position)
{
    PyObject *names = PyCode_GetVarnames(code);
    PyObject *locals = PyFrame_GetLocals(frame);
    PyObject *value = nullptr;
    if (names && locals && PyDict_Check(locals) && PyTuple_GET_SIZE(names) > position) {
        value = PyDict_GetItemWithError(locals, PyTuple_GET_ITEM(names, position));
        Py_XINCREF(value);
    }
    Py_XDECREF(names);
    Py_XDECREF(locals);
    if (!value)
        PyErr_Clear();
    return value;
}

/** A Python function called while type.__new__ runs: __set_name__ or __init_subclass__. */
void observeCallInsideTypeNew(PyFrameObject *frame, PyCodeObject *code)
{
    const QString name = toQString(code->co_name);
    const QString function = toQString(code->co_qualname);
    if (name == QLatin1String("__set_name__")) {
        PyObject *self = frameLocal(frame, code, 0);
        PyObject *owner = frameLocal(frame, code, 1);
        PyObject *attribute = frameLocal(frame, code, 2);
        const QString cls = owner && PyType_Check(owner)
                                ? qualName(reinterpret_cast<PyTypeObject *>(owner))
                                : QString();
        addStep("set_name",
                cls,
                learnerLine(),
                {{QStringLiteral("name"), toQString(attribute)},
                 {QStringLiteral("descriptor"), self ? qualName(Py_TYPE(self)) : QString()},
                 {QStringLiteral("function"), function},
                 {QStringLiteral("function_line"),
                  isLearnerCode(reinterpret_cast<PyObject *>(code)) ? code->co_firstlineno : 0}});
        Py_XDECREF(self);
        Py_XDECREF(owner);
        Py_XDECREF(attribute);
    } else if (name == QLatin1String("__init_subclass__")) {
        PyObject *cls = frameLocal(frame, code, 0);
        addStep("init_subclass",
                cls && PyType_Check(cls) ? qualName(reinterpret_cast<PyTypeObject *>(cls))
                                         : QString(),
                learnerLine(),
                {{QStringLiteral("function"), function},
                 {QStringLiteral("function_line"),
                  isLearnerCode(reinterpret_cast<PyObject *>(code)) ? code->co_firstlineno : 0}});
        Py_XDECREF(cls);
    }
}

bool isLearnerClass(PyObject *object)
{
    return g.learnerClasses.count(object) > 0;
}

/** The caller's line: the learner's line outside FRAME (which may itself be learner code). */
int callerLine(PyFrameObject *frame)
{
    PyFrameObject *back = PyFrame_GetBack(frame);
    const int line = back ? learnerLineFrom(back) : 0;
    Py_XDECREF(back);
    return line;
}

/** A Python-level call: a decorator at work, a metaclass's __call__, a learner's __setattr__,
 *  a non-dict namespace's __setitem__. */
void observeCall(ThreadTrace &thread, PyFrameObject *frame, PyCodeObject *code)
{
    const QString name = toQString(code->co_name);
    PyFrameObject *back = PyFrame_GetBack(frame);
    // A decorator: called from a class statement's frame, with the class (or what the decorator
    // before it returned), before the name is bound.
    for (PendingBind &bind : thread.binds) {
        if (bind.frame != back || !bind.value || code->co_argcount < 1)
            continue;
        PyObject *first = frameLocal(frame, code, 0);
        if (first == bind.value) {
            const int index = int(bind.decorators.size()) - 1 - bind.applied;
            addStep("decorator",
                    bind.qualname,
                    bind.line,
                    {{QStringLiteral("function"),
                      index >= 0 ? bind.decorators.at(index) : toQString(code->co_qualname)},
                     {QStringLiteral("runs"), toQString(code->co_qualname)},
                     {QStringLiteral("seen_running"), true}});
            ++bind.applied;
            thread.decoratorCalls.push_back({frame, bind.qualname});
        }
        Py_XDECREF(first);
    }
    Py_XDECREF(back);
    if (code->co_argcount < 1)
        return;
    if (name == QLatin1String("__call__")) {
        PyObject *self = frameLocal(frame, code, 0);
        if (self && isLearnerClass(self)
            && !PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(self), &PyType_Type)) {
            const QString cls = qualName(reinterpret_cast<PyTypeObject *>(self));
            const QString function = toQString(code->co_qualname);
            const int line = callerLine(frame);
            addStep("instance_call", cls, line, {{QStringLiteral("function"), function}});
            thread.metaCalls.push_back({frame, self, cls, function, line, false});
        }
        Py_XDECREF(self);
    } else if (name == QLatin1String("__setattr__")
               && isLearnerCode(reinterpret_cast<PyObject *>(code)) && code->co_argcount >= 3) {
        PyObject *self = frameLocal(frame, code, 0);
        PyObject *attribute = frameLocal(frame, code, 1);
        PyObject *value = frameLocal(frame, code, 2);
        if (self && isLearnerClass(reinterpret_cast<PyObject *>(Py_TYPE(self)))) {
            const int step
                = addStep("set_attribute",
                          qualName(Py_TYPE(self)),
                          callerLine(frame),
                          {{QStringLiteral("name"), toQString(attribute)},
                           {QStringLiteral("value"), value ? safeRepr(value) : QString()},
                           {QStringLiteral("function"), toQString(code->co_qualname)}});
            thread.setAttributes.push_back({frame, step, QString()});
        }
        Py_XDECREF(self);
        Py_XDECREF(attribute);
        Py_XDECREF(value);
    } else if (name == QLatin1String("__setitem__") && !thread.bodies.empty()
               && code->co_argcount >= 3) {
        Body &body = thread.bodies.back();
        PyObject *self = frameLocal(frame, code, 0);
        if (self == body.ns && !PyDict_Check(body.ns)) {
            Py_XSETREF(body.mappingKey, frameLocal(frame, code, 1));
            Py_XSETREF(body.mappingValue, frameLocal(frame, code, 2));
        }
        Py_XDECREF(self);
    }
}

/** A Python-level return (ARG is the value, or null when an exception leaves the frame). */
void observeReturn(ThreadTrace &thread, PyFrameObject *frame, PyObject *arg)
{
    if (!thread.decoratorCalls.empty() && thread.decoratorCalls.back().frame == frame) {
        const DecoratorCall call = thread.decoratorCalls.back();
        thread.decoratorCalls.pop_back();
        PyFrameObject *back = PyFrame_GetBack(frame);
        for (PendingBind &bind : thread.binds) {
            if (bind.frame == back && bind.qualname == call.qualname && arg) {
                Py_INCREF(arg);
                Py_XSETREF(bind.value, arg);
            }
        }
        Py_XDECREF(back);
    }
    if (!thread.metaCalls.empty() && thread.metaCalls.back().frame == frame) {
        const MetaCall call = thread.metaCalls.back();
        thread.metaCalls.pop_back();
        if (!call.reachedTypeCall && arg) {
            // The metaclass answered without type.__call__: no __new__, no __init__ ran.
            addStep("instance_returned",
                    call.name,
                    call.line,
                    {{QStringLiteral("function"), call.function},
                     {QStringLiteral("value"), safeRepr(arg)},
                     {QStringLiteral("is_instance"),
                      PyObject_TypeCheck(arg, reinterpret_cast<PyTypeObject *>(call.cls)) != 0}});
        }
    }
    if (!thread.setAttributes.empty() && thread.setAttributes.back().frame == frame) {
        const SetAttribute set = thread.setAttributes.back();
        thread.setAttributes.pop_back();
        amendStep(set.step, QStringLiteral("refused"), arg == nullptr);
        if (!arg)
            amendStep(set.step, QStringLiteral("error"), set.error);
    }
}

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    if (!g.active)
        return 0;
    ThreadTrace &thread = here();
    if (thread.suspended)
        return 0;
    if ((++g.events & 63) == 0 && nowNs() > g.deadlineNs) {
        requestStop(QStringLiteral("Timeout"),
                    QStringLiteral("the program ran longer than %1 s and was stopped: look for a "
                                   "loop that never ends")
                        .arg(double(g.limits.timeoutMs) / 1000.0));
    }
    if (g.stopRequested) {
        // Raise on the next line or call only: raising again while the stop unwinds (return
        // and exception events) would make CPython normalise an exception inside itself.
        if ((what == PyTrace_LINE || what == PyTrace_CALL) && !PyErr_Occurred()) {
            raiseStop();
            return -1;
        }
        return 0;
    }
    PyCodeObject *code = PyFrame_GetCode(frame);
    Body *body = thread.bodies.empty() ? nullptr : &thread.bodies.back();
    if (body && !body->frame && reinterpret_cast<PyObject *>(code) == body->code
        && what == PyTrace_CALL) {
        body->frame = frame;
        // Every instruction of the body is seen: a STORE_NAME of the same value, a del.
        PyObject_SetAttrString(reinterpret_cast<PyObject *>(frame), "f_trace_opcodes", Py_True);
        PyErr_Clear();
    }
    const bool inBody = body && body->frame == frame;
    if (inBody && body->pendingOp && what != PyTrace_CALL)
        resolvePending(*body, code);
    switch (what) {
    case PyTrace_CALL:
        if (thread.typeNewDepth > 0)
            observeCallInsideTypeNew(frame, code);
        observeCall(thread, frame, code);
        break;
    case PyTrace_OPCODE:
        if (inBody)
            notePendingOp(*body, frame);
        break;
    case PyTrace_EXCEPTION:
        // (type, value, traceback): what a learner's __setattr__ raises is its refusal.
        if (!thread.setAttributes.empty() && thread.setAttributes.back().frame == frame && arg
            && PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) > 0
            && PyType_Check(PyTuple_GET_ITEM(arg, 0)))
            thread.setAttributes.back().error
                = qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(arg, 0)));
        break;
    case PyTrace_LINE:
    case PyTrace_RETURN: {
        const int line = PyFrame_GetLineNumber(frame);
        if (inBody)
            body->lastLine = std::max(line, body->classLine);
        if (what == PyTrace_RETURN)
            observeReturn(thread, frame, arg);
        if (!thread.binds.empty())
            flushBinds(thread, frame, line, what == PyTrace_RETURN);
        break;
    }
    default:
        break;
    }
    Py_DECREF(code);
    return 0;
}

/**
 * Puts our C tracer in this thread: threading's hook calls it as a trace function at a new
 * thread's first event, and the program's sys.settrace(None) calls it to undo its own tracer.
 */
PyObject *threadStarted(PyObject *, PyObject *)
{
    PyEval_SetTrace(traceFunction, nullptr);
    Py_RETURN_NONE;
}

PyMethodDef threadHookDef = {"curtain_thread_trace", threadStarted, METH_VARARGS, nullptr};

QJsonObject classCreatedDetail(PyTypeObject *cls)
{
    QJsonArray mro;
    if (cls->tp_mro) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->tp_mro); ++i)
            mro.append(nameOf(PyTuple_GET_ITEM(cls->tp_mro, i)));
    }
    QJsonArray bases;
    if (cls->tp_bases) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->tp_bases); ++i)
            bases.append(nameOf(PyTuple_GET_ITEM(cls->tp_bases, i)));
    }
    QJsonArray attributes;
    const QJsonObject values = attributeValues(cls, &attributes);
    return {{QStringLiteral("mro"), mro},
            {QStringLiteral("bases"), bases},
            {QStringLiteral("metaclass"), qualName(Py_TYPE(cls))},
            {QStringLiteral("attributes"), attributes},
            {QStringLiteral("attribute_values"), values}};
}

/** The qualname the steps use for a class named NAME that a class statement is building now (a
 *  metaclass sees only the bare name). */
QString qualnameFor(const ThreadTrace &thread, const QString &name)
{
    for (auto it = thread.building.rbegin(); it != thread.building.rend(); ++it) {
        if (it->first == name)
            return it->second;
    }
    return name;
}

/** Whether the class in TYPE's MRO that defines NAME is one of the learner's own. */
bool definedByLearner(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        PyObject *item = PyTuple_GET_ITEM(mro, i);
        if (PyType_Check(item) && reinterpret_cast<PyTypeObject *>(item)->tp_dict
            && PyDict_GetItemString(reinterpret_cast<PyTypeObject *>(item)->tp_dict, name))
            return g.learnerClasses.count(item) > 0;
    }
    return false;
}

/** class_created for CLS, once per class object, whoever builds it. */
void announceClass(PyObject *cls, const QString &name, int line)
{
    if (!PyType_Check(cls))
        return;
    trackClass(cls);
    auto known = g.learnerClasses.find(cls);
    if (known != g.learnerClasses.end()) {
        if (known->second.announced)
            return;
        known->second.announced = true;
    }
    addStep("class_created", name, line, classCreatedDetail(reinterpret_cast<PyTypeObject *>(cls)));
}

/** The MRO of each base that is a class, as CPython has it: the view draws the real thing. */
QJsonObject baseMros(PyObject *bases)
{
    QJsonObject mros;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); ++i) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        if (!PyType_Check(base) || !reinterpret_cast<PyTypeObject *>(base)->tp_mro)
            continue;
        QJsonArray mro;
        PyObject *tuple = reinterpret_cast<PyTypeObject *>(base)->tp_mro;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(tuple); ++j)
            mro.append(nameOf(PyTuple_GET_ITEM(tuple, j)));
        mros.insert(qualName(reinterpret_cast<PyTypeObject *>(base)), mro);
    }
    return mros;
}

// type's tp_call, re-done with steps: CPython's type_call() calls tp_new, then tp_init.
PyObject *tracedTypeCall(PyObject *callable, PyObject *args, PyObject *kwds)
{
    auto *type = reinterpret_cast<PyTypeObject *>(callable);
    if (!g.active)
        return g.originalTypeCall(callable, args, kwds);
    ThreadTrace &thread = here();
    if (thread.suspended || !tracedHere())
        return g.originalTypeCall(callable, args, kwds);
    const bool fromBuildClass = std::exchange(thread.buildClassCallsMeta, false);
    const Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (type == &PyType_Type && nargs != 3)
        return g.originalTypeCall(callable, args, kwds); // type(x), or its error

    const bool makesClass = PyType_IsSubtype(type, &PyType_Type);
    int line = 0;
    QString cls;
    if (makesClass) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(args, 0)) || (!fromBuildClass && !onLearnersBehalf()))
            return g.originalTypeCall(callable, args, kwds);
        if (g.stopRequested)
            return raiseStop();
        line = learnerLine();
        cls = toQString(PyTuple_GET_ITEM(args, 0));
        if (fromBuildClass)
            cls = qualnameFor(thread, cls);
        if (!fromBuildClass) {
            QJsonObject detail{{QStringLiteral("metaclass"), qualName(type)},
                               {QStringLiteral("explicit"), true},
                               {QStringLiteral("name"), cls}};
            if (thread.functionMetaclassDepth > 0)
                detail.insert(QStringLiteral("inside_function_metaclass"), true);
            if (PyTuple_Check(PyTuple_GET_ITEM(args, 1)))
                detail.insert(QStringLiteral("base_mros"), baseMros(PyTuple_GET_ITEM(args, 1)));
            addStep("call_metaclass", cls, line, detail);
        }
        const QString newFunction = resolveMethod(type, "__new__");
        if (newFunction != QLatin1String("type.__new__"))
            addStep("meta_new",
                    cls,
                    line,
                    {{QStringLiteral("function"), newFunction},
                     {QStringLiteral("yours"), definedByLearner(type, "__new__")},
                     {QStringLiteral("function_line"), functionLine(type, "__new__")}});
        ++thread.learnerCreationDepth;
    } else {
        if (!isLearnerClass(callable))
            return g.originalTypeCall(callable, args, kwds);
        if (g.stopRequested)
            return raiseStop();
        cls = qualName(type);
        // A metaclass's own __call__ already announced the call, at the line that made it.
        MetaCall *meta = nullptr;
        if (!thread.metaCalls.empty() && thread.metaCalls.back().cls == callable
            && !thread.metaCalls.back().reachedTypeCall)
            meta = &thread.metaCalls.back();
        if (meta) {
            meta->reachedTypeCall = true;
            line = meta->line;
        } else {
            line = learnerLine();
            addStep("instance_call",
                    cls,
                    line,
                    {{QStringLiteral("function"), resolveMethod(Py_TYPE(type), "__call__")}});
        }
        addStep("instance_new",
                cls,
                line,
                {{QStringLiteral("function"), resolveMethod(type, "__new__")},
                 {QStringLiteral("function_line"), functionLine(type, "__new__")}});
    }
    auto done = [makesClass, &thread](PyObject *result) {
        if (makesClass)
            --thread.learnerCreationDepth;
        return result;
    };

    if (!type->tp_new) {
        PyErr_Format(PyExc_TypeError, "cannot create '%s' instances", type->tp_name);
        return done(nullptr);
    }
    PyObject *object = type->tp_new(type, args, kwds);
    if (!object)
        return done(nullptr);
    if (!PyObject_TypeCheck(object, type)) {
        // Not an instance of what was called: CPython skips __init__, and so do we, saying so.
        addStep(makesClass ? "meta_init_skipped" : "instance_init_skipped",
                cls,
                line,
                {{QStringLiteral("returned"), safeRepr(object)},
                 {QStringLiteral("returned_type"), qualName(Py_TYPE(object))}});
        return done(object);
    }
    PyTypeObject *objectType = Py_TYPE(object);
    if (objectType->tp_init) {
        addStep(makesClass ? "meta_init" : "instance_init",
                cls,
                line,
                {{QStringLiteral("function"), resolveMethod(objectType, "__init__")},
                 {QStringLiteral("yours"), definedByLearner(objectType, "__init__")},
                 {QStringLiteral("function_line"), functionLine(objectType, "__init__")}});
        if (objectType->tp_init(object, args, kwds) < 0) {
            Py_DECREF(object);
            return done(nullptr);
        }
    }
    if (makesClass && !fromBuildClass)
        announceClass(object, cls, line);
    return done(object);
}

// type's tp_new: announces type.__new__, lets CPython build the class.
PyObject *tracedTypeNew(PyTypeObject *metatype, PyObject *args, PyObject *kwds)
{
    if (!g.active || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) != 3)
        return g.originalTypeNew(metatype, args, kwds);
    ThreadTrace &thread = here();
    if (thread.suspended || !tracedHere()
        || (thread.learnerCreationDepth == 0 && !onLearnersBehalf()))
        return g.originalTypeNew(metatype, args, kwds);
    if (g.stopRequested)
        return raiseStop();
    const QString name = qualnameFor(thread, toQString(PyTuple_GET_ITEM(args, 0)));
    // type.__new__ hands the work to the winning metaclass's tp_new when that is not its own
    // (it is ours, now): one call for the learner, one step.
    if (thread.typeNewNames.empty() || thread.typeNewNames.back() != name) {
        addStep("meta_new",
                name,
                learnerLine(),
                {{QStringLiteral("function"), QStringLiteral("type.__new__")}});
    }
    ++thread.typeNewDepth;
    thread.typeNewNames.push_back(name);
    PyObject *cls = g.originalTypeNew(metatype, args, kwds);
    thread.typeNewNames.pop_back();
    --thread.typeNewDepth;
    if (cls)
        trackClass(cls);
    return cls;
}

/** CPython's update_bases(): replaces bases that define __mro_entries__ by what it returns. */
PyObject *resolveBases(PyObject *bases)
{
    PyObject *result = PyList_New(0);
    bool changed = false;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); ++i) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        PyObject *entries = nullptr;
        if (!PyType_Check(base)) {
            PyObject *method = nullptr;
            static PyObject *const mroEntries = PyUnicode_InternFromString("__mro_entries__");
            if (_PyObject_LookupAttr(base, mroEntries, &method) < 0) {
                Py_DECREF(result);
                return nullptr;
            }
            if (method) {
                entries = PyObject_CallOneArg(method, bases);
                Py_DECREF(method);
                if (!entries) {
                    Py_DECREF(result);
                    return nullptr;
                }
                if (!PyTuple_Check(entries)) {
                    PyErr_SetString(PyExc_TypeError, "__mro_entries__ must return a tuple");
                    Py_DECREF(entries);
                    Py_DECREF(result);
                    return nullptr;
                }
            }
        }
        if (entries) {
            changed = true;
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(entries); ++j)
                PyList_Append(result, PyTuple_GET_ITEM(entries, j));
            Py_DECREF(entries);
        } else {
            PyList_Append(result, base);
        }
    }
    if (!changed) {
        Py_DECREF(result);
        Py_INCREF(bases);
        return bases;
    }
    PyObject *tuple = PyList_AsTuple(result);
    Py_DECREF(result);
    return tuple;
}

QJsonArray typeNames(PyObject *tuple)
{
    QJsonArray names;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); ++i)
        names.append(PyType_Check(PyTuple_GET_ITEM(tuple, i))
                         ? qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(tuple, i)))
                         : safeRepr(PyTuple_GET_ITEM(tuple, i)));
    return names;
}

/** Why WINNER builds the class, as CPython's _PyType_CalculateMetaclass decided it. Bases need
 *  not be classes: each counts with its type. */
QString metaclassReason(PyObject *explicitMeta, PyTypeObject *winner, PyObject *bases)
{
    const QString name = qualName(winner);
    if (explicitMeta && reinterpret_cast<PyObject *>(winner) == explicitMeta)
        return QStringLiteral("given explicitly: metaclass=%1").arg(name);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); ++i) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        if (Py_TYPE(base) != winner || winner == &PyType_Type)
            continue;
        const QString which = PyType_Check(base)
                                  ? QStringLiteral("base %1").arg(nameOf(base))
                                  : QStringLiteral("base %1, which is not a class: its type "
                                                   "counts")
                                        .arg(safeRepr(base));
        if (explicitMeta) {
            return QStringLiteral("metaclass=%1 was given, but %2 has the more derived "
                                  "metaclass %3, so Python uses that")
                .arg(nameOf(explicitMeta), which, name);
        }
        return PyType_Check(base) ? QStringLiteral("inherited from %1").arg(nameOf(base))
                                  : QStringLiteral("the type of %1").arg(which);
    }
    return PyTuple_GET_SIZE(bases) == 0
               ? QStringLiteral("type, the default: no metaclass given and no bases")
               : QStringLiteral("type, the default: every base's metaclass is type");
}

/** The decorators written above the class statement at LINE, outermost first. */
QStringList decoratorsAt(int line)
{
    QStringList texts;
    if (!g.decorators || !PyDict_Check(g.decorators))
        return texts;
    PyObject *key = PyLong_FromLong(line);
    PyObject *list = PyDict_GetItem(g.decorators, key);
    Py_DECREF(key);
    for (Py_ssize_t i = 0; list && PyList_Check(list) && i < PyList_GET_SIZE(list); ++i)
        texts.append(toQString(PyList_GET_ITEM(list, i)));
    return texts;
}

// builtins.__build_class__, re-done with steps, following CPython 3.11's builtin___build_class__.
PyObject *tracedBuildClass(PyObject *, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    if (!g.active || nargs < 2 || !PyFunction_Check(args[0]) || !PyUnicode_Check(args[1]))
        return PyObject_Vectorcall(g.originalBuildClass, args, nargs, kwnames);
    ThreadTrace &thread = here();
    if (!tracedHere())
        return PyObject_Vectorcall(g.originalBuildClass, args, nargs, kwnames);
    PyObject *bodyCode = PyFunction_GET_CODE(args[0]);
    const bool learnerBody = isLearnerCode(bodyCode);
    // The learner's own class statements; those of code it made at run time (exec, compile);
    // nothing a library defines on its own.
    if (thread.suspended || !(learnerBody || (isDynamicCode(bodyCode) && onLearnersBehalf())))
        return PyObject_Vectorcall(g.originalBuildClass, args, nargs, kwnames);
    if (g.stopRequested)
        return raiseStop();

    PyObject *func = args[0];
    PyObject *name = args[1];
    auto *code = reinterpret_cast<PyCodeObject *>(bodyCode);
    const QString qualname = toQString(code->co_qualname);
    const int classLine = learnerLine();
    PyFrameObject *callerFrame = PyEval_GetFrame();
    // A class statement run again in a loop binds the previous one first.
    flushBinds(thread, callerFrame, 0, true);
    PyObject *origBases = PyTuple_New(nargs - 2);
    for (Py_ssize_t i = 2; i < nargs; ++i) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(origBases, i - 2, args[i]);
    }
    PyObject *kwds = PyDict_New();
    QJsonObject keywords;
    for (Py_ssize_t i = 0; kwnames && i < PyTuple_GET_SIZE(kwnames); ++i) {
        PyDict_SetItem(kwds, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]);
        const QString key = toQString(PyTuple_GET_ITEM(kwnames, i));
        if (key != QLatin1String("metaclass"))
            keywords.insert(key, safeRepr(args[nargs + i]));
    }
    {
        QJsonObject detail{{QStringLiteral("name"), toQString(name)},
                           {QStringLiteral("bases"), typeNames(origBases)},
                           {QStringLiteral("base_mros"), baseMros(origBases)}};
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        if (!learnerBody)
            detail.insert(QStringLiteral("dynamic"), true);
        addStep("class_statement", qualname, classLine, detail);
    }

    PyObject *bases = nullptr, *meta = nullptr, *ns = nullptr, *cell = nullptr, *cls = nullptr;
    PyObject *explicitMeta = nullptr;
    bool isClass = true;
    QString metaName;
    bases = resolveBases(origBases);
    if (!bases)
        goto error;
    if (bases != origBases) {
        addStep("resolve_bases",
                qualname,
                classLine,
                {{QStringLiteral("original"), typeNames(origBases)},
                 {QStringLiteral("resolved"), typeNames(bases)}});
    }

    explicitMeta = PyDict_GetItemString(kwds, "metaclass");
    if (explicitMeta) {
        Py_INCREF(explicitMeta);
        PyDict_DelItemString(kwds, "metaclass");
        meta = explicitMeta;
        Py_INCREF(meta);
        isClass = PyType_Check(meta);
    } else {
        meta = PyTuple_GET_SIZE(bases) == 0
                   ? reinterpret_cast<PyObject *>(&PyType_Type)
                   : reinterpret_cast<PyObject *>(Py_TYPE(PyTuple_GET_ITEM(bases, 0)));
        Py_INCREF(meta);
    }
    if (isClass) {
        PyTypeObject *winner
            = _PyType_CalculateMetaclass(reinterpret_cast<PyTypeObject *>(meta), bases);
        if (!winner)
            goto error;
        Py_INCREF(winner);
        Py_SETREF(meta, reinterpret_cast<PyObject *>(winner));
        metaName = qualName(winner);
        addStep("determine_metaclass",
                qualname,
                classLine,
                {{QStringLiteral("metaclass"), metaName},
                 {QStringLiteral("makes_classes"), PyType_IsSubtype(winner, &PyType_Type) != 0},
                 {QStringLiteral("reason"), metaclassReason(explicitMeta, winner, bases)}});
    } else {
        metaName = PyFunction_Check(meta) ? toQString(
                       reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(meta))->co_qualname)
                                          : safeRepr(meta);
        addStep("determine_metaclass",
                qualname,
                classLine,
                {{QStringLiteral("metaclass"), metaName},
                 {QStringLiteral("makes_classes"), false},
                 {QStringLiteral("reason"),
                  QStringLiteral("given explicitly: a callable that is not a class")}});
    }

    {
        PyObject *prepare = nullptr;
        static PyObject *const prepareName = PyUnicode_InternFromString("__prepare__");
        if (_PyObject_LookupAttr(meta, prepareName, &prepare) < 0)
            goto error;
        QString function;
        if (prepare) {
            PyObject *prepareArgs[2] = {name, bases};
            ns = PyObject_VectorcallDict(prepare, prepareArgs, 2, kwds);
            Py_DECREF(prepare);
            function = isClass
                           ? resolveMethod(reinterpret_cast<PyTypeObject *>(meta), "__prepare__")
                           : QStringLiteral("%1.__prepare__").arg(metaName);
        } else {
            ns = PyDict_New();
        }
        if (!ns)
            goto error;
        if (!PyMapping_Check(ns)) {
            PyErr_Format(PyExc_TypeError,
                         "%.200s.__prepare__() must return a mapping, not %.200s",
                         isClass ? reinterpret_cast<PyTypeObject *>(meta)->tp_name : "<metaclass>",
                         Py_TYPE(ns)->tp_name);
            goto error;
        }
        // What __prepare__ put in before the body runs: read from the dict's own storage.
        QJsonArray prepared;
        Body body;
        if (PyDict_Check(ns)) {
            PyObject *key = nullptr, *value = nullptr;
            Py_ssize_t position = 0;
            while (PyDict_Next(ns, &position, &key, &value)) {
                prepared.append(QJsonObject{{QStringLiteral("name"), toQString(key)},
                                            {QStringLiteral("value"), safeRepr(value)}});
                Py_INCREF(key);
                Py_INCREF(value);
                body.seen.emplace_back(key, value);
            }
        }
        QJsonObject detail{{QStringLiteral("function"), function},
                           {QStringLiteral("called"), !function.isEmpty()},
                           {QStringLiteral("namespace_type"), qualName(Py_TYPE(ns))},
                           {QStringLiteral("readable"), PyDict_Check(ns) != 0},
                           {QStringLiteral("prepared"), prepared}};
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        addStep("prepare_namespace", qualname, classLine, detail);
        for (const QJsonValue &entry : std::as_const(prepared)) {
            addStep("namespace_prepared",
                    qualname,
                    classLine,
                    {{QStringLiteral("name"), entry[QStringLiteral("name")]},
                     {QStringLiteral("value"), entry[QStringLiteral("value")]},
                     {QStringLiteral("function"), function}});
        }

        body.code = reinterpret_cast<PyObject *>(code);
        body.ns = ns;
        body.qualname = qualname;
        body.dynamic = !learnerBody;
        body.classLine = classLine;
        body.lastLine = classLine;
        body.bytecode = PyCode_GetCode(code);
        thread.bodies.push_back(std::move(body));
        cell = PyEval_EvalCodeEx(reinterpret_cast<PyObject *>(code),
                                 PyFunction_GET_GLOBALS(func),
                                 ns,
                                 nullptr,
                                 0,
                                 nullptr,
                                 0,
                                 nullptr,
                                 0,
                                 nullptr,
                                 PyFunction_GET_CLOSURE(func));
        Body &done = thread.bodies.back();
        for (auto &[key, value] : done.seen) {
            Py_DECREF(key);
            Py_DECREF(value);
        }
        Py_XDECREF(done.bytecode);
        Py_XDECREF(done.mappingKey);
        Py_XDECREF(done.mappingValue);
        thread.bodies.pop_back();
    }
    if (!cell)
        goto error;

    if (bases != origBases && PyMapping_SetItemString(ns, "__orig_bases__", origBases) < 0)
        goto error;
    {
        QJsonObject detail{{QStringLiteral("metaclass"), metaName},
                           {QStringLiteral("explicit"), false},
                           {QStringLiteral("name"), toQString(name)}};
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        addStep("call_metaclass", qualname, classLine, detail);
    }
    {
        PyObject *metaArgs[3] = {name, bases, ns};
        thread.building.emplace_back(toQString(name), qualname);
        thread.buildClassCallsMeta = isClass;
        ++thread.learnerCreationDepth;
        if (!isClass)
            ++thread.functionMetaclassDepth;
        cls = PyObject_VectorcallDict(meta, metaArgs, 3, kwds);
        if (!isClass)
            --thread.functionMetaclassDepth;
        --thread.learnerCreationDepth;
        thread.buildClassCallsMeta = false;
        thread.building.pop_back();
    }
    if (cls && PyType_Check(cls) && PyCell_Check(cell)) {
        PyObject *cellClass = PyCell_GET(cell);
        if (cellClass != cls) {
            if (!cellClass) {
                PyErr_Format(PyExc_RuntimeError,
                             "__class__ not set defining %.200R as %.200R. "
                             "Was __classcell__ propagated to type.__new__?",
                             name,
                             cls);
            } else {
                PyErr_Format(PyExc_TypeError,
                             "__class__ set to %.200R defining %.200R as %.200R",
                             cellClass,
                             name,
                             cls);
            }
            Py_CLEAR(cls);
        }
    }
    if (cls) {
        if (PyType_Check(cls)) {
            announceClass(cls, qualname, classLine);
        } else {
            // The metaclass returned something that is not a class: that is what the name gets.
            addStep("class_statement_result",
                    qualname,
                    classLine,
                    {{QStringLiteral("value"), safeRepr(cls)},
                     {QStringLiteral("type"), qualName(Py_TYPE(cls))}});
        }
        Py_INCREF(cls);
        thread.binds.push_back({callerFrame,
                                toQString(name),
                                qualname,
                                classLine,
                                learnerBody ? decoratorsAt(classLine) : QStringList(),
                                0,
                                cls});
    }

error:
    Py_XDECREF(cell);
    Py_XDECREF(ns);
    Py_XDECREF(meta);
    Py_XDECREF(explicitMeta);
    Py_XDECREF(bases);
    Py_DECREF(origBases);
    Py_DECREF(kwds);
    return cls;
}

// METH_FASTCALL functions travel as PyCFunction; the double cast says so to the compiler.
PyMethodDef buildClassDef
    = {"__build_class__",
       reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(tracedBuildClass)),
       METH_FASTCALL | METH_KEYWORDS,
       "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class"};

QJsonObject errorDetail(PyObject *type, PyObject *value, PyObject *traceback)
{
    if (g.stopRequested) {
        return {{QStringLiteral("type"), g.stopType},
                {QStringLiteral("message"), g.stopMessage},
                {QStringLiteral("line"), g.stopLine},
                {QStringLiteral("traceback"), QString()}};
    }
    Suspend suspend;
    // The traceback is formatted once, as python3 prints it (a learner's __str__ runs once, as
    // it would there); the message is read back from its last line.
    PyObject *format = PyDict_GetItemString(g.bootstrap, "format_exception");
    PyObject *formatted = value ? PyObject_CallOneArg(format, value) : nullptr;
    const QString tracebackText = formatted ? toQString(formatted) : QString();
    Py_XDECREF(formatted);
    PyErr_Clear();
    const QString typeName = qualName(reinterpret_cast<PyTypeObject *>(type));
    QString message;
    const QStringList lines = tracebackText.trimmed().split(QLatin1Char('\n'));
    if (!lines.isEmpty()) {
        const QString last = lines.last();
        const qsizetype colon = last.indexOf(QStringLiteral(": "));
        if (colon >= 0 && !last.left(colon).contains(QLatin1Char(' ')))
            message = last.mid(colon + 2);
    }
    if (PyErr_GivenExceptionMatches(type, PyExc_MemoryError)) {
        message = QStringLiteral("the program needed more memory than a run may use (%1 MiB): "
                                 "it was stopped")
                      .arg(g.limits.memoryMb);
    }
    QJsonObject detail{{QStringLiteral("type"), typeName}, {QStringLiteral("message"), message}};
    int line = 0;
    if (PyErr_GivenExceptionMatches(type, PyExc_SyntaxError) && value) {
        PyObject *lineno = PyObject_GetAttrString(value, "lineno");
        PyObject *offset = PyObject_GetAttrString(value, "offset");
        PyObject *msg = PyObject_GetAttrString(value, "msg");
        PyErr_Clear();
        if (lineno && PyLong_Check(lineno))
            line = int(PyLong_AsLong(lineno));
        if (offset && PyLong_Check(offset))
            detail.insert(QStringLiteral("offset"), int(PyLong_AsLong(offset)));
        if (msg && PyUnicode_Check(msg))
            detail.insert(QStringLiteral("message"), toQString(msg));
        Py_XDECREF(lineno);
        Py_XDECREF(offset);
        Py_XDECREF(msg);
    }
    for (auto *tb = reinterpret_cast<PyTracebackObject *>(traceback); tb; tb = tb->tb_next) {
        PyCodeObject *code = PyFrame_GetCode(tb->tb_frame);
        if (isLearnerCode(reinterpret_cast<PyObject *>(code)))
            line = tb->tb_lineno;
        Py_DECREF(code);
    }
    detail.insert(QStringLiteral("line"), line);
    detail.insert(QStringLiteral("traceback"), tracebackText);
    return detail;
}

PyObject *makeWriter(const char *name, qint64 cap)
{
    PyObject *writerClass = PyDict_GetItemString(g.bootstrap, "CappedWriter");
    return PyObject_CallFunction(writerClass, "sL", name, static_cast<long long>(cap));
}

void collectWriter(PyObject *writer, const QString &key, QJsonObject &into)
{
    PyObject *value = PyObject_CallMethod(writer, "getvalue", nullptr);
    PyObject *truncated = PyObject_GetAttrString(writer, "truncated");
    into.insert(key, value ? toQString(value) : QString());
    into.insert(key + QStringLiteral("_truncated"), truncated && PyObject_IsTrue(truncated) == 1);
    Py_XDECREF(value);
    Py_XDECREF(truncated);
    PyErr_Clear();
}

/** TYPE and every metaclass made from it: their call and new slots become ours where they are
 *  type's own (a metaclass made before us, like ABCMeta or EnumType, copied the originals). */
void patchSlots(PyTypeObject *type)
{
    if (type->tp_call == g.originalTypeCall)
        type->tp_call = tracedTypeCall;
    if (type->tp_new == g.originalTypeNew)
        type->tp_new = tracedTypeNew;
    // type.__subclasses__(type) and not type.__subclasses__(): on `type` itself the latter
    // finds the unbound descriptor.
    static PyObject *const method
        = PyObject_GetAttrString(reinterpret_cast<PyObject *>(&PyType_Type), "__subclasses__");
    PyObject *subclasses
        = method ? PyObject_CallOneArg(method, reinterpret_cast<PyObject *>(type)) : nullptr;
    if (!subclasses) {
        PyErr_Clear();
        return;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(subclasses); ++i) {
        PyObject *sub = PyList_GET_ITEM(subclasses, i);
        if (PyType_Check(sub))
            patchSlots(reinterpret_cast<PyTypeObject *>(sub));
    }
    Py_DECREF(subclasses);
}

/** Every code object of the learner's file: CODE and the ones in its constants, recursively. */
void collectCode(PyObject *code)
{
    if (!code || !PyCode_Check(code) || g.learnerCodes.count(code))
        return;
    g.learnerCodes.insert(code);
    PyObject *consts = reinterpret_cast<PyCodeObject *>(code)->co_consts;
    for (Py_ssize_t i = 0; consts && i < PyTuple_GET_SIZE(consts); ++i)
        collectCode(PyTuple_GET_ITEM(consts, i));
}

int opcodeNumber(PyObject *opmap, const char *name, int fallback)
{
    PyObject *value = opmap ? PyDict_GetItemString(opmap, name) : nullptr;
    return value && PyLong_Check(value) ? int(PyLong_AsLong(value)) : fallback;
}

/**
 * Runs CODE with every thread and the GIL recorded (no class tracing): the program's own
 * switch interval if it sets one, ours otherwise; python3's ending (non-daemon threads joined,
 * atexit) is recorded too. Returns what PyEval_EvalCode returned.
 */
PyObject *runThreads(PyObject *code, PyObject *globals, const TraceLimits &limits)
{
    if (limits.switchIntervalMs > 0) {
        PyObject *sys = PyImport_ImportModule("sys");
        Py_XDECREF(
            PyObject_CallMethod(sys, "setswitchinterval", "d", limits.switchIntervalMs / 1000.0));
        Py_XDECREF(sys);
        PyErr_Clear();
    }
    PyObject *profileThreads = PyDict_GetItemString(g.bootstrap, "profile_threads");
    Py_XDECREF(PyObject_CallOneArg(profileThreads, ThreadRecorder::threadHook()));
    PyErr_Clear();
    ThreadRecorder::Limits recorderLimits;
    recorderLimits.deadlineNs = nowNs() + limits.timeoutMs * 1000000;
    recorderLimits.maxChanges = limits.maxChanges;
    ThreadRecorder::start(recorderLimits, [&limits] {
        requestStop(QStringLiteral("Timeout"),
                    QStringLiteral("the program ran longer than %1 s and was stopped: look for a "
                                   "loop that never ends")
                        .arg(double(limits.timeoutMs) / 1000.0));
        raiseStop();
    });
    PyObject *result = PyEval_EvalCode(code, globals, globals);
    PyObject *pendingType = nullptr, *pendingValue = nullptr, *pendingTraceback = nullptr;
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    PyObject *ended = PyObject_CallNoArgs(PyDict_GetItemString(g.bootstrap, "end_of_run"));
    if (!ended && !result && !pendingType)
        PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    Py_XDECREF(ended);
    PyErr_Clear();
    PyErr_Restore(pendingType, pendingValue, pendingTraceback);
    ThreadRecorder::finish();
    return result;
}

} // namespace

namespace Tracer {

bool initialise(QString *error)
{
    g.bootstrap = PyDict_New();
    PyDict_SetItemString(g.bootstrap, "__builtins__", PyEval_GetBuiltins());
    PyObject *result = PyRun_String(BootstrapSource, Py_file_input, g.bootstrap, g.bootstrap);
    if (!result) {
        PyErr_Print();
        if (error)
            *error = QStringLiteral("the runner's bootstrap code failed");
        return false;
    }
    Py_DECREF(result);
    g.originalBuildClass = PyDict_GetItemString(PyEval_GetBuiltins(), "__build_class__");
    Py_XINCREF(g.originalBuildClass);
    PyObject *opmap = PyDict_GetItemString(g.bootstrap, "OPMAP");
    g.storeName = opcodeNumber(opmap, "STORE_NAME", g.storeName);
    g.deleteName = opcodeNumber(opmap, "DELETE_NAME", g.deleteName);
    g.extendedArg = opcodeNumber(opmap, "EXTENDED_ARG", g.extendedArg);
    g.threadHook = PyCFunction_New(&threadHookDef, nullptr);
    if (!ThreadRecorder::initialise(error))
        return false;

    // Wrap type's call and new slots (and those metaclasses already made copied), and the
    // `type.__call__` descriptor that a metaclass's own __call__ reaches through super(): the
    // descriptor keeps the slot function it was made with.
    g.originalTypeCall = PyType_Type.tp_call;
    g.originalTypeNew = PyType_Type.tp_new;
    patchSlots(&PyType_Type);
    PyObject *callDescriptor = PyDict_GetItemString(PyType_Type.tp_dict, "__call__");
    if (callDescriptor && Py_IS_TYPE(callDescriptor, &PyWrapperDescr_Type)) {
        auto *wrapper = reinterpret_cast<PyWrapperDescrObject *>(callDescriptor);
        if (wrapper->d_wrapped == reinterpret_cast<void *>(g.originalTypeCall))
            wrapper->d_wrapped = reinterpret_cast<void *>(tracedTypeCall);
    }
    return true;
}

QJsonObject run(const PyRunner::RunRequest &request)
{
    TraceLimits limits;
    limits.maxSteps = request.classes.maxSteps;
    limits.keepSteps = request.classes.keepSteps;
    limits.timeoutMs = request.timeoutMs;
    limits.maxOutputChars = request.maxOutputChars;
    limits.memoryMb = request.memoryMb;
    limits.threads = request.mode == PyRunner::Mode::Threads;
    limits.switchIntervalMs = request.threads.switchIntervalMs;
    limits.maxChanges = request.threads.maxChanges;
    const QByteArray &source = request.source;
    const QString &filename = request.filename;
    g.limits = limits;
    g.filename = PyUnicode_FromString(filename.toUtf8().constData());

    // Fresh globals as a fresh __main__ module (pickle finds the learner's classes through it).
    PyObject *mainModule = PyModule_New("__main__");
    PyObject *globals = PyModule_GetDict(mainModule);
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals, "__file__", g.filename);
    PyDict_SetItem(PyImport_GetModuleDict(), PyUnicode_FromString("__main__"), mainModule);
    PyObject *argv = Py_BuildValue("[O]", g.filename);
    PySys_SetObject("argv", argv);
    Py_DECREF(argv);

    PyObject *stdoutWriter = makeWriter("<stdout>", limits.maxOutputChars);
    PyObject *stderrWriter = makeWriter("<stderr>", limits.maxOutputChars);
    PySys_SetObject("stdout", stdoutWriter);
    PySys_SetObject("stderr", stderrWriter);
    g.stdoutWriter = stdoutWriter;
    g.stderrWriter = stderrWriter;

    PyObject *sourceBytes = PyBytes_FromStringAndSize(source.constData(), source.size());
    // Tracebacks quote the code being run (an edited lesson, not the file on disk).
    PyObject *remember = PyDict_GetItemString(g.bootstrap, "remember_source");
    Py_XDECREF(PyObject_CallFunctionObjArgs(remember, g.filename, sourceBytes, nullptr));
    PyErr_Clear();
    g.decorators
        = PyObject_CallOneArg(PyDict_GetItemString(g.bootstrap, "class_decorators"), sourceBytes);
    PyErr_Clear();

    QJsonObject error;
    PyObject *compile = PyDict_GetItemString(PyEval_GetBuiltins(), "compile");
    PyObject *code = nullptr;
    if (const qsizetype nul = source.indexOf('\0'); nul >= 0) {
        // compile() raises ValueError here; python3 reading the file says SyntaxError: match it.
        const int line = int(source.left(nul).count('\n')) + 1;
        const int column = int(nul - source.lastIndexOf('\n', nul - 1));
        PyObject *error = PyObject_CallFunction(PyExc_SyntaxError,
                                                "s(Oiis)",
                                                "source code cannot contain null bytes",
                                                g.filename,
                                                line,
                                                column,
                                                "");
        PyErr_SetObject(PyExc_SyntaxError, error);
        Py_XDECREF(error);
    } else {
        code = PyObject_CallFunction(compile, "OOsii", sourceBytes, g.filename, "exec", 0, 1);
        collectCode(code);
    }
    PyObject *result = nullptr;
    if (code && limits.threads) {
        result = runThreads(code, globals, limits);
    } else if (code) {
        PyDict_SetItemString(
            PyEval_GetBuiltins(), "__build_class__", PyCFunction_New(&buildClassDef, nullptr));
        g.deadlineNs = nowNs() + limits.timeoutMs * 1000000;
        g.active = true;
        PyObject *endOfRun = PyDict_GetItemString(g.bootstrap, "end_of_run");
        PyObject *startThreads = PyDict_GetItemString(g.bootstrap, "trace_threads");
        PyObject *hooked = PyObject_CallOneArg(startThreads, g.threadHook);
        Py_XDECREF(hooked);
        PyErr_Clear();
        PyEval_SetTrace(traceFunction, nullptr);
        result = PyEval_EvalCode(code, globals, globals);
        // As python3 does at the end: wait for the threads that are not daemons, then run the
        // atexit functions, still traced; the program's own error stays the one reported.
        PyObject *pendingType = nullptr, *pendingValue = nullptr, *pendingTraceback = nullptr;
        PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
        PyObject *ended = PyObject_CallNoArgs(endOfRun);
        if (!ended && !result && !pendingType)
            PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
        Py_XDECREF(ended);
        PyErr_Clear();
        PyErr_Restore(pendingType, pendingValue, pendingTraceback);
        PyEval_SetTrace(nullptr, nullptr);
        g.active = false;
        PyDict_SetItemString(PyEval_GetBuiltins(), "__build_class__", g.originalBuildClass);
    }
    if (!result) {
        PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        if (value && traceback)
            PyException_SetTraceback(value, traceback);
        if (type) {
            error = errorDetail(type, value, traceback);
            g.steps.append(
                QJsonObject{{QStringLiteral("index"), int(g.steps.size())},
                            {QStringLiteral("kind"), QStringLiteral("error")},
                            {QStringLiteral("class"), QString()},
                            {QStringLiteral("line"), error.value(QStringLiteral("line"))},
                            {QStringLiteral("detail"), error}});
        }
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
    }
    Py_XDECREF(result);
    Py_XDECREF(code);
    Py_DECREF(sourceBytes);

    if (error.isEmpty() && g.stopRequested) {
        // Stopped inside a thread: the main program ended well, but the trace did not.
        error = {{QStringLiteral("type"), g.stopType},
                 {QStringLiteral("message"), g.stopMessage},
                 {QStringLiteral("line"), g.stopLine},
                 {QStringLiteral("traceback"), QString()}};
        g.steps.append(QJsonObject{{QStringLiteral("index"), int(g.steps.size())},
                                   {QStringLiteral("kind"), QStringLiteral("error")},
                                   {QStringLiteral("class"), QString()},
                                   {QStringLiteral("line"), g.stopLine},
                                   {QStringLiteral("detail"), error}});
    }
    QJsonObject run{{QStringLiteral("steps"), g.steps},
                    {QStringLiteral("steps_total"), double(g.stepCount)},
                    {QStringLiteral("steps_omitted"), double(g.stepCount - g.steps.size())},
                    {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)}};
    collectWriter(stdoutWriter, QStringLiteral("stdout"), run);
    collectWriter(stderrWriter, QStringLiteral("stderr"), run);
    if (limits.threads)
        run.insert(QStringLiteral("threads"), ThreadRecorder::result());
    return run;
}

} // namespace Tracer
