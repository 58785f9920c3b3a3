// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The class tracer's C trace function: Python-level calls and returns that take part in making a
// class (a metaclass's __new__ chain, __init_subclass__, __set_name__, decorators, a metaclass's
// __call__, a learner's __setattr__), and the lines of class bodies.

#include "classtracing.h" // Python.h first

#include "classtracestate.h"
#include "learnercode.h"
#include "pyobjects.h"
#include "reprtext.h"
#include "steps.h"

#include <protocol/protocol.h>

#include <QStringList>

#include <frameobject.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <optional>

namespace PyRunner {

using namespace Protocol;

/** Whether this thread runs under our tracer now: a program may switch tracing off (sys.settrace
 *  (None)) or put its own in. Then nothing is followed: half a class seen is worse than none. */
bool tracedHere()
{
    return PyThreadState_Get()->c_tracefunc == traceFunction;
}

/** The function in CLS's MRO named NAME whose code is CODE (a classmethod's function), or null. */
PyObject *functionWithCode(PyObject *cls, const char *name, PyCodeObject *code)
{
    PyObject *mro = reinterpret_cast<PyTypeObject *>(cls)->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        PyObject *function
            = methodFunction(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(mro, i)), name);
        if (function && PyFunction_GET_CODE(function) == reinterpret_cast<PyObject *>(code))
            return function;
        Py_XDECREF(function);
    }
    return nullptr;
}

/** Which of the learner's classes in TYPE's MRO holds a function NAME whose code is CODE (one
 *  the learner wrote, or one a decorator wrote onto the class): its name, or empty. */
QString ownFunctionHasCode(PyTypeObject *type, const char *name, PyCodeObject *code)
{
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); ++i) {
        PyObject *base = PyTuple_GET_ITEM(mro, i);
        if (!isLearnerClass(base))
            continue;
        PyObject *function = methodFunction(reinterpret_cast<PyTypeObject *>(base), name);
        const bool same
            = function && PyFunction_GET_CODE(function) == reinterpret_cast<PyObject *>(code);
        Py_XDECREF(function);
        if (same)
            return qualName(reinterpret_cast<PyTypeObject *>(base));
    }
    return {};
}

/**
 * The keywords an __init_subclass__ that another one called (super().__init_subclass__(**kw))
 * received: its **kwargs, and each named parameter whose value is not its default (what the
 * caller passed on, not the class statement's).
 */
QJsonObject receivedKeywords(PyFrameObject *frame, PyCodeObject *code, PyObject *cls)
{
    QJsonObject keywords;
    PyObject *function = functionWithCode(cls, "__init_subclass__", code);
    PyObject *defaults = function ? PyFunction_GetDefaults(function) : nullptr;     // borrowed
    PyObject *kwDefaults = function ? PyFunction_GetKwDefaults(function) : nullptr; // borrowed
    PyObject *names = PyCode_GetVarnames(code);
    const int positional = code->co_argcount;
    const int named = positional + code->co_kwonlyargcount;
    for (int i = std::max(1, code->co_posonlyargcount); names && i < named; ++i) {
        PyObject *name = PyTuple_GET_ITEM(names, i);
        PyObject *value = frameLocal(frame, code, i);
        if (!value)
            continue;
        PyObject *fallback = nullptr;
        if (i < positional && defaults && PyTuple_Check(defaults)) {
            const Py_ssize_t d = i - (positional - PyTuple_GET_SIZE(defaults));
            if (d >= 0)
                fallback = PyTuple_GET_ITEM(defaults, d);
        } else if (i >= positional && kwDefaults && PyDict_Check(kwDefaults)) {
            fallback = PyDict_GetItem(kwDefaults, name);
        }
        if (value != fallback)
            keywords.insert(toQString(name), safeRepr(value));
        Py_DECREF(value);
    }
    if (code->co_flags & CO_VARKEYWORDS) {
        PyObject *rest = frameLocal(frame, code, named + ((code->co_flags & CO_VARARGS) ? 1 : 0));
        if (rest && PyDict_Check(rest)) {
            PyObject *key = nullptr, *value = nullptr;
            Py_ssize_t position = 0;
            while (PyDict_Next(rest, &position, &key, &value))
                keywords.insert(toQString(key), safeRepr(value));
        }
        Py_XDECREF(rest);
    }
    Py_XDECREF(names);
    Py_XDECREF(function);
    return keywords;
}

