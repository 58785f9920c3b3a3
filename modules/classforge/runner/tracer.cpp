#include "tracer.h" // Python.h comes first through it

#include "bootstrap.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <frameobject.h>

#include <ctime>
#include <vector>

namespace {

/** A class body being executed: its namespace and what has been seen bound in it so far. */
struct Body
{
    PyObject *code = nullptr;       // borrowed: the function being called holds it
    PyObject *ns = nullptr;         // borrowed: __build_class__ holds it
    PyFrameObject *frame = nullptr; // identity only
    QString qualname;
    int lastLine = 0;
    std::vector<std::pair<PyObject *, PyObject *>> seen; // strong refs
};

/** A class statement that has returned its class; its name is bound at the frame's next line. */
struct PendingBind
{
    PyFrameObject *frame = nullptr; // identity only
    QString name;
    QString qualname;
    int line = 0;
};

struct State
{
    // Set up once, before any fork.
    PyObject *bootstrap = nullptr; // the private namespace of bootstrap.py
    PyObject *originalBuildClass = nullptr;
    ternaryfunc originalTypeCall = nullptr;
    newfunc originalTypeNew = nullptr;

    // One run.
    bool active = false;
    int suspended = 0;
    PyObject *filename = nullptr;
    TraceLimits limits;
    QJsonArray steps;
    bool stopRequested = false;
    QString stopType;
    QString stopMessage;
    int stopLine = 0;
    qint64 deadlineNs = 0;
    unsigned events = 0;
    std::vector<Body> bodies;
    std::vector<PendingBind> binds;
    int typeNewDepth = 0;
    std::vector<QString> typeNewNames; // classes type.__new__ is building, innermost last
    int learnerCreationDepth = 0;
    bool buildClassCallsMeta = false;
    std::vector<PyObject *> learnerClasses; // strong refs: identity stays unique for the run
    PyObject *decorators = nullptr;         // {line: [text, ...]}
};

State g;

/** Learner code such as a custom __repr__ may run while we look: it must not be traced. */
struct Suspend
{
    Suspend() { ++g.suspended; }
    ~Suspend() { --g.suspended; }
    Suspend(const Suspend &) = delete;
    Suspend &operator=(const Suspend &) = delete;
};

qint64 nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

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
    Suspend suspend;
    PyObject *text = PyObject_Str(object);
    if (!text) {
        PyErr_Clear();
        return QStringLiteral("<unprintable>");
    }
    const QString result = toQString(text);
    Py_DECREF(text);
    return result;
}

QString qualName(PyTypeObject *type)
{
    PyObject *name = PyType_GetQualName(type);
    if (!name) {
        PyErr_Clear();
        return QString::fromUtf8(type->tp_name);
    }
    const QString result = toQString(name);
    Py_DECREF(name);
    return result;
}

/** "Owner.name" for the class in TYPE's MRO whose own dict defines NAME: what really runs. */
QString resolveMethod(PyTypeObject *type, const char *name)
{
    PyObject *mro = type->tp_mro;
    if (mro && PyTuple_Check(mro)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); ++i) {
            auto *base = reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(mro, i));
            if (base->tp_dict && PyDict_GetItemString(base->tp_dict, name))
                return qualName(base) + QLatin1Char('.') + QLatin1String(name);
        }
    }
    return QStringLiteral("object.") + QLatin1String(name);
}

bool isLearnerCode(PyObject *code)
{
    auto *c = reinterpret_cast<PyCodeObject *>(code);
    return c && g.filename && PyUnicode_Check(c->co_filename)
           && PyUnicode_Compare(c->co_filename, g.filename) == 0;
}

