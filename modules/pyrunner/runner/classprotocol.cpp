// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classprotocol.h"

#include "classtracing.h"

#include "classtracestate.h"
#include "learnercode.h"
#include "pyobjects.h"
#include "steps.h"

#include <protocol/protocol.h>

#include <QStringList>

#include <frameobject.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace PyRunner {

using namespace Protocol;

namespace {

/** How many references OWNER holds to TARGET, by OWNER's own traversal (as the collector counts).
 */
Py_ssize_t referencesFrom(PyObject *owner, PyObject *target)
{
    struct Count
    {
        PyObject *target;
        Py_ssize_t n;
    } count{target, 0};
    if (traverseproc traverse = Py_TYPE(owner)->tp_traverse; traverse && PyObject_IS_GC(owner)) {
        traverse(
            owner,
            [](PyObject *o, void *arg) {
                auto *c = static_cast<Count *>(arg);
                if (o == c->target)
                    ++c->n;
                return 0;
            },
            &count);
    }
    return count.n;
}

/** Whether O is a kind of object an instance can own (see ownedBy). */
bool ownable(PyObject *o)
{
    if (!PyObject_IS_GC(o) || PyType_Check(o) || PyModule_Check(o) || PyFrame_Check(o)
        || PyCode_Check(o))
        return false;
    return PyList_Check(o) || PyTuple_Check(o) || PyDict_Check(o) || PyAnySet_Check(o)
           || PyCell_Check(o) || PyFunction_Check(o)
           || PyMethod_Check(o)
           // A suspended generator or coroutine: its frame's local variables.
           || PyGen_Check(o) || PyCoro_CheckExact(o) || PyAsyncGen_CheckExact(o)
           || (Py_TYPE(o)->tp_flags & Py_TPFLAGS_HEAPTYPE);
}

/**
 * The objects O refers to that could die with it (ownable): for a function only its closure,
 * defaults and __dict__, never its globals, code or module, which live on anyway.
 */
std::vector<PyObject *> ownableReferents(PyObject *o)
{
    std::vector<PyObject *> found;
    auto visit = [](PyObject *r, void *arg) {
        if (r && ownable(r))
            static_cast<std::vector<PyObject *> *>(arg)->push_back(r);
        return 0;
    };
    if (PyFunction_Check(o)) {
        auto *f = reinterpret_cast<PyFunctionObject *>(o);
        for (PyObject *part : {f->func_closure, f->func_defaults, f->func_kwdefaults, f->func_dict})
            visit(part, &found);
    } else if (traverseproc traverse = Py_TYPE(o)->tp_traverse; traverse && PyObject_IS_GC(o)) {
        traverse(o, visit, &found);
    }
    return found;
}

/**
 * What a part of the exception being raised (the exception, its arguments, a frame of its
 * traceback) holds that could die with it: for a frame its local variables, never its globals,
 * builtins or the frame that called it.
 */
std::vector<PyObject *> exceptionReferents(PyObject *root)
{
    if (!PyFrame_Check(root))
        return ownableReferents(root);
    auto *frame = reinterpret_cast<PyFrameObject *>(root);
    PyObject *globals = PyFrame_GetGlobals(frame);
    PyObject *builtins = PyFrame_GetBuiltins(frame);
    std::vector<PyObject *> found = ownableReferents(root);
    std::erase_if(found, [&](PyObject *r) { return r == globals || r == builtins; });
    Py_XDECREF(globals);
    Py_XDECREF(builtins);
    return found;
}

/**
 * Whether OBJECT outlives the exception being raised: whether something outside it still leads
 * to it. It is the collector's own test on what OBJECT refers to (lists, dicts, tuples, sets,
 * cells, functions' closures, suspended generators' locals, instances, as far as 2000 objects):
 * each one's references that do not come from within, nor from the exception (the exception, its
 * arguments and the frames of its traceback, which hold self until the exception is handled), come
 * from outside (a list in a module, a pool on the class, a caller's local variable on the stack,
 * which the collector cannot see); OBJECT is held if one of those leads back to it, or if anything
 * outside refers to it directly. So self.me = self, its own __dict__ or a child that points back do
 * not keep it; a shared default it merely refers to does not either, nor does a list only
 * __init__'s own local variables hold (the exception's frames and what only they hold are taken as
 * gone, as they are once the exception is handled). A walk too wide to finish counts as held. The
 * exception stays set.
 */
bool heldElsewhere(PyObject *object)
{
    PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    std::vector<PyObject *> exception{value, traceback};
    if (value && PyExceptionInstance_Check(value))
        exception.push_back(reinterpret_cast<PyBaseExceptionObject *>(value)->args);
    for (auto *tb = reinterpret_cast<PyTracebackObject *>(traceback); tb; tb = tb->tb_next) {
        exception.push_back(reinterpret_cast<PyObject *>(tb));
        exception.push_back(reinterpret_cast<PyObject *>(tb->tb_frame));
    }
    std::erase(exception, nullptr);
    const std::unordered_set<PyObject *> ignored(exception.begin(), exception.end());
    bool held = false;
    {
        Suspend suspend;
        // What OBJECT leads to, and what the exception alone holds (the locals of its frames, its
        // arguments), each with its own edges.
        constexpr std::size_t widest = 2000;
        std::vector<PyObject *> within{object};
        std::unordered_set<PyObject *> inside{object};
        for (PyObject *root : exception) {
            for (PyObject *r : exceptionReferents(root)) {
                if (!ignored.count(r) && inside.insert(r).second)
                    within.push_back(r);
            }
        }
        std::vector<std::vector<PyObject *>> edges;
        for (std::size_t i = 0; i < within.size() && !held; ++i) {
            edges.push_back(ownableReferents(within[i]));
            for (PyObject *r : edges.back()) {
                if (!ignored.count(r) && inside.insert(r).second)
                    within.push_back(r);
            }
            held = within.size() > widest;
        }
        // OBJECT itself: the call that made it holds it too, invisibly, so its referrers are
        // asked instead. A frame holding it directly is a call still under way (one of the
        // exception's).
        PyObject *gc = held ? nullptr : PyImport_ImportModule("gc");
        PyObject *referrers = gc ? PyObject_CallMethod(gc, "get_referrers", "O", object) : nullptr;
        if (!held && (!referrers || !PyList_Check(referrers)))
            held = true;
        for (Py_ssize_t i = 0; !held && i < PyList_GET_SIZE(referrers); ++i) {
            PyObject *r = PyList_GET_ITEM(referrers, i);
            held = !inside.count(r) && !ignored.count(r) && !PyFrame_Check(r);
        }
        Py_XDECREF(referrers);
        Py_XDECREF(gc);
        // The rest: held from outside where its count has references no one within (or the
        // exception) accounts for; then whatever those lead to is held too.
        std::vector<PyObject *> reached;
        std::unordered_set<PyObject *> reachedSet;
        for (std::size_t k = 1; !held && k < within.size(); ++k) {
            PyObject *o = within[k];
            Py_ssize_t accounted = 0;
            for (PyObject *from : within)
                accounted += referencesFrom(from, o);
            for (PyObject *from : exception)
                accounted += referencesFrom(from, o);
            if (Py_REFCNT(o) > accounted && reachedSet.insert(o).second)
                reached.push_back(o);
        }
        std::unordered_map<PyObject *, std::size_t> indexOf;
        for (std::size_t i = 0; i < edges.size(); ++i)
            indexOf.emplace(within[i], i);
        for (std::size_t i = 0; !held && i < reached.size(); ++i) {
            const auto at = indexOf.find(reached[i]);
            if (at == indexOf.end())
                continue;
            for (PyObject *r : edges[at->second]) {
                held = held || r == object;
                if (reachedSet.insert(r).second)
                    reached.push_back(r);
            }
        }
        PyErr_Clear();
    }
    PyErr_Restore(type, value, traceback);
    return held;
}

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
    // The classes it stands on that the trace may not have made (ABC, ABCMeta, Model): each
    // one's metaclass and bases, so the object graph draws them as CPython has them.
    QJsonObject lineage;
    auto describe = [&lineage](PyObject *tuple, PyObject *skip) {
        for (Py_ssize_t i = 0; tuple && i < PyTuple_GET_SIZE(tuple); ++i) {
            PyObject *item = PyTuple_GET_ITEM(tuple, i);
            if (item == skip || !PyType_Check(item))
                continue;
            auto *type = reinterpret_cast<PyTypeObject *>(item);
            QJsonArray bases;
            for (Py_ssize_t b = 0; type->tp_bases && b < PyTuple_GET_SIZE(type->tp_bases); ++b)
                bases.append(nameOf(PyTuple_GET_ITEM(type->tp_bases, b)));
            lineage.insert(qualName(type),
                           QJsonObject{{QStringLiteral("metaclass"), qualName(Py_TYPE(type))},
                                       {QStringLiteral("bases"), bases},
                                       {QStringLiteral("is_metaclass"),
                                        PyType_IsSubtype(type, &PyType_Type) != 0}});
        }
    };
    describe(cls->tp_mro, reinterpret_cast<PyObject *>(cls));
    describe(Py_TYPE(cls)->tp_mro, nullptr);
    return {{QStringLiteral("lineage"), lineage},
            {QStringLiteral("mro"), mro},
            {QStringLiteral("bases"), bases},
            {QStringLiteral("metaclass"), qualName(Py_TYPE(cls))},
            {QStringLiteral("attributes"), attributes},
            {QStringLiteral("attribute_values"), values}};
}