/** A Python function called while type.__new__ runs: __set_name__ or __init_subclass__. */
void observeCallInsideTypeNew(ThreadTrace &thread, PyFrameObject *frame, PyCodeObject *code)
{
    const QString name = toQString(code->co_name);
    const QString function = toQString(code->co_qualname);
    const bool setName = name == QLatin1String("__set_name__");
    if (!setName && name != QLatin1String("__init_subclass__"))
        return;
    // The class type.__new__ is making for the learner (not one a library makes inside it).
    PyObject *cls = frameLocal(frame, code, setName ? 1 : 0);
    if (!cls || !PyType_Check(cls) || thread.typeNewNames.empty()
        || qualName(reinterpret_cast<PyTypeObject *>(cls)).section(QLatin1Char('.'), -1)
               != thread.typeNewNames.back().section(QLatin1Char('.'), -1)) {
        Py_XDECREF(cls);
        return;
    }
    // The learner's from now on: an instance a hook makes of it (cls() in __init_subclass__) is
    // traced like any other, though type.__new__ has not returned it yet.
    trackClass(cls);
    // The class as type.__new__ made it, before the first hook changes it.
    ClassRecord &record = g.records[cls];
    if (!record.hasProduct) {
        record.product = Snapshot::of(cls);
        record.current = record.product;
        record.hasProduct = true;
    }
    const int functionLine
        = isLearnerCode(reinterpret_cast<PyObject *>(code)) ? code->co_firstlineno : 0;
    int step = -1;
    if (setName) {
        PyObject *self = frameLocal(frame, code, 0);
        PyObject *attribute = frameLocal(frame, code, 2);
        step = addStep(StepKind::SetName,
                       qualName(reinterpret_cast<PyTypeObject *>(cls)),
                       learnerLine(),
                       {{QStringLiteral("name"), toQString(attribute)},
                        {QStringLiteral("descriptor"), self ? qualName(Py_TYPE(self)) : QString()},
                        {QStringLiteral("function"), function},
                        {QStringLiteral("function_line"), functionLine}});
        Py_XDECREF(self);
        Py_XDECREF(attribute);
    } else {
        QJsonObject detail{{QStringLiteral("function"), function},
                           {QStringLiteral("function_line"), functionLine}};
        // Called by type.__new__, it receives the class statement's keywords, as type.__new__
        // was given them; called by another __init_subclass__ (a super() chain), what that one
        // passed on.
        PyFrameObject *back = PyFrame_GetBack(frame);
        // (For the same class: one a class statement in its body makes is told by type.__new__.)
        const bool chained = !thread.hooks.empty() && back && thread.hooks.back().frame == back
                             && thread.hooks.back().by.endsWith(QLatin1String("__init_subclass__"))
                             && thread.hooks.back().cls == cls;
        Py_XDECREF(back);
        if (chained) {
            detail.insert(QStringLiteral("called_by"), thread.hooks.back().by);
            // What the caller did to the class before it called on up the chain is its own.
            HookCall &caller = thread.hooks.back();
            caller.changes = Snapshot::merged(caller.changes, noteChanges(cls, caller.by));
        }
        const QJsonObject keywords = chained ? receivedKeywords(frame, code, cls)
                                     : thread.typeNewKeywords.empty()
                                         ? QJsonObject()
                                         : thread.typeNewKeywords.back();
        if (!keywords.isEmpty())
            detail.insert(QStringLiteral("keywords"), keywords);
        step = addStep(StepKind::InitSubclass,
                       qualName(reinterpret_cast<PyTypeObject *>(cls)),
                       learnerLine(),
                       detail);
    }
    thread.hooks.push_back({frame, step, cls, function, Snapshot()});
    Py_DECREF(cls); // alive: type.__new__ holds it while the hook runs
}

/** A Python __new__ or __init__ on what type.__call__ is making an instance of: the one it
 *  announced, or one that calls on up the chain (a step of its own). */