/** The line the learner's program is at: the innermost frame running the learner's file. */
int learnerLine()
{
    PyFrameObject *frame = PyEval_GetFrame(); // borrowed
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

bool calledFromLearner()
{
    PyFrameObject *frame = PyEval_GetFrame();
    if (!frame)
        return false;
    PyCodeObject *code = PyFrame_GetCode(frame);
    const bool mine = isLearnerCode(reinterpret_cast<PyObject *>(code));
    Py_DECREF(code);
    return mine;
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

void addStep(const char *kind, const QString &cls, int line, const QJsonObject &detail)
{
    if (g.stopRequested)
        return;
    if (g.steps.size() >= g.limits.maxSteps) {
        requestStop(QStringLiteral("StepLimit"),
                    QStringLiteral("more than %1 steps: the trace stops here. Trace a smaller "
                                   "program, or raise the step limit.")
                        .arg(g.limits.maxSteps));
        return;
    }
    g.steps.append(QJsonObject{{QStringLiteral("index"), int(g.steps.size())},
                               {QStringLiteral("kind"), QLatin1String(kind)},
                               {QStringLiteral("class"), cls},
                               {QStringLiteral("line"), line},
                               {QStringLiteral("detail"), detail}});
}

QString shortRepr(PyObject *value)
{
    if (PyFunction_Check(value)) {
        auto *code = reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(value));
        return QStringLiteral("<function %1>").arg(toQString(code->co_qualname));
    }
    Suspend suspend;
    PyObject *repr = PyObject_Repr(value);
    if (!repr) {
        PyErr_Clear();
        return QStringLiteral("<%1 object>").arg(qualName(Py_TYPE(value)));
    }
    QString text = toQString(repr);
    Py_DECREF(repr);
    // Addresses change from run to run; a learner needs the kind of object, not where it is.
    static const QRegularExpression address(QStringLiteral(" at 0x[0-9a-fA-F]+"));
    text.remove(address);
    constexpr int limit = 80;
    if (text.size() > limit)
        text = text.left(limit - 1) + QChar(0x2026);
    return text;
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

/** Emits a namespace_set step for every key bound or rebound in BODY's namespace since last time.
 */
void diffNamespace(Body &body)
{
    Suspend suspend; // a custom __prepare__ mapping may run Python to list its items
    PyObject *items = PyMapping_Items(body.ns);
    if (!items) {
        PyErr_Clear();
        return;
    }
    const int line = body.lastLine;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); ++i) {
        PyObject *pair = PyList_GET_ITEM(items, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2)
            continue;
        PyObject *key = PyTuple_GET_ITEM(pair, 0);
        PyObject *value = PyTuple_GET_ITEM(pair, 1);
        auto known = std::find_if(body.seen.begin(), body.seen.end(), [key](const auto &entry) {
            return entry.first == key
                   || (PyUnicode_Check(entry.first) && PyUnicode_Check(key)
                       && PyUnicode_Compare(entry.first, key) == 0);
        });
        if (known != body.seen.end() && known->second == value)
            continue;
        const QString name = toQString(key);
        addStep("namespace_set",
                body.qualname,
                line,
                {{QStringLiteral("name"), name},
                 {QStringLiteral("value"), shortRepr(value)},
                 {QStringLiteral("implicit"), isImplicitName(name)},
                 {QStringLiteral("rebound"), known != body.seen.end()}});
        Py_INCREF(value);
        if (known != body.seen.end()) {
            Py_DECREF(known->second);
            known->second = value;
        } else {
            Py_INCREF(key);
            body.seen.emplace_back(key, value);
        }
    }
    Py_DECREF(items);
}