/** The qualname the steps use for a class named NAME that a class statement is building now (a
 *  metaclass sees only the bare name). */
QString qualnameFor(const ThreadTrace &thread, const QString &name)
{
    // The innermost statement of that name: the last one begun.
    const auto building
        = std::find_if(thread.building.crbegin(),
                       thread.building.crend(),
                       [&name](const auto &statement) { return statement.first == name; });
    return building != thread.building.crend() ? building->second : name;
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
    QJsonObject detail = classCreatedDetail(reinterpret_cast<PyTypeObject *>(cls));
    if (auto record = g.records.find(cls); record != g.records.end()) {
        detail.insert(QStringLiteral("changes"), record->second.changes);
        record->second.changes = {};
    }
    const int step = addStep(StepKind::ClassCreated, name, line, detail);
    if (known = g.learnerClasses.find(cls); known != g.learnerClasses.end())
        known->second.createdStep = step;
}

/** The name of the first class built under the class statement's NAME (or QUALNAME) since its
 *  metaclass was called at step CALL, when the metaclass returned another class CLS (a
 *  function metaclass that called type() twice); empty otherwise. */
QString firstClassBuiltBefore(PyObject *cls, int call, const QString &name, const QString &qualname)
{
    const auto known = g.learnerClasses.find(cls);
    if (call < 0 || known == g.learnerClasses.end() || known->second.createdStep <= call)
        return {};
    for (int i = call + 1; i < known->second.createdStep; ++i) {
        const QJsonObject step = stepAt(i);
        const QString made = step.value(key(Key::Class)).toString();
        if (step.value(key(Key::Kind)).toString()
                == QLatin1String(stepKindId(StepKind::ClassCreated))
            && (made == name || made == qualname))
            return made;
    }
    return {};
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
namespace {

/** CALL's type.__call__ returned MADE: the last it made, and how many times it ran. */
void noteTypeCallMade(MetaCall &call, PyObject *made)
{
    ++call.typeCalls;
    Py_CLEAR(call.madeRef);
    call.madeAddress = made;
    if (PyType_SUPPORTS_WEAKREFS(Py_TYPE(made))) {
        call.madeRef = PyWeakref_NewRef(made, nullptr);
        PyErr_Clear();
    }
}

} // namespace

/** What the innermost plain-function metaclass made of the body's namespace in the one ARGS
 *  (name, bases, namespace) hands type() on: {added, removed, replaced}, or {} (no function at
 *  work, a namespace that is not a dict, or no change). */
QJsonObject functionMetaclassChange(const ThreadTrace &thread, PyObject *args)
{
    if (thread.functionMetaclassGiven.empty() || PyTuple_GET_SIZE(args) != 3
        || !PyDict_Check(PyTuple_GET_ITEM(args, 2)))
        return {};
    const ThreadTrace::FunctionMetaclass &function = thread.functionMetaclassGiven.back();
    if (function.given.isEmpty())
        return {};
    // A second class the function builds from a dict of its own is not the body's namespace
    // changed: no difference to the body is said of it.
    if (function.classesBuilt > 0 && PyTuple_GET_ITEM(args, 2) != function.ns)
        return {};
    QJsonObject change
        = Snapshot::difference(function.given, Snapshot::of(PyTuple_GET_ITEM(args, 2)));
    // The body's own dict, changed in place, or another one made from it.
    if (!change.isEmpty() && PyTuple_GET_ITEM(args, 2) == function.ns)
        change.insert(QStringLiteral("in_place"), true);
    return change;
}

/** The __new__ that calling TYPE runs. A __new__ written in Python is found on the MRO; one
 *  written in C is TYPE's tp_new slot, which CPython fills from the base that brought it, even
 *  where the class's dict holds another type's __new__ (`__new__ = dict.__new__` leaves type's
 *  tp_new in place: CPython never calls what was assigned). */
QString newFunctionOf(PyTypeObject *type)
{
    if (isPythonMethod(type, "__new__"))
        return resolveMethod(type, "__new__");
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        auto *base = reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(mro, i));
        if (!PyType_Check(reinterpret_cast<PyObject *>(base)) || !base->tp_dict
            || base->tp_new != type->tp_new)
            continue;
        // The class whose own __new__ wrapper stands for this slot.
        PyObject *own = PyDict_GetItemString(base->tp_dict, "__new__");
        if (own && PyCFunction_Check(own)
            && PyCFunction_GET_SELF(own) == reinterpret_cast<PyObject *>(base))
            return qualName(base) + QStringLiteral(".__new__");
    }
    return resolveMethod(type, "__new__");
}