void observeInstanceChain(ThreadTrace &thread,
                          PyFrameObject *frame,
                          PyCodeObject *code,
                          const QString &name,
                          PyFrameObject *back)
{
    if (thread.instanceWork.empty() || code->co_argcount < 1)
        return;
    InstanceWork &work = thread.instanceWork.back();
    if (name != (work.init ? QLatin1String("__init__") : QLatin1String("__new__")))
        return;
    // The first is called by type.__call__ (C) for the frame that called the class; the next
    // by the one before it in the chain (super(), or Base.__init__(self)): a helper further
    // down that happens to call one is not followed.
    const bool first = work.chain.empty();
    if (back != (first ? work.caller : work.chain.back().frame))
        return;
    PyObject *self = frameLocal(frame, code, 0);
    const QString function = toQString(code->co_qualname);
    if (self != work.target) {
        // Called by hand by the chain on another object (Node.__init__(self.child, 0)): it runs
        // on that one, which is said; it is no part of this instance's chain.
        if (!first && self) {
            const bool yours = isLearnerCode(reinterpret_cast<PyObject *>(code));
            addStep(work.init ? StepKind::InstanceInit : StepKind::InstanceNew,
                    work.name,
                    callerLine(frame),
                    {{QStringLiteral("function"), function},
                     {QStringLiteral("yours"), yours},
                     {QStringLiteral("function_line"), yours ? code->co_firstlineno : 0},
                     {QStringLiteral("called_by"), work.chain.back().function},
                     {QStringLiteral("other"), safeRepr(self)}});
        }
        Py_XDECREF(self);
        return;
    }
    Py_XDECREF(self); // alive: type.__call__ holds it
    if (first) {
        work.chain.push_back({frame, function, -1});
        work.started = true;
        return;
    }
    const bool yours = isLearnerCode(reinterpret_cast<PyObject *>(code));
    const int step = addStep(work.init ? StepKind::InstanceInit : StepKind::InstanceNew,
                             work.name,
                             callerLine(frame),
                             {{QStringLiteral("function"), function},
                              {QStringLiteral("yours"), yours},
                              {QStringLiteral("function_line"), yours ? code->co_firstlineno : 0},
                              {QStringLiteral("called_by"), work.chain.back().function}});
    work.chain.push_back({frame, function, step});
}

/** A Python-level call: a decorator at work, a metaclass's __call__, a learner's __setattr__,
 *  a non-dict namespace's __setitem__, an instance's __new__ or __init__ up its chain. */