void flushBinds(PyFrameObject *frame, int line, bool returning)
{
    for (auto it = g.binds.begin(); it != g.binds.end();) {
        // Decorator lines sit above the class line; the statement after it sits below.
        if (it->frame == frame && (returning || line > it->line)) {
            addStep("bind_name", it->qualname, it->line, {{QStringLiteral("name"), it->name}});
            it = g.binds.erase(it);
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
    if (names && locals && PyTuple_GET_SIZE(names) > position)
        value = PyObject_GetItem(locals, PyTuple_GET_ITEM(names, position));
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
                 {QStringLiteral("function"), function}});
        Py_XDECREF(self);
        Py_XDECREF(owner);
        Py_XDECREF(attribute);
    } else if (name == QLatin1String("__init_subclass__")) {
        PyObject *cls = frameLocal(frame, code, 0);
        addStep("init_subclass",
                cls && PyType_Check(cls) ? qualName(reinterpret_cast<PyTypeObject *>(cls))
                                         : QString(),
                learnerLine(),
                {{QStringLiteral("function"), function}});
        Py_XDECREF(cls);
    }
}

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *)
{
    if (!g.active || g.suspended)
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
    switch (what) {
    case PyTrace_CALL:
        if (g.typeNewDepth > 0)
            observeCallInsideTypeNew(frame, code);
        break;
    case PyTrace_LINE:
    case PyTrace_RETURN: {
        const int line = PyFrame_GetLineNumber(frame);
        if (!g.bodies.empty()) {
            Body &body = g.bodies.back();
            if (!body.frame && reinterpret_cast<PyObject *>(code) == body.code)
                body.frame = frame;
            if (body.frame == frame) {
                diffNamespace(body);
                body.lastLine = line;
            }
        }
        if (!g.binds.empty())
            flushBinds(frame, line, what == PyTrace_RETURN);
        break;
    }
    default:
        break;
    }
    Py_DECREF(code);
    return 0;
}

bool isLearnerClass(PyTypeObject *type)
{
    return std::find(g.learnerClasses.cbegin(),
                     g.learnerClasses.cend(),
                     reinterpret_cast<PyObject *>(type))
           != g.learnerClasses.cend();
}

QJsonObject classCreatedDetail(PyTypeObject *cls)
{
    QJsonArray mro;
    if (cls->tp_mro) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->tp_mro); ++i)
            mro.append(
                qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(cls->tp_mro, i))));
    }
    QJsonArray bases;
    if (cls->tp_bases) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cls->tp_bases); ++i) {
            bases.append(
                qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(cls->tp_bases, i))));
        }
    }
    QJsonArray attributes;
    PyObject *key = nullptr;
    PyObject *value = nullptr;
    Py_ssize_t position = 0;
    while (cls->tp_dict && PyDict_Next(cls->tp_dict, &position, &key, &value)) {
        const QString name = toQString(key);
        if (!(name.startsWith(QLatin1String("__")) && name.endsWith(QLatin1String("__"))))
            attributes.append(name);
    }
    return {{QStringLiteral("mro"), mro},
            {QStringLiteral("bases"), bases},
            {QStringLiteral("metaclass"), qualName(Py_TYPE(cls))},
            {QStringLiteral("attributes"), attributes}};
}