/** The first __new__ written in C on TYPE's MRO, "object.__new__" for a plain class: what
 *  allocates its instances, whatever __new__s written in Python come before it. */
QString builtinNewOf(PyTypeObject *type)
{
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        auto *base = reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(mro, i));
        if (!PyType_Check(reinterpret_cast<PyObject *>(base)) || !base->tp_dict
            || !PyDict_GetItemString(base->tp_dict, "__new__"))
            continue;
        if (!isPythonMethod(base, "__new__"))
            return qualName(base) + QStringLiteral(".__new__");
    }
    return QStringLiteral("object.__new__");
}

PyObject *typeCallSteps(PyObject *callable, PyObject *args, PyObject *kwds)
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
    int newStep = -1;
    // The metaclass __call__ (by its index) this type.__call__ works for: told what it made.
    std::size_t metaIndex = std::size_t(-1);
    if (makesClass) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(args, 0)))
            return g.originalTypeCall(callable, args, kwds);
        // The learner's class: its class statement, its own call of a metaclass, or a call a
        // library makes for it when nothing of the learner's is being made (types.new_class).
        // A library making a class of its own while the learner's is made is counted instead
        // (type.__new__ sees it).
        if (!fromBuildClass && !calledFromLearnerCode()
            && !(thread.learnerCreationDepth == 0 && onLearnersBehalf()))
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
            if (thread.functionMetaclassDepth > 0) {
                detail.insert(QStringLiteral("inside_function_metaclass"), true);
                // What the function made of the body's namespace before handing it on.
                if (const QJsonObject change = functionMetaclassChange(thread, args);
                    !change.isEmpty())
                    detail.insert(QStringLiteral("namespace_changes"), change);
            }
            if (PyTuple_Check(PyTuple_GET_ITEM(args, 1)))
                detail.insert(QStringLiteral("base_mros"), baseMros(PyTuple_GET_ITEM(args, 1)));
            // A class statement of that name made its class and waits for its decorators: this
            // builds another class object of the same name (dataclass(slots=True) does).
            if (std::any_of(thread.binds.cbegin(), thread.binds.cend(), [&cls](const auto &b) {
                    return b.value && PyType_Check(b.value) && (b.qualname == cls || b.name == cls);
                }))
                detail.insert(QStringLiteral("first_class"), cls);
            // The namespace handed to type() (no class body filled it): what the Namespace
            // table shows while this class is built. Read from the dict, running no code.
            if (PyObject *given = PyTuple_GET_ITEM(args, 2); PyDict_Check(given)) {
                QJsonArray names;
                PyObject *key = nullptr, *value = nullptr;
                for (Py_ssize_t pos = 0; PyDict_Next(given, &pos, &key, &value);) {
                    if (PyUnicode_Check(key))
                        names.append(QJsonObject{{QStringLiteral("name"), toQString(key)},
                                                 {QStringLiteral("value"), safeRepr(value)}});
                }
                detail.insert(QStringLiteral("namespace_given"), names);
            }
            addStep(StepKind::CallMetaclass, cls, line, detail);
        }
        // A metaclass __new__ written in Python announces itself when it runs (each one of a
        // chain); one written in C is named here.
        const QString newFunction = newFunctionOf(type);
        if (newFunction != QLatin1String("type.__new__") && !isPythonMethod(type, "__new__"))
            newStep = addStep(StepKind::MetaNew,
                              cls,
                              line,
                              {{QStringLiteral("function"), newFunction},
                               {QStringLiteral("yours"), false},
                               {QStringLiteral("function_line"), 0}});
        ++thread.learnerCreationDepth;
        thread.creating.push_back(cls);
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
            metaIndex = thread.metaCalls.size() - 1;
        } else {
            line = learnerLine();
            QJsonObject detail{
                {QStringLiteral("function"), resolveMethod(Py_TYPE(type), "__call__")}};
            // A metaclass __call__ reaching type.__call__ a second time (super().__call__ again),
            // or for another class (super(M, Sub).__call__()): type.__call__ called from it, not
            // a new call of the class by the program, nor a run of a __call__ of Python's.
            if (!thread.metaCalls.empty()
                && (thread.metaCalls.back().cls == callable
                    || isPythonMethod(Py_TYPE(type), "__call__"))) {
                detail.insert(QStringLiteral("function"), QStringLiteral("type.__call__"));
                detail.insert(QStringLiteral("called_by"), thread.metaCalls.back().function);
                thread.metaCalls.back().reachedTypeCall = true;
                metaIndex = thread.metaCalls.size() - 1;
            }
            addStep(StepKind::InstanceCall, cls, line, detail);
        }
        newStep = addStep(StepKind::InstanceNew,
                          cls,
                          line,
                          {{QStringLiteral("function"), newFunctionOf(type)},
                           {QStringLiteral("function_line"), functionLine(type, "__new__")}});
    }
    // The classes recorded (with what they held, which keeps them alive) while this call runs.
    std::unordered_set<PyObject *> recordedBefore;
    if (makesClass) {
        for (const auto &record : g.records)
            recordedBefore.insert(record.first);
    }
    auto done
        = [makesClass, fromBuildClass, metaIndex, &thread, &recordedBefore](PyObject *result) {
              if (result && metaIndex < thread.metaCalls.size())
                  noteTypeCallMade(thread.metaCalls[metaIndex], result);
              if (makesClass && result && !fromBuildClass && !thread.functionMetaclassGiven.empty())
                  ++thread.functionMetaclassGiven.back().classesBuilt;
              if (makesClass) {
                  --thread.learnerCreationDepth;
                  thread.creating.pop_back();
                  // A class built and then dropped (a metaclass __new__ or __init__ raised after
                  // type.__new__ made it) must die as it would untraced: its record lets it go.
                  // The same for one built in this call that the call did not return (a metaclass
                  // __new__ that handed back another class).
                  std::erase_if(g.records, [&](const auto &record) {
                      return !recordedBefore.count(record.first) && record.first != result;
                  });
              }
              return result;
          };

    if (!type->tp_new) {
        PyErr_Format(PyExc_TypeError, "cannot create '%s' instances", type->tp_name);
        noteOutcome(newStep, nullptr);
        return done(nullptr);
    }
    const std::uint64_t allocatedBefore = g.allocations;
    if (!makesClass)
        ++g.watching;
    if (!makesClass) {
        ++g.instanceCalls;
        thread.instanceWork.push_back({callable, false, cls, PyEval_GetFrame(), {}, false});
    }
    PyObject *object = type->tp_new(type, args, kwds);
    if (!makesClass)
        thread.instanceWork.pop_back();
    // Allocated by this call (by its __new__, or by anything it called)?
    bool allocatedHere = false;
    // __new__ raised after it made an instance (object.__new__ ran, then its own code raised):
    // whether that instance lives on outside the exception.
    bool madeBeforeRaising = false, madeEscaped = false;
    if (!makesClass) {
        const auto it = object ? g.allocated.find(object) : g.allocated.end();
        allocatedHere = it != g.allocated.end() && it->second > allocatedBefore;
        if (!object) {
            if (PyObject *made = allocatedSince(allocatedBefore, type)) {
                madeBeforeRaising = true;
                madeEscaped = heldElsewhere(made);
            }
        }
        if (--g.watching == 0)
            forgetAllocations();
    }
    if (makesClass) {
        flushFolded(thread, cls, line);
        // A metaclass __new__ written in C that failed after what it called inside had run
        // (ctypes' checks come after type.__new__ built the class): its failure is told after.
        if (!object && newStep >= 0) {
            const int start = newStep;
            newStep = outcomeStep(newStep);
            for (int i = start + 1; i < newStep; ++i) {
                const QJsonObject inside = g.steps.at(i).toObject();
                if (inside.value(key(Key::Kind)).toString()
                        == QLatin1String(stepKindId(StepKind::MetaNew))
                    && stepDetail(i).contains(QStringLiteral("returned")))
                    amendStep(newStep, QStringLiteral("built"), true);
            }
        }
    } else { // a class or an instance made inside __new__ is told before what __new__ returned
        newStep = outcomeStep(newStep);
    }
    if (!object) {
        // Nothing was made: the step says what was raised, and nothing is drawn.
        noteOutcome(newStep, nullptr);
        if (!makesClass && newStep >= 0) {
            amendStep(newStep, QStringLiteral("made"), false);
            if (madeBeforeRaising) {
                amendStep(newStep, QStringLiteral("built"), true);
                if (madeEscaped)
                    amendStep(newStep, QStringLiteral("escaped"), true);
            }
        }
        return done(nullptr);
    }
    if (!PyObject_TypeCheck(object, type)) {
        // Not an instance of what was called: CPython skips __init__, and so do we, saying so.
        if (newStep >= 0) {
            amendStep(newStep, QStringLiteral("returned"), safeRepr(object));
            amendStep(newStep, QStringLiteral("returned_type"), qualName(Py_TYPE(object)));
            if (!makesClass)
                amendStep(newStep, QStringLiteral("made"), false);
            // Made during the call, of another of the learner's classes (object.__new__(Other)
            // in W.__new__): a new object all the same, drawn as what it is.
            if (!makesClass && allocatedHere) {
                amendStep(newStep, QStringLiteral("made_type"), qualName(Py_TYPE(object)));
                amendStep(newStep, QStringLiteral("made_here"), true);
            }
        }
        addStep(makesClass ? StepKind::MetaInitSkipped : StepKind::InstanceInitSkipped,
                cls,
                line,
                {{QStringLiteral("returned"), safeRepr(object)},
                 {QStringLiteral("returned_type"), qualName(Py_TYPE(object))},
                 {QStringLiteral("expected"), qualName(type)}});
        return done(object);
    }
    // An instance made before this call, handed back (a pool, a cache, a singleton): no instance
    // is made by this call, and __init__ runs on it again. The learner's classes' allocations are
    // watched, so for their instances that is exact; for another class's, one a traced __new__
    // made before and something else still holds.
    const bool existing = !makesClass
                          && (Py_TYPE(object)->tp_alloc == watchedAlloc
                                  ? !allocatedHere
                                  : Py_REFCNT(object) > 1 && g.instancesMade.count(object));
    const bool again = existing && g.instancesInitialised.count(object);
    if (newStep >= 0 && !makesClass) {
        amendStep(newStep, QStringLiteral("made"), !existing);
        // A __new__ written in Python makes nothing itself: the one written in C that it reached
        // (through super(), or called) did.
        if (!existing && isPythonMethod(type, "__new__"))
            amendStep(newStep, QStringLiteral("made_by"), builtinNewOf(type));
        if (existing) {
            amendStep(newStep, QStringLiteral("existing"), safeRepr(object));
            amendStep(newStep, QStringLiteral("again"), again);
        }
        // A tuple, int, str, bytes, frozenset, float or complex cannot change once made: its
        // __new__ fills it (NamedTuple's fields, an int's value), not __init__.
        if (!existing) {
            for (auto [base, name] : {std::pair{&PyTuple_Type, "tuple"},
                                      std::pair{&PyLong_Type, "int"},
                                      std::pair{&PyUnicode_Type, "str"},
                                      std::pair{&PyBytes_Type, "bytes"},
                                      std::pair{&PyFrozenSet_Type, "frozenset"},
                                      std::pair{&PyFloat_Type, "float"},
                                      std::pair{&PyComplex_Type, "complex"}}) {
                if (PyObject_TypeCheck(object, base)) {
                    amendStep(newStep, QStringLiteral("filled_as"), QLatin1String(name));
                    break;
                }
            }
        }
        // Attributes __new__ already set on it (self.tag = ... before returning it): it is not
        // empty. Read from its own __dict__, running none of the program's code.
        if (!existing && Py_TYPE(object)->tp_dictoffset != 0) {
            Suspend suspend;
            PyObject *dict = PyObject_GenericGetDict(object, nullptr);
            if (dict && PyDict_Check(dict) && PyDict_GET_SIZE(dict) > 0) {
                QJsonArray names;
                PyObject *name = nullptr, *value = nullptr;
                for (Py_ssize_t pos = 0; PyDict_Next(dict, &pos, &name, &value);) {
                    if (PyUnicode_Check(name))
                        names.append(toQString(name));
                }
                amendStep(newStep, QStringLiteral("set_in_new"), names);
            }
            Py_XDECREF(dict);
            PyErr_Clear();
        }
        // object.__new__(Child) in Parent.__new__: a Child, which is a Parent too.
        if (Py_TYPE(object) != type)
            amendStep(newStep, QStringLiteral("made_type"), qualName(Py_TYPE(object)));
    } else if (newStep >= 0) {
        noteOutcome(newStep, object);
    }
    if (!makesClass && !existing)
        g.instancesMade.insert(object);
    PyTypeObject *objectType = Py_TYPE(object);
    if (objectType->tp_init) {
        const QString initFunction = resolveMethod(objectType, "__init__");
        int initStep
            = addStep(makesClass ? StepKind::MetaInit : StepKind::InstanceInit,
                      cls,
                      line,
                      {{QStringLiteral("function"), initFunction},
                       // Written by the learner, not put there by a decorator or a library.
                       {QStringLiteral("yours"), functionLine(objectType, "__init__") > 0},
                       {QStringLiteral("function_line"), functionLine(objectType, "__init__")}});
        if (existing) {
            amendStep(initStep, QStringLiteral("existing"), safeRepr(object));
            amendStep(initStep, QStringLiteral("again"), again);
        }
        // A metaclass __new__ that handed back a class made before (a cache): its __init__
        // runs on that class, and no class of this name is made.
        if (makesClass && PyType_Check(object) && !g.records.count(object)
            && !recordedBefore.count(object))
            amendStep(initStep, QStringLiteral("existing"), safeRepr(object));
        // Run on it, whether it then finishes or raises: a later call handing it back runs
        // __init__ again.
        if (!makesClass)
            g.instancesInitialised.insert(object);
        if (makesClass)
            thread.metaInits.push_back({object, cls, initStep, false});
        else
            thread.instanceWork.push_back({object, true, cls, PyEval_GetFrame(), {}, false});
        const int initResult = objectType->tp_init(object, args, kwds);
        // Whether __init__'s own code ran (a frame that held the instance): not when its
        // arguments did not bind, nor for one written in C.
        bool initStarted = true;
        if (makesClass) {
            thread.metaInits.pop_back();
        } else {
            initStarted = thread.instanceWork.back().started;
            thread.instanceWork.pop_back();
        }
        // What happened inside __init__ (an instance it made, an __init__ it called through
        // super()) is told before how it ended.
        // (A metaclass __init__ written in Python has told its own end already: that step.)
        const int initStart = initStep;
        const int toldEnd = stepDetail(initStep).value(QStringLiteral("continued_at")).toInt(-1);
        initStep = toldEnd >= 0 ? toldEnd : outcomeStep(initStep);
        if (initResult < 0) {
            noteOutcome(initStep, nullptr);
            // type.__call__ refusing what __init__ returned, not __init__ raising: say so.
            const QJsonObject raised
                = stepDetail(initStep).value(QStringLiteral("raised")).toObject();
            const QString message = raised.value(QStringLiteral("message")).toString();
            if (message.startsWith(QLatin1String("__init__() should return None, not '")))
                amendStep(initStep,
                          QStringLiteral("returned_type"),
                          message.section(QLatin1Char('\''), 1, 1));
            // Something else holds it (stored somewhere before __init__ raised): the half-made
            // instance lives on there. The exception's own frames, which hold self until the
            // exception is handled, do not count.
            if (!makesClass && !existing && heldElsewhere(object))
                amendStep(initStep, QStringLiteral("escaped"), true);
            else if (!makesClass && !initStarted)
                amendStep(initStep, QStringLiteral("started"), false);
            settleOutcome(initStart, initStep);
            Py_DECREF(object);
            return done(nullptr);
        }
        if (makesClass && g.records.count(object)) {
            const QJsonObject change = noteChanges(object, initFunction);
            if (!change.isEmpty())
                amendStep(initStep, QStringLiteral("changes"), change);
        }
        settleOutcome(initStart, initStep);
    }
    if (makesClass && !fromBuildClass) {
        announceClass(object, cls, line);
        g.records.erase(object); // its making is over (no name is bound by this call)
    }
    return done(object);
}