void observeCall(ThreadTrace &thread, PyFrameObject *frame, PyCodeObject *code)
{
    const QString name = toQString(code->co_name);
    PyFrameObject *back = PyFrame_GetBack(frame);
    observeInstanceChain(thread, frame, code, name, back);
    // A decorator: called from a class statement's frame, with the class (or what the decorator
    // before it returned), before the name is bound.
    for (PendingBind &bind : thread.binds) {
        if (bind.frame != back || !bind.value || code->co_argcount < 1)
            continue;
        PyObject *first = frameLocal(frame, code, 0);
        if (first == bind.value) {
            const int index = int(bind.decorators.size()) - 1 - bind.applied;
            QJsonObject detail{
                {QStringLiteral("function"),
                 index >= 0 ? bind.decorators.at(index) : toQString(code->co_qualname)},
                {QStringLiteral("runs"), toQString(code->co_qualname)},
                {QStringLiteral("seen_running"), true}};
            // In a stack, what it returns goes to the decorator written above it.
            if (index > 0)
                detail.insert(QStringLiteral("next"), bind.decorators.at(index - 1));
            // A decorator below returned something else: this one works on that, not on the
            // class the statement made.
            if (bind.replaced)
                detail.insert(QStringLiteral("received"),
                              PyType_Check(first)
                                  ? qualName(reinterpret_cast<PyTypeObject *>(first))
                                  : safeRepr(first));
            const int step = addStep(StepKind::Decorator, bind.qualname, bind.line, detail);
            ++bind.applied;
            thread.decoratorCalls.push_back(
                {frame, bind.qualname, step, Snapshot::of(PyType_Check(first) ? first : nullptr)});
        }
        Py_XDECREF(first);
    }
    Py_XDECREF(back);
    if (code->co_argcount < 1)
        return;
    if (name == QLatin1String("__new__") && !thread.metaCalls.empty()
        && !thread.metaCalls.back().reachedTypeCall) {
        // A metaclass's __call__ that calls the class's __new__ itself (EnumType.__call__).
        PyObject *first = frameLocal(frame, code, 0);
        if (first && first == thread.metaCalls.back().cls)
            thread.metaCalls.back().newRan = toQString(code->co_qualname);
        Py_XDECREF(first);
    }
    if (name == QLatin1String("__init__") && !thread.metaCalls.empty()
        && !thread.metaCalls.back().reachedTypeCall) {
        // ... and then its __init__ on what that made (a hand-written type.__call__).
        PyObject *first = frameLocal(frame, code, 0);
        if (first
            && PyObject_TypeCheck(first,
                                  reinterpret_cast<PyTypeObject *>(thread.metaCalls.back().cls)))
            thread.metaCalls.back().initRan = toQString(code->co_qualname);
        Py_XDECREF(first);
    }
    if (name == QLatin1String("__new__") && !thread.creating.empty() && code->co_argcount >= 2) {
        // A metaclass's __new__ (the learner's or a library's, reached directly or through
        // super()) making the learner's class: each is its own step.
        PyObject *mcls = frameLocal(frame, code, 0);
        PyObject *className = frameLocal(frame, code, 1);
        const QString making = thread.creating.back();
        if (mcls && PyType_Check(mcls)
            && PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(mcls), &PyType_Type) && className
            && PyUnicode_Check(className)
            && toQString(className) == making.section(QLatin1Char('.'), -1)) {
            const bool yours = isLearnerCode(reinterpret_cast<PyObject *>(code));
            QJsonObject detail{{QStringLiteral("function"), toQString(code->co_qualname)},
                               {QStringLiteral("yours"), yours},
                               {QStringLiteral("function_line"), yours ? code->co_firstlineno : 0}};
            // Called by the __new__ before it in the chain (super().__new__): say which.
            // (For the same class: a class another one's __new__ makes for itself is its own.)
            const QString name = making.section(QLatin1Char('.'), -1);
            const bool chained = !thread.hooks.empty()
                                 && thread.hooks.back().by.endsWith(QLatin1String(".__new__"))
                                 && !thread.hooks.back().cls && thread.hooks.back().making == name;
            if (chained)
                detail.insert(QStringLiteral("called_by"), thread.hooks.back().by);
            // At the line that called it: the class statement, or the super() call.
            const int step = addStep(StepKind::MetaNew, making, callerLine(frame), detail);
            PyObject *ns = code->co_argcount >= 4 ? frameLocal(frame, code, 3) : nullptr;
            const bool readable = ns && PyDict_Check(ns);
            Snapshot given = Snapshot::of(readable ? ns : nullptr);
            Py_XDECREF(ns);
            // What the __new__ before it in the chain did to the namespace before handing it on.
            if (chained)
                noteNamespaceChanges(thread.hooks.back(), given);
            thread.hooks.push_back(
                {frame, step, nullptr, toQString(code->co_qualname), given, readable});
            thread.hooks.back().making = name;
        }
        Py_XDECREF(mcls);
        Py_XDECREF(className);
        return;
    }
    if (name == QLatin1String("__init__") && !thread.metaInits.empty()) {
        // A metaclass's __init__ on the class type.__call__ is making: the first is the step
        // type.__call__ announced; one it calls up the MRO (super().__init__) is its own step.
        MetaInitCall &init = thread.metaInits.back();
        PyObject *first = frameLocal(frame, code, 0);
        if (first == init.cls) {
            PyFrameObject *back = PyFrame_GetBack(frame);
            const bool chained = !thread.hooks.empty() && thread.hooks.back().init
                                 && thread.hooks.back().frame == back
                                 && thread.hooks.back().cls == first;
            Py_XDECREF(back);
            const QString function = toQString(code->co_qualname);
            int step = -1;
            if (chained) {
                HookCall &caller = thread.hooks.back();
                // What the caller did to the class before it called on up is its own.
                caller.changes = Snapshot::merged(caller.changes, noteChanges(first, caller.by));
                const bool yours = isLearnerCode(reinterpret_cast<PyObject *>(code));
                step = addStep(StepKind::MetaInit,
                               init.name,
                               callerLine(frame),
                               {{QStringLiteral("function"), function},
                                {QStringLiteral("yours"), yours},
                                {QStringLiteral("function_line"), yours ? code->co_firstlineno : 0},
                                {QStringLiteral("called_by"), caller.by}});
            } else if (!init.entered) {
                step = init.step;
                init.entered = true;
            }
            if (chained || step == init.step) {
                HookCall hook{frame, step, first, function, Snapshot()};
                hook.init = true;
                thread.hooks.push_back(hook);
            }
        }
        Py_XDECREF(first);
        return;
    }
    if (name == QLatin1String("__call__")) {
        PyObject *self = frameLocal(frame, code, 0);
        if (self && isLearnerClass(self)
            && !PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(self), &PyType_Type)) {
            const QString cls = qualName(reinterpret_cast<PyTypeObject *>(self));
            const QString function = toQString(code->co_qualname);
            const int line = callerLine(frame);
            // Called by another metaclass's __call__ through super() for the same class: part of
            // that call, not a new one.
            PyFrameObject *back = PyFrame_GetBack(frame);
            const bool chained = !thread.metaCalls.empty() && thread.metaCalls.back().cls == self
                                 && back && thread.metaCalls.back().frame == back;
            Py_XDECREF(back);
            QJsonObject detail{{QStringLiteral("function"), function}};
            if (chained)
                detail.insert(QStringLiteral("called_by"), thread.metaCalls.back().function);
            addStep(StepKind::InstanceCall, cls, line, detail);
            thread.metaCalls.push_back({frame, self, cls, function, line, false, QString()});
            thread.metaCalls.back().chained = chained;
            thread.metaCalls.back().allocationsBefore = g.allocations;
            thread.metaCalls.back().instanceCallsBefore = g.instanceCalls;
            ++g.watching;
        }
        Py_XDECREF(self);
    } else if (name == QLatin1String("__setattr__") && code->co_argcount >= 3) {
        PyObject *self = frameLocal(frame, code, 0);
        PyObject *attribute = frameLocal(frame, code, 1);
        PyObject *value = frameLocal(frame, code, 2);
        // The learner's own __setattr__, or one a decorator wrote onto the learner's class
        // (a frozen dataclass's): the class's own, either way.
        const bool learners = isLearnerCode(reinterpret_cast<PyObject *>(code));
        const QString owner = self && !learners
                                  ? ownFunctionHasCode(Py_TYPE(self), "__setattr__", code)
                                  : QString();
        if (self && isLearnerClass(reinterpret_cast<PyObject *>(Py_TYPE(self)))
            && (learners || !owner.isEmpty())) {
            const int step
                = addStep(StepKind::SetAttribute,
                          qualName(Py_TYPE(self)),
                          callerLine(frame),
                          {{QStringLiteral("name"), toQString(attribute)},
                           {QStringLiteral("value"), value ? safeRepr(value) : QString()},
                           // One a decorator wrote is named by the class it is on.
                           {QStringLiteral("function"),
                            learners ? toQString(code->co_qualname)
                                     : owner + QStringLiteral(".__setattr__")}});
            thread.setAttributes.push_back({frame, step, QString()});
        }
        Py_XDECREF(self);
        Py_XDECREF(attribute);
        Py_XDECREF(value);
    } else if (name == QLatin1String("__setitem__") && !thread.bodies.empty()
               && code->co_argcount >= 3) {
        Body &body = thread.bodies.back();
        PyObject *self = frameLocal(frame, code, 0);
        if (self == body.ns && !PyDict_CheckExact(body.ns)) {
            Py_XSETREF(body.mappingKey, frameLocal(frame, code, 1));
            Py_XSETREF(body.mappingValue, frameLocal(frame, code, 2));
        }
        Py_XDECREF(self);
    }
}