// type's tp_call, re-done with steps: CPython's type_call() calls tp_new, then tp_init.
PyObject *tracedTypeCall(PyObject *callable, PyObject *args, PyObject *kwds)
{
    auto *type = reinterpret_cast<PyTypeObject *>(callable);
    if (!g.active || g.suspended)
        return g.originalTypeCall(callable, args, kwds);
    const bool fromBuildClass = std::exchange(g.buildClassCallsMeta, false);
    const Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (type == &PyType_Type && nargs != 3)
        return g.originalTypeCall(callable, args, kwds); // type(x), or its error

    const bool makesClass = PyType_IsSubtype(type, &PyType_Type);
    const int line = learnerLine();
    QString cls;
    if (makesClass) {
        if ((!fromBuildClass && !calledFromLearner())
            || !PyUnicode_Check(PyTuple_GET_ITEM(args, 0)))
            return g.originalTypeCall(callable, args, kwds);
        if (g.stopRequested)
            return raiseStop();
        cls = toQString(PyTuple_GET_ITEM(args, 0));
        if (!fromBuildClass) {
            addStep("call_metaclass",
                    cls,
                    line,
                    {{QStringLiteral("metaclass"), qualName(type)},
                     {QStringLiteral("explicit"), true}});
        }
        const QString newFunction = resolveMethod(type, "__new__");
        if (newFunction != QLatin1String("type.__new__"))
            addStep("meta_new", cls, line, {{QStringLiteral("function"), newFunction}});
        ++g.learnerCreationDepth;
    } else {
        if (!isLearnerClass(type))
            return g.originalTypeCall(callable, args, kwds);
        if (g.stopRequested)
            return raiseStop();
        cls = qualName(type);
        addStep("instance_call",
                cls,
                line,
                {{QStringLiteral("function"), resolveMethod(Py_TYPE(type), "__call__")}});
        addStep("instance_new",
                cls,
                line,
                {{QStringLiteral("function"), resolveMethod(type, "__new__")}});
    }
    auto done = [makesClass](PyObject *result) {
        if (makesClass)
            --g.learnerCreationDepth;
        return result;
    };

    if (!type->tp_new) {
        PyErr_Format(PyExc_TypeError, "cannot create '%s' instances", type->tp_name);
        return done(nullptr);
    }
    PyObject *object = type->tp_new(type, args, kwds);
    if (!object)
        return done(nullptr);
    if (!PyObject_TypeCheck(object, type))
        return done(object); // not an instance: CPython does not initialise it either
    PyTypeObject *objectType = Py_TYPE(object);
    if (objectType->tp_init) {
        addStep(makesClass ? "meta_init" : "instance_init",
                cls,
                line,
                {{QStringLiteral("function"), resolveMethod(objectType, "__init__")}});
        if (objectType->tp_init(object, args, kwds) < 0) {
            Py_DECREF(object);
            return done(nullptr);
        }
    }
    if (makesClass && !fromBuildClass)
        addStep("class_created",
                cls,
                line,
                classCreatedDetail(reinterpret_cast<PyTypeObject *>(object)));
    return done(object);
}

// type's tp_new: announces type.__new__, lets CPython build the class.
PyObject *tracedTypeNew(PyTypeObject *metatype, PyObject *args, PyObject *kwds)
{
    if (!g.active || g.suspended || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) != 3
        || (g.learnerCreationDepth == 0 && !calledFromLearner())) {
        return g.originalTypeNew(metatype, args, kwds);
    }
    if (g.stopRequested)
        return raiseStop();
    const QString name = toQString(PyTuple_GET_ITEM(args, 0));
    // type.__new__ hands the work to the winning metaclass's tp_new when that is not its own
    // (it is ours, now): one call for the learner, one step.
    if (g.typeNewNames.empty() || g.typeNewNames.back() != name) {
        addStep("meta_new",
                name,
                learnerLine(),
                {{QStringLiteral("function"), QStringLiteral("type.__new__")}});
    }
    ++g.typeNewDepth;
    g.typeNewNames.push_back(name);
    PyObject *cls = g.originalTypeNew(metatype, args, kwds);
    g.typeNewNames.pop_back();
    --g.typeNewDepth;
    if (cls) {
        Py_INCREF(cls);
        g.learnerClasses.push_back(cls);
    }
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
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); ++i) {
        PyObject *item = PyTuple_GET_ITEM(tuple, i);
        names.append(PyType_Check(item) ? qualName(reinterpret_cast<PyTypeObject *>(item))
                                        : shortRepr(item));
    }
    return names;
}

QString metaclassReason(PyObject *explicitMeta, PyTypeObject *winner, PyObject *bases)
{
    const QString name = qualName(winner);
    if (explicitMeta && reinterpret_cast<PyObject *>(winner) == explicitMeta)
        return QStringLiteral("given explicitly: metaclass=%1").arg(name);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); ++i) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        if (reinterpret_cast<PyObject *>(Py_TYPE(base)) == reinterpret_cast<PyObject *>(winner)
            && winner != &PyType_Type) {
            return explicitMeta
                       ? QStringLiteral("metaclass=%1 was given, but base %2 has the more derived "
                                        "metaclass %3, so Python uses that")
                             .arg(qualName(reinterpret_cast<PyTypeObject *>(explicitMeta)),
                                  qualName(reinterpret_cast<PyTypeObject *>(base)),
                                  name)
                       : QStringLiteral("inherited from %1")
                             .arg(qualName(reinterpret_cast<PyTypeObject *>(base)));
        }
    }
    return PyTuple_GET_SIZE(bases) == 0
               ? QStringLiteral("type, the default: no metaclass given and no bases")
               : QStringLiteral("type, the default: every base's metaclass is type");
}