// type's tp_new: announces type.__new__, lets CPython build the class.
PyObject *typeNewSteps(PyTypeObject *metatype, PyObject *args, PyObject *kwds)
{
    if (!g.active || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) != 3)
        return g.originalTypeNew(metatype, args, kwds);
    ThreadTrace &thread = here();
    if (thread.suspended || !tracedHere())
        return g.originalTypeNew(metatype, args, kwds);
    const QString name = qualnameFor(thread, toQString(PyTuple_GET_ITEM(args, 0)));
    // The learner's class: the one being made (whoever calls type.__new__ for it), one the
    // learner's own code makes directly, or one a library makes for the learner when nothing of
    // the learner's is being made. Any other is a library's own: counted, folded into one step.
    const bool making = !thread.creating.empty()
                        && thread.creating.back().section(QLatin1Char('.'), -1)
                               == name.section(QLatin1Char('.'), -1);
    if (!making && !calledFromLearnerCode()
        && !(thread.learnerCreationDepth == 0 && onLearnersBehalf())) {
        if (thread.learnerCreationDepth > 0)
            fold(thread, name, PyTuple_GET_ITEM(args, 2));
        return g.originalTypeNew(metatype, args, kwds);
    }
    if (g.stopRequested)
        return raiseStop();
    // type(name, bases, ns) where a base's metaclass is more derived and has a __new__ of its
    // own: type.__new__ hands the work to that __new__ before anything is built (CPython's
    // type_new does), and its super().__new__ is the type.__new__ that builds the class.
    PyTypeObject *winner = metatype; // the most derived of the metaclasses at hand
    if (PyObject *bases = PyTuple_GET_ITEM(args, 1); PyTuple_Check(bases)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); ++i) {
            PyTypeObject *candidate = Py_TYPE(PyTuple_GET_ITEM(bases, i));
            if (PyType_IsSubtype(candidate, winner))
                winner = candidate;
        }
        if (winner != metatype && isPythonMethod(winner, "__new__")
            && (thread.typeNewNames.empty() || thread.typeNewNames.back() != name)) {
            const int handover
                = addStep(StepKind::MetaNew,
                          name,
                          learnerLine(),
                          {{QStringLiteral("function"), QStringLiteral("type.__new__")},
                           {QStringLiteral("called_with"), qualName(metatype)},
                           {QStringLiteral("handed_to"), resolveMethod(winner, "__new__")}});
            PyObject *cls = g.originalTypeNew(metatype, args, kwds);
            if (!cls)
                noteOutcome(outcomeStep(handover), nullptr);
            return cls;
        }
    }
    // type.__new__ hands the work to the winning metaclass's tp_new when that is not its own
    // (it is ours, now): one call for the learner, one step.
    int step = -1;
    if (thread.typeNewNames.empty() || thread.typeNewNames.back() != name) {
        QJsonObject detail{{QStringLiteral("function"), QStringLiteral("type.__new__")}};
        // Called with a metaclass a base's is more derived than (type('D', (Base,), {})): the
        // class is built with the more derived one, whose __new__ is this same type.__new__.
        if (winner != metatype) {
            detail.insert(QStringLiteral("called_with"), qualName(metatype));
            detail.insert(QStringLiteral("metaclass"), qualName(winner));
        }
        step = addStep(StepKind::MetaNew, name, learnerLine(), detail);
    }
    const Snapshot given = Snapshot::of(PyTuple_GET_ITEM(args, 2));
    // The chain of metaclass __new__s that led here, outermost first: what each did to the
    // namespace before handing it on is its doing (the innermost handed it to type.__new__).
    // Copies: the hooks stack may grow (and move) while type.__new__ runs.
    std::vector<HookCall> chain;
    for (const HookCall &hook : thread.hooks) {
        // Only those making this class: a class one of them makes for itself (a companion built
        // with type()) has no part of theirs.
        if (!hook.cls && hook.by.endsWith(QLatin1String(".__new__"))
            && hook.making == name.section(QLatin1Char('.'), -1))
            chain.push_back(hook);
    }
    if (!chain.empty())
        noteNamespaceChanges(chain.back(), given);
    // The keywords __init_subclass__ will receive: the class statement's, as given here.
    QJsonObject keywords;
    if (kwds && PyDict_Check(kwds)) {
        PyObject *key = nullptr, *value = nullptr;
        Py_ssize_t position = 0;
        while (PyDict_Next(kwds, &position, &key, &value))
            keywords.insert(toQString(key), safeRepr(value));
    }
    thread.typeNewKeywords.push_back(keywords);
    ++thread.typeNewDepth;
    thread.typeNewNames.push_back(name);
    const int firstInside = step + 1;
    PyObject *cls = g.originalTypeNew(metatype, args, kwds);
    thread.typeNewNames.pop_back();
    --thread.typeNewDepth;
    thread.typeNewKeywords.pop_back();
    if (!cls) {
        noteFailedTypeNew(thread, step, firstInside, name, keywords);
        return nullptr;
    }
    trackClass(cls);
    if (step >= 0 && PyType_Check(cls)) {
        // What type.__new__ made of the namespace (before __set_name__ and __init_subclass__,
        // which have their own steps, changed it).
        ClassRecord &record = g.records[cls];
        if (!record.hasProduct) {
            record.product = Snapshot::of(cls);
            record.current = record.product;
            record.hasProduct = true;
        }
        QJsonObject change = Snapshot::difference(given, record.product);
        if (!change.isEmpty()) {
            amendStep(step, QStringLiteral("changes"), change);
            change.insert(QStringLiteral("by"), QStringLiteral("type.__new__"));
            record.changes.prepend(change);
        }
        // Before it: what each metaclass __new__ did to the namespace, outermost first.
        for (auto hook = chain.rbegin(); hook != chain.rend(); ++hook) {
            const QJsonObject handed
                = stepDetail(hook->step).value(QStringLiteral("namespace_changes")).toObject();
            if (handed.isEmpty())
                continue;
            QJsonObject before = handed;
            before.insert(QStringLiteral("by"), hook->by);
            record.changes.prepend(before);
        }
        // And first of all, what a plain-function metaclass did to the body's namespace.
        if (thread.functionMetaclassDepth > 0 && making) {
            if (QJsonObject change = functionMetaclassChange(thread, args); !change.isEmpty()) {
                change.remove(QStringLiteral("in_place"));
                change.insert(QStringLiteral("by"), thread.functionMetaclassGiven.back().name);
                record.changes.prepend(change);
            }
        }
        amendStep(step, QStringLiteral("returned"), safeRepr(cls));
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
/** Where CLS.NAME comes from, as "Owner.NAME": CLS's own MRO first, then its metaclass's (a
 *  class that is not a metaclass, such as a built-in function's type, finds __prepare__ on
 *  type, through its own type). */
QString classAttributeOwner(PyObject *cls, const char *name)
{
    for (PyTypeObject *type : {reinterpret_cast<PyTypeObject *>(cls), Py_TYPE(cls)}) {
        PyObject *mro = type->tp_mro;
        for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
            PyObject *item = PyTuple_GET_ITEM(mro, i);
            if (PyType_Check(item) && reinterpret_cast<PyTypeObject *>(item)->tp_dict
                && PyDict_GetItemString(reinterpret_cast<PyTypeObject *>(item)->tp_dict, name))
                return qualName(reinterpret_cast<PyTypeObject *>(item)) + QLatin1Char('.')
                       + QLatin1String(name);
        }
    }
    return resolveMethod(reinterpret_cast<PyTypeObject *>(cls), name);
}

