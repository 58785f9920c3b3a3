// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "c3.h"
#include "trace.h"

#include <QObject>
#include <QStringList>

namespace ClassForge {

/** One name in a class namespace as it fills. */
struct NamespaceEntry
{
    QString name;
    QString value;
    bool implicit = false;
    bool isNew = false; // bound by the current step
    /** Once the class exists: what it holds, which is not always what the body bound. */
    enum class OnClass { Body, SetLater, NotKept };
    OnClass onClass = OnClass::Body; // SetLater: added or changed by the metaclass or a decorator
    bool prepared = false; // put there by __prepare__ before the body ran (and not bound since)
    QString by;            // who put it there, changed it or took it out ("ABCMeta.__new__")
};

/** What the program had printed by a step. */
struct OutputSoFar
{
    QString stdoutText;
    QString stderrText;
    bool complete = true; // the program's whole output (the last step, or positions unknown)
};

/** A class the program has created, as class_created reported it. */
struct ClassInfo
{
    QString name;
    QString metaclass;
    QStringList mro;
    QStringList bases;
    QStringList attributes;
    int createdAt = -1; // step index
};

/** The method resolution order of the class a step is about, merged as CPython does. */
struct MroAtStep
{
    QString className;
    C3Merge merge;
    bool made = true; // the class exists (false: its statement failed, the merge is what C3 gives)
};

/**
 * Steps through a Trace and derives what every panel shows at the current step: the line, the
 * namespace being filled, the classes made so far. Views only paint what it says.
 */
class TracePlayer final : public QObject
{
    Q_OBJECT

public:
    explicit TracePlayer(QObject *parent = nullptr);

    void setTrace(const Trace &trace);
    const Trace &trace() const { return m_trace; }
    int count() const { return int(m_trace.steps.size()); }
    /** The current step's index, -1 when there are no steps. */
    int current() const { return m_current; }
    /** The current step, or nullptr. */
    const TraceStep *currentStep() const;

    bool forward();
    bool back();
    void first();
    void last();
    /** Moves to INDEX (clamped); false when nothing changed. */
    bool seek(int index);
    /** Moves to START: a step number from 1, or the first step of a kind ("meta_init"); false
     *  when the trace has no such step. */
    bool seekStart(const QString &start);

    /** The namespace of the class step INDEX is about, as it stood after that step. Once the class
     *  exists (class_created, and the name bound after metaclass and decorators), the entries say
     *  what the class itself holds: names the metaclass added or changed, names it did not keep. */
    QList<NamespaceEntry> namespaceAt(int index) const;
    /** What the program had written to stdout and stderr when step INDEX happened; after the
     *  last step, all of it (what it printed after its last class too). */
    OutputSoFar outputAt(int index) const;
    /** Every class created up to and including step INDEX, in creation order. */
    QList<ClassInfo> classesAt(int index) const;
    /** The C3 merge of the class step INDEX is about (after a failed class statement, the class
     *  it was building), from the bases as written and their MROs as CPython had them; none when
     *  the step is about no class. */
    std::optional<MroAtStep> mroAt(int index) const;
    /** The indices of steps a learner can be asked to predict (the protocol's turning points). */
    QList<int> keySteps() const;
    /** Whether a step of KIND is a turning point worth predicting. */
    static bool isKeyKind(Protocol::StepKind kind);

signals:
    void traceChanged();
    void currentChanged(int index);

private:
    Trace m_trace;
    int m_current = -1;
};

} // namespace ClassForge
