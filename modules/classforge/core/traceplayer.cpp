// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "traceplayer.h"

#include <QJsonObject>

#include <QJsonArray>

namespace ClassForge {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

TracePlayer::TracePlayer(QObject *parent)
    : QObject(parent)
{}

void TracePlayer::setTrace(const Trace &trace)
{
    m_trace = trace;
    m_current = m_trace.steps.isEmpty() ? -1 : 0;
    emit traceChanged();
    emit currentChanged(m_current);
}

const TraceStep *TracePlayer::currentStep() const
{
    return m_current >= 0 ? &m_trace.steps.at(m_current) : nullptr;
}

bool TracePlayer::seek(int index)
{
    if (m_trace.steps.isEmpty())
        return false;
    index = std::clamp(index, 0, count() - 1);
    if (index == m_current)
        return false;
    m_current = index;
    emit currentChanged(m_current);
    return true;
}

bool TracePlayer::forward()
{
    return seek(m_current + 1);
}

bool TracePlayer::back()
{
    return seek(m_current - 1);
}

void TracePlayer::first()
{
    seek(0);
}

void TracePlayer::last()
{
    seek(count() - 1);
}

QList<NamespaceEntry> TracePlayer::namespaceAt(int index) const
{
    QList<NamespaceEntry> entries;
    if (index < 0 || index >= count())
        return entries;
    const QString cls = m_trace.steps.at(index).className;
    if (cls.isEmpty())
        return entries;
    int start = index;
    while (start >= 0
           && !(m_trace.steps.at(start).kind == PyRunner::StepKind::ClassStatement
                && m_trace.steps.at(start).className == cls)) {
        --start;
    }
    if (start < 0)
        return entries; // a class made by calling a metaclass: its namespace was a plain dict
    for (int i = start; i <= index; ++i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.kind != PyRunner::StepKind::NamespaceSet || step.className != cls)
            continue;
        NamespaceEntry entry{step.text("name"),
                             step.text("value"),
                             step.detail.value(QStringLiteral("implicit")).toBool(),
                             i == index};
        auto existing = std::find_if(entries.begin(), entries.end(), [&](const NamespaceEntry &e) {
            return e.name == entry.name;
        });
        if (existing != entries.end())
            *existing = entry;
        else
            entries.append(entry);
    }
    // The class as it stands at INDEX, if it exists yet: the latest report of its attributes.
    QJsonObject held;
    bool exists = false;
    for (int i = index; i > start; --i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.className == cls && step.detail.contains(QStringLiteral("attribute_values"))
            && (step.kind == PyRunner::StepKind::ClassCreated
                || step.kind == PyRunner::StepKind::BindName)) {
            held = step.detail.value(QStringLiteral("attribute_values")).toObject();
            exists = true;
            break;
        }
    }
    if (!exists)
        return entries;
    const auto isDunder = [](const QString &name) {
        return name.startsWith(QLatin1String("__")) && name.endsWith(QLatin1String("__"));
    };
    for (NamespaceEntry &entry : entries) {
        if (isDunder(entry.name))
            continue;
        if (!held.contains(entry.name)) {
            entry.onClass = NamespaceEntry::OnClass::NotKept;
        } else if (held.value(entry.name).toString() != entry.value) {
            entry.value = held.value(entry.name).toString();
            entry.onClass = NamespaceEntry::OnClass::SetLater;
        }
    }
    for (auto it = held.begin(); it != held.end(); ++it) {
        const bool inBody
            = std::any_of(entries.cbegin(), entries.cend(), [&](const NamespaceEntry &e) {
                  return e.name == it.key();
              });
        if (!inBody)
            entries.append(
                {it.key(), it.value().toString(), false, false, NamespaceEntry::OnClass::SetLater});
    }
    return entries;
}