PyObject *buildClassSteps(PyObject *, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
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
        addStep(StepKind::ClassStatement, qualname, classLine, detail);
    }

    PyObject *bases = nullptr, *meta = nullptr, *ns = nullptr, *cell = nullptr, *cls = nullptr;
    PyObject *explicitMeta = nullptr;
    bool isClass = true;
    QString metaName;
    int callStep = -1;      // the step that calls the metaclass
    QJsonObject callDetail; // and what it says
    bases = resolveBases(origBases);
    if (!bases)
        goto error;
    if (bases != origBases) {
        addStep(StepKind::ResolveBases,
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
        if (!winner) {
            // A metaclass conflict: no metaclass is chosen, and the class is never made.
            addStep(StepKind::DetermineMetaclass,
                    qualname,
                    classLine,
                    {{QStringLiteral("metaclass"), QString()},
                     {QStringLiteral("makes_classes"), false},
                     {QStringLiteral("raised"), raisedNow()}});
            goto error;
        }
        Py_INCREF(winner);
        Py_SETREF(meta, reinterpret_cast<PyObject *>(winner));
        metaName = qualName(winner);
        addStep(StepKind::DetermineMetaclass,
                qualname,
                classLine,
                {{QStringLiteral("metaclass"), metaName},
                 {QStringLiteral("makes_classes"), PyType_IsSubtype(winner, &PyType_Type) != 0},
                 {QStringLiteral("reason"), metaclassReason(explicitMeta, winner, bases)}});
    } else {
        metaName = PyFunction_Check(meta) ? toQString(
                       reinterpret_cast<PyCodeObject *>(PyFunction_GET_CODE(meta))->co_qualname)
                                          : safeRepr(meta);
        addStep(StepKind::DetermineMetaclass,
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
            function = isClass ? classAttributeOwner(meta, "__prepare__")
                               : QStringLiteral("%1.__prepare__").arg(metaName);
        } else {
            ns = PyDict_New();
        }
        if (!ns) {
            if (!function.isEmpty()) {
                addStep(StepKind::PrepareNamespace,
                        qualname,
                        classLine,
                        {{QStringLiteral("function"), function},
                         {QStringLiteral("called"), true},
                         {QStringLiteral("raised"), raisedNow()}});
            }
            goto error;
        }
        if (!PyMapping_Check(ns)) {
            PyErr_Format(PyExc_TypeError,
                         "%.200s.__prepare__() must return a mapping, not %.200s",
                         isClass ? reinterpret_cast<PyTypeObject *>(meta)->tp_name : "<metaclass>",
                         Py_TYPE(ns)->tp_name);
            // __prepare__ returned; Python refuses what it returned: said on its step.
            addStep(StepKind::PrepareNamespace,
                    qualname,
                    classLine,
                    {{QStringLiteral("function"), function},
                     {QStringLiteral("called"), true},
                     {QStringLiteral("returned"), safeRepr(ns)},
                     {QStringLiteral("returned_type"), qualName(Py_TYPE(ns))},
                     {QStringLiteral("raised"), raisedNow()}});
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
        addStep(StepKind::PrepareNamespace, qualname, classLine, detail);
        for (const QJsonValue entry : std::as_const(prepared)) {
            addStep(StepKind::NamespacePrepared,
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
    if (!cell) {
        // The body raised: the metaclass is never called, and no class is made.
        addStep(
            StepKind::ClassStatementResult,
            qualname,
            classLine,
            {{QStringLiteral("name"), toQString(name)}, {QStringLiteral("raised"), raisedNow()}});
        goto error;
    }

    if (bases != origBases) {
        if (PyMapping_SetItemString(ns, "__orig_bases__", origBases) < 0)
            goto error;
        // After the body: the bases as written, kept because __mro_entries__ replaced some.
        addStep(StepKind::NamespaceSet,
                qualname,
                classLine,
                {{QStringLiteral("name"), QStringLiteral("__orig_bases__")},
                 {QStringLiteral("value"), safeRepr(origBases)},
                 {QStringLiteral("implicit"), true},
                 {QStringLiteral("after_body"), true}});
    }
    {
        QJsonObject detail{{QStringLiteral("metaclass"), metaName},
                           {QStringLiteral("explicit"), false},
                           {QStringLiteral("name"), toQString(name)}};
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        // A class that is not a metaclass (a base that is a function, say): calling it makes
        // one of its instances, if anything, never a class.
        if (isClass && !PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(meta), &PyType_Type))
            detail.insert(QStringLiteral("makes_classes"), false);
        callStep = addStep(StepKind::CallMetaclass, qualname, classLine, detail);
        callDetail = detail;
    }
    {
        PyObject *metaArgs[3] = {name, bases, ns};
        thread.building.emplace_back(toQString(name), qualname);
        thread.buildClassCallsMeta = isClass;
        ++thread.learnerCreationDepth;
        if (!isClass) {
            ++thread.functionMetaclassDepth;
            thread.functionMetaclassGiven.push_back(
                {metaName, PyDict_Check(ns) ? Snapshot::of(ns) : Snapshot(), ns});
        }
        cls = PyObject_VectorcallDict(meta, metaArgs, 3, kwds);
        if (!isClass) {
            --thread.functionMetaclassDepth;
            thread.functionMetaclassGiven.pop_back();
        }
        --thread.learnerCreationDepth;
        thread.buildClassCallsMeta = false;
        thread.building.pop_back();
    }
    if (!cls && PyErr_Occurred() && callStep >= 0) {
        // The metaclass call raised. Where no step inside it says so (a metaclass whose own
        // code is C, or a function that raised by itself), the call's end does: the class is
        // never made.
        // (A failure of another class's making inside it, such as a plain class used as the
        // metaclass refusing the three arguments, does not say this class was never made.)
        bool told = false;
        for (qsizetype i = callStep + 1; i < g.steps.size() && !told; ++i)
            told = stepDetail(int(i)).contains(QStringLiteral("raised"))
                   && g.steps.at(i).toObject().value(key(Key::Class)).toString() == qualname;
        if (!told) {
            QJsonObject ended = callDetail;
            ended.insert(QStringLiteral("raised"), raisedNow());
            if (callStep == g.steps.size() - 1)
                amendStep(
                    callStep, QStringLiteral("raised"), ended.value(QStringLiteral("raised")));
            else
                addStep(StepKind::CallMetaclass, qualname, classLine, ended);
        }
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
            // Raised by the class statement itself, after the metaclass returned: said here.
            addStep(StepKind::ClassStatementResult,
                    qualname,
                    classLine,
                    {{QStringLiteral("name"), toQString(name)},
                     {QStringLiteral("raised"), raisedNow()},
                     {QStringLiteral("class_cell"), true}});
            Py_CLEAR(cls);
        }
    }
    if (cls) {
        bool existing = false;
        if (PyType_Check(cls) && callStep >= 0) {
            // A class the statement did not make (its metaclass returned int, or a class made
            // earlier): no class is announced for it, and nothing of the program starts being
            // traced as a learner's class.
            const auto known = g.learnerClasses.find(cls);
            const bool madeHere
                = g.records.count(cls) > 0
                  || (known != g.learnerClasses.end()
                      && (!known->second.announced || known->second.createdStep > callStep));
            existing = !madeHere;
        }
        if (PyType_Check(cls)) {
            if (!existing)
                announceClass(cls, qualname, classLine);
        } else {
            // The metaclass returned something that is not a class: that is what the name gets.
            addStep(StepKind::ClassStatementResult,
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
        if (PyType_Check(cls))
            thread.binds.back().firstClass
                = firstClassBuiltBefore(cls, callStep, toQString(name), qualname);
        thread.binds.back().existing = existing;
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

// The entry points CPython calls: where the steps kept outgrow the run's memory, the run is
// stopped with a step that says so (outOfMemory), not aborted with every step lost.
template<typename Call>
PyObject *guarded(Call &&call)
{
    try {
        return call();
    } catch (const std::bad_alloc &) {
        outOfMemory();
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return nullptr;
    }
}

PyObject *tracedTypeCall(PyObject *callable, PyObject *args, PyObject *kwds)
{
    return guarded([=] { return typeCallSteps(callable, args, kwds); });
}

PyObject *tracedTypeNew(PyTypeObject *metatype, PyObject *args, PyObject *kwds)
{
    return guarded([=] { return typeNewSteps(metatype, args, kwds); });
}

PyObject *
tracedBuildClass(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    return guarded([=] { return buildClassSteps(self, args, nargs, kwnames); });
}

// METH_FASTCALL functions travel as PyCFunction; the double cast says so to the compiler.
PyMethodDef buildClassDef
    = {"__build_class__",
       reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(tracedBuildClass)),
       METH_FASTCALL | METH_KEYWORDS,
       "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class"};

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

} // namespace

namespace ClassProtocol {

void install()
{
    g.threadHook = PyCFunction_New(&threadHookDef, nullptr);
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
}

void start()
{
    PyDict_SetItemString(
        PyEval_GetBuiltins(), "__build_class__", PyCFunction_New(&buildClassDef, nullptr));
    g.active = true;
    PyObject *startThreads = PyDict_GetItemString(g.bootstrap, "trace_threads");
    Py_XDECREF(PyObject_CallOneArg(startThreads, g.threadHook));
    PyErr_Clear();
    PyEval_SetTrace(traceFunction, nullptr);
}

void stop()
{
    PyEval_SetTrace(nullptr, nullptr);
    g.active = false;
    PyDict_SetItemString(PyEval_GetBuiltins(), "__build_class__", g.originalBuildClass);
}

} // namespace ClassProtocol

} // namespace PyRunner