// builtins.__build_class__, re-done with steps, following CPython 3.11's builtin___build_class__.
PyObject *tracedBuildClass(PyObject *, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    if (!g.active || g.suspended || nargs < 2 || !PyFunction_Check(args[0])
        || !PyUnicode_Check(args[1]) || !isLearnerCode(PyFunction_GET_CODE(args[0]))) {
        return PyObject_Vectorcall(g.originalBuildClass, args, nargs, kwnames);
    }
    if (g.stopRequested)
        return raiseStop();

    PyObject *func = args[0];
    PyObject *name = args[1];
    auto *code = reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(func));
    const QString qualname = toQString(code->co_qualname);
    const int classLine = learnerLine();
    PyFrameObject *callerFrame = PyEval_GetFrame();
    // A class statement run again in a loop binds the previous one first.
    flushBinds(callerFrame, 0, true);
    PyObject *origBases = PyTuple_New(nargs - 2);
    for (Py_ssize_t i = 2; i < nargs; ++i) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(origBases, i - 2, args[i]);
    }
    addStep("class_statement",
            qualname,
            classLine,
            {{QStringLiteral("name"), toQString(name)},
             {QStringLiteral("bases"), typeNames(origBases)}});
    PyObject *kwds = PyDict_New();
    for (Py_ssize_t i = 0; kwnames && i < PyTuple_GET_SIZE(kwnames); ++i)
        PyDict_SetItem(kwds, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]);

    PyObject *bases = nullptr, *meta = nullptr, *ns = nullptr, *cell = nullptr, *cls = nullptr;
    PyObject *explicitMeta = nullptr;
    bool isClass = true;
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
        addStep("determine_metaclass",
                qualname,
                classLine,
                {{QStringLiteral("metaclass"), qualName(winner)},
                 {QStringLiteral("reason"), metaclassReason(explicitMeta, winner, bases)}});
    } else {
        addStep("determine_metaclass",
                qualname,
                classLine,
                {{QStringLiteral("metaclass"), shortRepr(meta)},
                 {QStringLiteral("reason"),
                  QStringLiteral("given explicitly: a callable that is not a class")}});
    }

    {
        PyObject *prepare = nullptr;
        static PyObject *const prepareName = PyUnicode_InternFromString("__prepare__");
        if (_PyObject_LookupAttr(meta, prepareName, &prepare) < 0)
            goto error;
        QString function = QStringLiteral("(none: a plain dict)");
        if (prepare) {
            PyObject *prepareArgs[2] = {name, bases};
            ns = PyObject_VectorcallDict(prepare, prepareArgs, 2, kwds);
            Py_DECREF(prepare);
            function = isClass
                           ? resolveMethod(reinterpret_cast<PyTypeObject *>(meta), "__prepare__")
                           : QStringLiteral("__prepare__");
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
        addStep("prepare_namespace",
                qualname,
                classLine,
                {{QStringLiteral("function"), function},
                 {QStringLiteral("namespace_type"), qualName(Py_TYPE(ns))}});
    }

    {
        Body body;
        body.code = reinterpret_cast<PyObject *>(code);
        body.ns = ns;
        body.qualname = qualname;
        body.lastLine = classLine;
        g.bodies.push_back(std::move(body));
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
        for (auto &[key, value] : g.bodies.back().seen) {
            Py_DECREF(key);
            Py_DECREF(value);
        }
        g.bodies.pop_back();
    }
    if (!cell)
        goto error;

    if (bases != origBases && PyMapping_SetItemString(ns, "__orig_bases__", origBases) < 0)
        goto error;
    addStep("call_metaclass",
            qualname,
            classLine,
            {{QStringLiteral("metaclass"),
              isClass ? qualName(reinterpret_cast<PyTypeObject *>(meta)) : shortRepr(meta)},
             {QStringLiteral("explicit"), false}});
    {
        PyObject *metaArgs[3] = {name, bases, ns};
        g.buildClassCallsMeta = isClass;
        ++g.learnerCreationDepth;
        cls = PyObject_VectorcallDict(meta, metaArgs, 3, kwds);
        --g.learnerCreationDepth;
        g.buildClassCallsMeta = false;
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
            addStep("class_created",
                    qualname,
                    classLine,
                    classCreatedDetail(reinterpret_cast<PyTypeObject *>(cls)));
        }
        PyObject *lineKey = PyLong_FromLong(classLine);
        PyObject *decorators = g.decorators && PyDict_Check(g.decorators)
                                   ? PyDict_GetItem(g.decorators, lineKey)
                                   : nullptr;
        Py_DECREF(lineKey);
        for (Py_ssize_t i = decorators ? PyList_GET_SIZE(decorators) - 1 : -1; i >= 0; --i) {
            addStep("decorator",
                    qualname,
                    classLine,
                    {{QStringLiteral("function"), toQString(PyList_GET_ITEM(decorators, i))}});
        }
        g.binds.push_back({callerFrame, toQString(name), qualname, classLine});
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
    QJsonObject detail{{QStringLiteral("type"), qualName(reinterpret_cast<PyTypeObject *>(type))},
                       {QStringLiteral("message"), value ? toQString(value) : QString()}};
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
    PyObject *format = PyDict_GetItemString(g.bootstrap, "format_exception");
    PyObject *text = value ? PyObject_CallOneArg(format, value) : nullptr;
    detail.insert(QStringLiteral("traceback"), text ? toQString(text) : QString());
    Py_XDECREF(text);
    PyErr_Clear();
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

    // Wrap type's call and new slots, and the `type.__call__` descriptor that a metaclass's own
    // __call__ reaches through super(): the descriptor keeps the slot function it was made with.
    g.originalTypeCall = PyType_Type.tp_call;
    g.originalTypeNew = PyType_Type.tp_new;
    PyType_Type.tp_call = tracedTypeCall;
    PyType_Type.tp_new = tracedTypeNew;
    PyObject *callDescriptor = PyDict_GetItemString(PyType_Type.tp_dict, "__call__");
    if (callDescriptor && Py_IS_TYPE(callDescriptor, &PyWrapperDescr_Type)) {
        auto *wrapper = reinterpret_cast<PyWrapperDescrObject *>(callDescriptor);
        if (wrapper->d_wrapped == reinterpret_cast<void *>(g.originalTypeCall))
            wrapper->d_wrapped = reinterpret_cast<void *>(tracedTypeCall);
    }
    return true;
}

QJsonObject run(const QByteArray &source, const QString &filename, const TraceLimits &limits)
{
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

    PyObject *sourceBytes = PyBytes_FromStringAndSize(source.constData(), source.size());
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
    }
    PyObject *result = nullptr;
    if (code) {
        PyDict_SetItemString(
            PyEval_GetBuiltins(), "__build_class__", PyCFunction_New(&buildClassDef, nullptr));
        g.deadlineNs = nowNs() + limits.timeoutMs * 1000000;
        g.active = true;
        PyEval_SetTrace(traceFunction, nullptr);
        result = PyEval_EvalCode(code, globals, globals);
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

    QJsonObject run{{QStringLiteral("steps"), g.steps},
                    {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)}};
    collectWriter(stdoutWriter, QStringLiteral("stdout"), run);
    collectWriter(stderrWriter, QStringLiteral("stderr"), run);
    return run;
}

} // namespace Tracer
