// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "steps.h"

#include "classtracestate.h"
#include "learnercode.h"

#include <kit/monotonicclock.h>

#include <array>
#include <cstdlib>

namespace PyRunner {

using namespace Protocol;

using namespace Kit;

TraceState g;

ThreadTrace &here()
{
    return g.threads[PyThreadState_Get()];
}

qint64 nowNs()
{
    return Clock::monotonicNs();
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
int addStep(StepKind kind, const QString &cls, int line, const QJsonObject &detail)
{
    if (g.stopRequested)
        return -1;
    if (g.stepCount >= g.limits.maxSteps) {
        requestStop(QLatin1String(ErrorType::StepLimit),
                    QStringLiteral("more than %1 steps: the trace stops here. Trace a smaller "
                                   "program, or raise the step limit (curtain trace-class "
                                   "--max-steps N).")
                        .arg(g.limits.maxSteps));
        return -1;
    }
    ++g.stepCount;
    if (g.steps.size() >= g.limits.keepSteps)
        return -1; // counted, not kept: the memory for steps stays bounded
    QJsonObject step{{key(Key::Index), int(g.steps.size())},
                     {key(Key::Kind), QLatin1String(stepKindId(kind))},
                     {key(Key::Class), cls},
                     {key(Key::Line), line},
                     {key(Key::Detail), detail}};
    // The output so far: a step shows only what the program had printed by then. (A step may
    // be added while an exception is on its way: it stays set.)
    PyObject *pendingType = nullptr, *pendingValue = nullptr, *pendingTraceback = nullptr;
    PyErr_Fetch(&pendingType, &pendingValue, &pendingTraceback);
    for (const auto &[writer, key] : {std::pair{g.stdoutWriter, Key::StdoutChars},
                                      std::pair{g.stderrWriter, Key::StderrChars}}) {
        if (!writer)
            continue;
        PyObject *size = PyObject_GetAttrString(writer, "_size");
        if (size && PyLong_Check(size))
            step.insert(QLatin1String(key), static_cast<qint64>(PyLong_AsLongLong(size)));
        Py_XDECREF(size);
        PyErr_Clear();
    }
    PyErr_Restore(pendingType, pendingValue, pendingTraceback);
    g.steps.append(step);
    return int(g.steps.size()) - 1;
}

namespace {
// What a call's start said at length (what it handed on, the bases' MROs): not copied to the
// step that tells how it ended.
constexpr std::array ToldAtTheStart{
    "namespace_changes", "base_mros", "lineage", "attribute_values"};
} // namespace

int outcomeStep(int index)
{
    // Any step after it happened inside the call: a class or an instance made, a method called
    // through super(), an attribute set. Its outcome is told after them, in the order CPython
    // ran them.
    if (index < 0 || index + 1 >= g.steps.size())
        return index;
    const QJsonObject step = g.steps.at(index).toObject();
    const auto kind = stepKindFromId(step.value(key(Key::Kind)).toString());
    if (!kind)
        return index;
    QJsonObject detail = step.value(key(Key::Detail)).toObject();
    for (const char *told : ToldAtTheStart)
        detail.remove(QLatin1String(told));
    detail.insert(QStringLiteral("continues"), index);
    const int next = addStep(
        *kind, step.value(key(Key::Class)).toString(), step.value(key(Key::Line)).toInt(), detail);
    if (next < 0)
        return index;
    amendStep(index, QStringLiteral("continued_at"), next);
    return next;
}

void settleOutcome(int start, int outcome)
{
    // Only the last step can be taken back; a copy after a class or an instance of another
    // class is always kept (it says the call made something else first).
    if (start < 0 || outcome <= start || outcome != g.steps.size() - 1)
        return;
    // Kept too after a new call of the same class (recursion: an instance made inside its own
    // class's __init__), or after a step inside that raised (the end says the call went on).
    const QString cls = g.steps.at(start).toObject().value(key(Key::Class)).toString();
    for (qsizetype i = start + 1; i < outcome; ++i) {
        const QJsonObject inside = g.steps.at(i).toObject();
        const QString kind = inside.value(key(Key::Kind)).toString();
        if (inside.value(key(Key::Class)).toString() != cls
            || kind == QLatin1String(stepKindId(StepKind::InstanceCall))
            || kind == QLatin1String(stepKindId(StepKind::CallMetaclass))
            || kind == QLatin1String(stepKindId(StepKind::ClassStatement))
            || inside.value(key(Key::Detail)).toObject().contains(QStringLiteral("raised")))
            return;
    }
    QJsonObject told = stepDetail(start);
    told.remove(QStringLiteral("continued_at"));
    QJsonObject added = stepDetail(outcome);
    added.remove(QStringLiteral("continues"));
    QJsonObject plain = told;
    for (const char *key : ToldAtTheStart)
        plain.remove(QLatin1String(key));
    if (added != plain)
        return;
    g.steps.removeLast();
    --g.stepCount;
    QJsonObject step = g.steps.at(start).toObject();
    step.insert(key(Key::Detail), told);
    g.steps[start] = step;
}

/** Adds KEY: VALUE to the detail of step INDEX. */
void amendStep(int index, const QString &key, const QJsonValue &value)
{
    if (index < 0 || index >= g.steps.size())
        return;
    QJsonObject step = g.steps.at(index).toObject();
    QJsonObject detail = step.value(Protocol::key(Key::Detail)).toObject();
    detail.insert(key, value);
    step.insert(Protocol::key(Key::Detail), detail);
    g.steps[index] = step;
}
QJsonObject stepAt(int index)
{
    if (index < 0 || index >= g.steps.size())
        return {};
    return g.steps.at(index).toObject();
}

QJsonObject stepDetail(int index)
{
    if (index < 0 || index >= g.steps.size())
        return {};
    return g.steps.at(index).toObject().value(key(Key::Detail)).toObject();
}

void requestTimeout()
{
    requestStop(QLatin1String(ErrorType::Timeout),
                QStringLiteral("the program ran longer than %1 s and was stopped: look for a "
                               "loop that never ends")
                    .arg(double(g.limits.timeoutMs) / 1000.0));
}

namespace {
void *memoryReserve = nullptr;
} // namespace

void holdMemoryReserve()
{
    if (!memoryReserve)
        memoryReserve = std::malloc(ReserveBytes);
}

void releaseMemoryReserve()
{
    std::free(memoryReserve);
    memoryReserve = nullptr;
}

void outOfMemory()
{
    releaseMemoryReserve();
    // Room for the run to end and answer: the later half of the steps kept goes (the answer
    // counts them as omitted), and nothing more is kept.
    const qsizetype keep = g.steps.size() / 2;
    while (g.steps.size() > keep)
        g.steps.removeLast();
    g.limits.keepSteps = int(keep);
    requestStop(QLatin1String(ErrorType::MemoryLimit),
                QStringLiteral("the trace outgrew the memory a run may use (%1 MiB) and was "
                               "stopped; the steps after the first %2 are counted, not listed: "
                               "give it more with --memory, or trace less")
                    .arg(g.limits.memoryMb)
                    .arg(keep));
}

void addErrorStep(const QJsonObject &error)
{
    // Past every limit: the step that says how the run ended is always kept.
    g.steps.append(QJsonObject{{key(Key::Index), int(g.steps.size())},
                               {key(Key::Kind), QLatin1String(stepKindId(StepKind::Error))},
                               {key(Key::Class), QString()},
                               {key(Key::Line), error.value(key(Key::Line))},
                               {key(Key::Detail), error}});
}

} // namespace PyRunner