OutputSoFar TracePlayer::outputAt(int index) const
{
    OutputSoFar out{m_trace.stdoutText, m_trace.stderrText, true};
    if (index < 0 || index >= count() - 1)
        return out;
    const TraceStep &step = m_trace.steps.at(index);
    if (step.stdoutChars < 0 || step.stderrChars < 0)
        return out; // a trace that does not say: everything, as before
    out.stdoutText = m_trace.stdoutText.left(step.stdoutChars);
    out.stderrText = m_trace.stderrText.left(step.stderrChars);
    out.complete = false;
    return out;
}

QList<ClassInfo> TracePlayer::classesAt(int index) const
{
    QList<ClassInfo> classes;
    for (int i = 0; i <= index && i < count(); ++i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.kind != PyRunner::StepKind::ClassCreated)
            continue;
        classes.append({step.className,
                        step.text("metaclass"),
                        strings(step.detail.value(QStringLiteral("mro"))),
                        strings(step.detail.value(QStringLiteral("bases"))),
                        strings(step.detail.value(QStringLiteral("attributes"))),
                        i});
    }
    return classes;
}

std::optional<MroAtStep> TracePlayer::mroAt(int index) const
{
    using PyRunner::StepKind;
    if (index < 0 || index >= count())
        return std::nullopt;
    const TraceStep *step = &m_trace.steps.at(index);
    if (step->kind == StepKind::Error && step->className.isEmpty()) {
        // A failed class statement: the merge of the class that was being built.
        for (int i = index; i >= 0; --i) {
            if (m_trace.steps.at(i).kind == StepKind::ClassStatement) {
                step = &m_trace.steps.at(i);
                break;
            }
        }
    }
    if (step->className.isEmpty())
        return std::nullopt;
    const QList<ClassInfo> classes = classesAt(count() - 1);
    // The bases' MROs as CPython has them (built-in bases included), from the runner.
    QJsonObject baseMros;
    for (int i = index; i >= 0; --i) {
        const TraceStep &s = m_trace.steps.at(i);
        if (s.className == step->className && s.detail.contains(QStringLiteral("base_mros"))) {
            baseMros = s.detail.value(QStringLiteral("base_mros")).toObject();
            break;
        }
    }
    auto mroOf = [&classes, &baseMros](const QString &name) -> QStringList {
        if (baseMros.contains(name)) {
            QStringList mro;
            for (const QJsonValue &v : baseMros.value(name).toArray())
                mro.append(v.toString());
            return mro;
        }
        for (const ClassInfo &info : classes) {
            if (info.name == name)
                return info.mro;
        }
        if (name == QLatin1String("type"))
            return {QStringLiteral("type"), QStringLiteral("object")};
        return name == QLatin1String("object") ? QStringList{name}
                                               : QStringList{name, QStringLiteral("object")};
    };
    // The bases as written in the class statement (or as class_created reports them).
    QStringList bases;
    for (int i = index; i >= 0; --i) {
        const TraceStep &s = m_trace.steps.at(i);
        if (s.className != step->className)
            continue;
        if (s.kind == StepKind::ClassStatement || s.kind == StepKind::ClassCreated) {
            for (const QJsonValue &b : s.detail.value(QStringLiteral("bases")).toArray())
                bases.append(b.toString());
            break;
        }
    }
    if (bases.isEmpty())
        bases.append(QStringLiteral("object"));
    return MroAtStep{step->className, C3Merge::compute(step->className, bases, mroOf)};
}

bool TracePlayer::isKeyKind(PyRunner::StepKind kind)
{
    using PyRunner::StepKind;
    switch (kind) {
    case StepKind::DetermineMetaclass:
    case StepKind::MetaNew:
    case StepKind::SetName:
    case StepKind::InitSubclass:
    case StepKind::MetaInit:
    case StepKind::InstanceNew:
    case StepKind::InstanceInit:
        return true;
    default:
        return false;
    }
}

QList<int> TracePlayer::keySteps() const
{
    QList<int> indices;
    for (int i = 0; i < count(); ++i) {
        if (isKeyKind(m_trace.steps.at(i).kind))
            indices.append(i);
    }
    return indices;
}

} // namespace ClassForge