/** Whether a type.__new__ between steps FROM and TO built a class named as CLS is (its
 *  __name__ or __qualname__): a metaclass __new__ may build its class under another name. */
bool builtWithNameOf(int from, int to, PyObject *cls)
{
    auto *type = reinterpret_cast<PyTypeObject *>(cls);
    const QString name = QString::fromUtf8(type->tp_name).section(QLatin1Char('.'), -1);
    const QString qualname = qualName(type).section(QLatin1Char('.'), -1);
    for (int i = from + 1; i < to; ++i) {
        const QJsonObject inside = stepAt(i);
        const QString built
            = inside.value(key(Key::Class)).toString().section(QLatin1Char('.'), -1);
        if (inside.value(key(Key::Kind)).toString() == QLatin1String(stepKindId(StepKind::MetaNew))
            && inside.value(key(Key::Detail)).toObject().value(QStringLiteral("function"))
                   == QLatin1String("type.__new__")
            && (built == name || built == qualname))
            return true;
    }
    return false;
}

/** A Python-level return (ARG is the value, or null when an exception leaves the frame). */
void observeReturn(ThreadTrace &thread, PyFrameObject *frame, PyObject *arg)
{
    if (!thread.instanceWork.empty() && !thread.instanceWork.back().chain.empty()
        && thread.instanceWork.back().chain.back().frame == frame) {
        const InstanceWork::Link link = thread.instanceWork.back().chain.back();
        thread.instanceWork.back().chain.pop_back();
        if (link.step >= 0) {
            const int end = outcomeStep(link.step); // told after what happened inside
            if (!arg)
                amendStep(end,
                          QStringLiteral("raised"),
                          thread.raised.first == frame ? thread.raised.second : raisedNow());
            settleOutcome(link.step, end);
        }
    }
    if (!thread.hooks.empty() && thread.hooks.back().frame == frame) {
        HookCall hook = thread.hooks.back();
        thread.hooks.pop_back();
        const int start = hook.step;
        hook.step = outcomeStep(hook.step); // told after what happened inside
        // A metaclass __new__ in whose call type.__new__ built the class (the class statement's
        // own, not one made before).
        const QJsonObject started = stepAt(start);
        const bool metaNew = started.value(key(Key::Kind)).toString()
                             == QLatin1String(stepKindId(StepKind::MetaNew));
        bool builtInside = false;
        for (int i = start + 1; metaNew && i < hook.step && !builtInside; ++i) {
            const QJsonObject inside = stepAt(i);
            const QJsonObject detail = inside.value(key(Key::Detail)).toObject();
            builtInside
                = inside.value(key(Key::Kind)) == started.value(key(Key::Kind))
                  && inside.value(key(Key::Class)) == started.value(key(Key::Class))
                  && detail.value(QStringLiteral("function")) == QLatin1String("type.__new__")
                  && !detail.contains(QStringLiteral("handed_to"))
                  && !detail.contains(QStringLiteral("raised"));
        }
        if (!arg && thread.raised.first == frame) {
            amendStep(hook.step, QStringLiteral("raised"), thread.raised.second);
            // Raised after type.__new__ built the class inside it: the class object was made,
            // and is dropped.
            if (builtInside)
                amendStep(hook.step, QStringLiteral("built"), true);
        } else if (metaNew && arg && PyType_Check(arg) && !builtInside && !hook.init
                   && !builtWithNameOf(start, hook.step, arg)) {
            // It returned a class no type.__new__ built in this call: one made before (a cache).
            noteOutcome(hook.step, arg);
            amendStep(hook.step, QStringLiteral("returned_existing"), true);
        } else if (!(hook.init && arg == Py_None))
            noteOutcome(hook.step, arg);
        // A __new__ in the chain returns the class: what it changed since the one inside it.
        PyObject *cls = hook.cls ? hook.cls : (arg && PyType_Check(arg) ? arg : nullptr);
        if (cls && g.records.count(cls)) {
            const QJsonObject change = Snapshot::merged(hook.changes, noteChanges(cls, hook.by));
            if (!change.isEmpty())
                amendStep(hook.step, QStringLiteral("changes"), change);
        } else if (arg && !hook.cls && !PyType_Check(arg)) {
            amendStep(hook.step, QStringLiteral("returned_type"), qualName(Py_TYPE(arg)));
        }
        settleOutcome(start, hook.step);
    }
    if (!thread.decoratorCalls.empty() && thread.decoratorCalls.back().frame == frame) {
        DecoratorCall call = thread.decoratorCalls.back();
        thread.decoratorCalls.pop_back();
        const int start = call.step;
        call.step = outcomeStep(call.step); // told after what happened inside
        PyFrameObject *back = PyFrame_GetBack(frame);
        PendingBind *bind = nullptr;
        for (PendingBind &b : thread.binds) {
            if (b.frame == back && b.qualname == call.qualname)
                bind = &b;
        }
        Py_XDECREF(back);
        PyObject *received = bind ? bind->value : nullptr;
        if (!arg) {
            amendStep(call.step,
                      QStringLiteral("raised"),
                      thread.raised.first == frame ? thread.raised.second : raisedNow());
            if (bind)
                bind->raised = true;
        } else {
            amendStep(call.step, QStringLiteral("returned"), safeRepr(arg));
            // What the decorator added, removed or replaced on the class it received, whatever
            // it then returned.
            PyObject *changed = received ? received : arg;
            if (PyType_Check(changed)) {
                const QJsonObject change = Snapshot::difference(call.before, Snapshot::of(changed));
                if (!change.isEmpty())
                    amendStep(call.step, QStringLiteral("changes"), change);
            }
            if (received && arg != received) {
                amendStep(call.step, QStringLiteral("returned_other"), true);
                amendStep(call.step, QStringLiteral("returned_type"), qualName(Py_TYPE(arg)));
                // Another class (dataclass(slots=True) builds one): how it differs from the
                // class received, so that what the name will hold is told in full.
                if (PyType_Check(received) && PyType_Check(arg)) {
                    QJsonObject differs
                        = Snapshot::difference(Snapshot::of(received), Snapshot::of(arg));
                    // A name the other class still finds up its MRO (a subclass inherits it) is
                    // not taken out of what the name will hold.
                    QJsonArray removed, inherited;
                    for (const QJsonValue item :
                         differs.value(QStringLiteral("removed")).toArray()) {
                        PyObject *name = PyUnicode_FromString(
                            item.toObject().value(QStringLiteral("name")).toString().toUtf8());
                        const bool found
                            = name && _PyType_Lookup(reinterpret_cast<PyTypeObject *>(arg), name);
                        Py_XDECREF(name);
                        PyErr_Clear();
                        if (!found)
                            removed.append(item);
                        else
                            inherited.append(item);
                    }
                    if (!inherited.isEmpty())
                        amendStep(call.step, QStringLiteral("inherited"), inherited);
                    if (removed.isEmpty())
                        differs.remove(QStringLiteral("removed"));
                    else
                        differs.insert(QStringLiteral("removed"), removed);
                    if (!differs.isEmpty())
                        amendStep(call.step, QStringLiteral("returned_changes"), differs);
                }
                if (bind)
                    bind->replaced = true;
            }
            if (bind) {
                Py_INCREF(arg);
                Py_XSETREF(bind->value, arg);
            }
        }
        settleOutcome(start, call.step);
    }
    if (!thread.metaCalls.empty() && thread.metaCalls.back().frame == frame) {
        MetaCall call = thread.metaCalls.back();
        thread.metaCalls.pop_back();
        // Allocated during the call (by object.__new__ or any __new__ it called), when the
        // class's allocations are watched; unknown otherwise.
        std::optional<bool> madeHere;
        if (arg && Py_TYPE(arg)->tp_alloc == watchedAlloc) {
            const auto it = g.allocated.find(arg);
            madeHere = it != g.allocated.end() && it->second > call.allocationsBefore;
        }
        if (--g.watching == 0)
            forgetAllocations();
        if (!arg && !call.chained) {
            // It raised: the call gives back nothing, whatever type.__call__ made inside it.
            addStep(StepKind::InstanceReturned,
                    call.name,
                    call.line,
                    {{QStringLiteral("function"), call.function},
                     {QStringLiteral("raised"),
                      thread.raised.first == frame ? thread.raised.second : raisedNow()},
                     {QStringLiteral("reached_type_call"), call.reachedTypeCall},
                     {QStringLiteral("type_calls"), call.typeCalls}});
        }
        // What a __call__ it called through super() reached, its caller reached too: the
        // instances type.__call__ made for it are made for its caller (the reference moves).
        if (call.chained && call.reachedTypeCall && !thread.metaCalls.empty()) {
            MetaCall &caller = thread.metaCalls.back();
            caller.reachedTypeCall = true;
            if (call.typeCalls > 0) {
                caller.typeCalls += call.typeCalls;
                Py_XSETREF(caller.madeRef, call.madeRef);
                caller.madeAddress = call.madeAddress;
                call.madeRef = nullptr;
            }
        }
        if (call.reachedTypeCall && arg && !call.chained) {
            // It called type.__call__: said only where it then returned something other than
            // what type.__call__ gave back, or called it more than once.
            const void *made = call.madeAddress;
            if (call.madeRef) {
                PyObject *target = PyWeakref_GetObject(call.madeRef);
                made = target == Py_None ? nullptr : target;
            }
            const bool returnedMade = call.typeCalls > 0 && made == arg;
            if (!returnedMade || call.typeCalls > 1) {
                QJsonObject detail{
                    {QStringLiteral("function"), call.function},
                    {QStringLiteral("value"), safeRepr(arg)},
                    {QStringLiteral("is_instance"),
                     PyObject_TypeCheck(arg, reinterpret_cast<PyTypeObject *>(call.cls)) != 0},
                    {QStringLiteral("reached_type_call"), true},
                    {QStringLiteral("type_calls"), call.typeCalls},
                    {QStringLiteral("returned_made"), returnedMade}};
                // Something else it returns: made during this call, or before it (a cache).
                if (!returnedMade && madeHere)
                    detail.insert(QStringLiteral("made_here"), *madeHere);
                addStep(StepKind::InstanceReturned, call.name, call.line, detail);
            }
        }
        Py_CLEAR(call.madeRef);
        if (!call.reachedTypeCall && arg && !call.chained) {
            // The metaclass answered without type.__call__ (and so without __init__); a __new__
            // it called itself is said.
            QJsonObject detail{
                {QStringLiteral("function"), call.function},
                {QStringLiteral("value"), safeRepr(arg)},
                {QStringLiteral("is_instance"),
                 PyObject_TypeCheck(arg, reinterpret_cast<PyTypeObject *>(call.cls)) != 0}};
            if (!call.newRan.isEmpty())
                detail.insert(QStringLiteral("new_ran"), call.newRan);
            if (!call.initRan.isEmpty())
                detail.insert(QStringLiteral("init_ran"), call.initRan);
            // It called classes inside (their steps come before): what it returns may be theirs,
            // made by their own type.__call__, so it is not said to have made it itself.
            if (g.instanceCalls != call.instanceCallsBefore)
                detail.insert(QStringLiteral("called_classes"), true);
            // Made during the call, or before it (another class's stored instance too).
            if (madeHere && !(*madeHere && g.instanceCalls != call.instanceCallsBefore))
                detail.insert(QStringLiteral("made_here"), *madeHere);
            addStep(StepKind::InstanceReturned, call.name, call.line, detail);
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

namespace {
int traceEvent(PyFrameObject *frame, int what, PyObject *arg);
} // namespace

int traceFunction(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    // The steps kept outgrew the run's memory: the program stops with Python's own MemoryError
    // (said as such), not with the runner aborting and every step lost.
    try {
        return traceEvent(frame, what, arg);
    } catch (const std::bad_alloc &) {
        outOfMemory();
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
}

namespace {

int traceEvent(PyFrameObject *frame, int what, PyObject *arg)
{
    if (!g.active)
        return 0;
    ThreadTrace &thread = here();
    if (thread.suspended)
        return 0;
    if ((++g.events & 63) == 0 && nowNs() > g.deadlineNs)
        requestTimeout();
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
        // An __annotations__ that __prepare__ put there (told with its names): SETUP_ANNOTATIONS
        // leaves it alone, and only what the body annotates is new.
        static PyObject *const annotationsKey = PyUnicode_InternFromString("__annotations__");
        if (PyObject *prepared = storedValue(body->ns, annotationsKey);
            prepared && PyDict_Check(prepared))
            body->annotations = PyDict_GET_SIZE(prepared);
        // Every instruction of the body is seen: a STORE_NAME of the same value, a del.
        PyObject_SetAttrString(reinterpret_cast<PyObject *>(frame), "f_trace_opcodes", Py_True);
        PyErr_Clear();
    }
    const bool inBody = body && body->frame == frame;
    if (inBody && body->pendingOp && what == PyTrace_EXCEPTION && arg && PyTuple_Check(arg)
        && PyTuple_GET_SIZE(arg) == 3) {
        // The store itself raised (a namespace from __prepare__ that refuses a name).
        resolveRaised(*body,
                      code,
                      exceptionInfo(PyTuple_GET_ITEM(arg, 0),
                                    PyTuple_GET_ITEM(arg, 1),
                                    PyTuple_GET_ITEM(arg, 2)));
    } else if (inBody && body->pendingOp && what != PyTrace_CALL) {
        resolvePending(*body, code);
    }
    switch (what) {
    case PyTrace_CALL:
        if (thread.typeNewDepth > 0)
            observeCallInsideTypeNew(thread, frame, code);
        observeCall(thread, frame, code);
        break;
    case PyTrace_OPCODE:
        if (inBody)
            notePendingOp(*body, frame);
        break;
    case PyTrace_EXCEPTION:
        // (type, value, traceback) passing through a watched function: if it leaves by it, its
        // step says what was raised.
        if (arg && PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) == 3) {
            const bool hook
                = (!thread.hooks.empty() && thread.hooks.back().frame == frame)
                  || (!thread.metaCalls.empty() && thread.metaCalls.back().frame == frame)
                  || (!thread.instanceWork.empty() && !thread.instanceWork.back().chain.empty()
                      && thread.instanceWork.back().chain.back().frame == frame);
            const bool decorator
                = !thread.decoratorCalls.empty() && thread.decoratorCalls.back().frame == frame;
            if (hook || decorator)
                thread.raised = {frame,
                                 exceptionInfo(PyTuple_GET_ITEM(arg, 0),
                                               PyTuple_GET_ITEM(arg, 1),
                                               PyTuple_GET_ITEM(arg, 2))};
        }
        // What a learner's __setattr__ raises is its refusal.
        if (!thread.setAttributes.empty() && thread.setAttributes.back().frame == frame && arg
            && PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) > 0
            && PyType_Check(PyTuple_GET_ITEM(arg, 0)))
            thread.setAttributes.back().error
                = qualName(reinterpret_cast<PyTypeObject *>(PyTuple_GET_ITEM(arg, 0)));
        break;
    case PyTrace_LINE:
    case PyTrace_RETURN: {
        const int line = PyFrame_GetLineNumber(frame);
        if (inBody) {
            noteAnnotations(*body, body->lastLine); // what the line just run annotated
            body->lastLine = std::max(line, body->classLine);
        }
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

} // namespace

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

} // namespace PyRunner
