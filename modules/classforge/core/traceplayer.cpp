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
    for (const QJsonValue item : value.toArray())
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

namespace {

/** Applies CHANGE (what its "by" added, removed or replaced on the class) to ENTRIES. */
void applyChange(QList<NamespaceEntry> &entries, const QJsonObject &change, bool isNew)
{
    const QString by = change.value(QStringLiteral("by")).toString();
    auto find = [&entries](const QString &name) {
        return std::find_if(entries.begin(), entries.end(), [&](const NamespaceEntry &e) {
            return e.name == name;
        });
    };
    for (const char *key : {"added", "replaced"}) {
        for (const QJsonValue value : change.value(QLatin1String(key)).toArray()) {
            const QJsonObject item = value.toObject();
            const QString name = item.value(QStringLiteral("name")).toString();
            NamespaceEntry entry{name,
                                 item.value(QStringLiteral("value")).toString(),
                                 name.startsWith(QLatin1String("__")),
                                 isNew,
                                 NamespaceEntry::OnClass::SetLater,
                                 false,
                                 by};
            if (auto existing = find(name); existing != entries.end()) {
                entry.implicit = existing->implicit;
                *existing = entry;
            } else {
                entries.append(entry);
            }
        }
    }
    for (const QJsonValue value : change.value(QStringLiteral("removed")).toArray()) {
        const QString name = value.toObject().value(QStringLiteral("name")).toString();
        if (auto existing = find(name); existing != entries.end()) {
            existing->onClass = NamespaceEntry::OnClass::NotKept;
            existing->by = by;
            existing->isNew = isNew;
        }
    }
}

} // namespace

QList<NamespaceEntry> TracePlayer::namespaceAt(int index) const
{
    using Protocol::StepKind;
    QList<NamespaceEntry> entries;
    if (index < 0 || index >= count())
        return entries;
    const QString cls = m_trace.steps.at(index).className;
    if (cls.isEmpty())
        return entries;
    // Inside a direct type() call building a class of this name (dataclass(slots=True), a
    // function metaclass, a program's own type()): the namespace handed to it, and what
    // type.__new__ made of it, not a class statement's body.
    for (int j = index; j >= 0; --j) {
        const TraceStep &step = m_trace.steps.at(j);
        if (step.className != cls)
            continue;
        if (step.kind == StepKind::ClassCreated && j < index)
            break; // that build is over
        if (step.kind == StepKind::ClassStatement || step.kind == StepKind::BindName)
            break;
        if (step.kind != StepKind::CallMetaclass
            || !step.detail.contains(QStringLiteral("namespace_given")))
            continue;
        // Named after what was called: type(), or a metaclass called directly (MyMeta(...)).
        const QString callee = step.detail.value(QStringLiteral("metaclass")).toString();
        const QString handed = QStringLiteral("the dict handed to %1()")
                                   .arg(callee.isEmpty() ? QStringLiteral("type") : callee);
        for (const QJsonValue v : step.detail.value(QStringLiteral("namespace_given")).toArray()) {
            const QJsonObject item = v.toObject();
            const QString name = item.value(QStringLiteral("name")).toString();
            entries.append({name,
                            item.value(QStringLiteral("value")).toString(),
                            name.startsWith(QLatin1String("__")),
                            j == index,
                            NamespaceEntry::OnClass::Body,
                            true,
                            handed});
        }
        for (int k = j + 1; k <= index; ++k) {
            const TraceStep &made = m_trace.steps.at(k);
            if (made.className == cls && made.kind == StepKind::MetaNew
                && made.text("function") == QLatin1String("type.__new__")) {
                QJsonObject change = made.detail.value(QStringLiteral("changes")).toObject();
                change.insert(QStringLiteral("by"), QStringLiteral("type.__new__"));
                applyChange(entries, change, k == index);
            }
        }
        return entries;
    }
    int start = index;
    while (start >= 0
           && !(m_trace.steps.at(start).kind == StepKind::ClassStatement
                && m_trace.steps.at(start).className == cls)) {
        --start;
    }
    if (start < 0)
        return entries; // a class made by calling a metaclass: its namespace was a plain dict
    // The name bound to another class than the one built from this namespace (a class made
    // before, or a function metaclass's second class): the table shows what the name holds, and
    // the body's names that class does not have as not kept.
    if (const TraceStep &at = m_trace.steps.at(index);
        at.kind == StepKind::BindName
        && (at.detail.value(QStringLiteral("returned_existing")).toBool()
            || at.detail.contains(QStringLiteral("first_class")))) {
        // Only what that class holds: the names of the classes built before it under this
        // statement belong to them, not to it.
        const QJsonObject held = at.detail.value(QStringLiteral("attribute_values")).toObject();
        const QString returned = QStringLiteral("the class returned");
        QList<NamespaceEntry> body;
        for (auto it = held.begin(); it != held.end(); ++it)
            body.append({it.key(),
                         it.value().toString(),
                         false,
                         true,
                         NamespaceEntry::OnClass::SetLater,
                         false,
                         returned});
        return body;
    }
    auto upsert = [&entries](const NamespaceEntry &entry) {
        auto existing = std::find_if(entries.begin(), entries.end(), [&](const NamespaceEntry &e) {
            return e.name == entry.name;
        });
        if (existing != entries.end())
            *existing = entry;
        else
            entries.append(entry);
    };
    // The namespace as the body fills it: what __prepare__ put there first, then each binding.
    QString calledMetaclass; // what the class statement called (a function, for one in place)
    bool built = false;      // the class exists (its ClassCreated step is passed)
    for (int i = start; i <= index; ++i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.className != cls)
            continue;
        if (step.kind == StepKind::CallMetaclass
            && !step.detail.value(QStringLiteral("explicit")).toBool())
            calledMetaclass = step.text("metaclass");
        if (step.kind == StepKind::NamespacePrepared) {
            upsert({step.text("name"),
                    step.text("value"),
                    false,
                    i == index,
                    NamespaceEntry::OnClass::Body,
                    true,
                    step.text("function")});
        } else if (step.kind == StepKind::NamespaceSet) {
            upsert({step.text("name"),
                    step.text("value"),
                    step.detail.value(QStringLiteral("implicit")).toBool(),
                    i == index,
                    NamespaceEntry::OnClass::Body,
                    false,
                    QString()});
        } else if (step.kind == StepKind::NamespaceDel) {
            entries.removeIf([&](const NamespaceEntry &e) { return e.name == step.text("name"); });
        } else if (step.kind == StepKind::MetaNew
                   || (step.kind == StepKind::CallMetaclass
                       && step.detail.value(QStringLiteral("namespace_changes"))
                              .toObject()
                              .value(QStringLiteral("in_place"))
                              .toBool())) {
            // What a metaclass __new__ did to the namespace before handing it on, and what
            // type.__new__ made of it, shown at the step that says so (the class's own record
            // repeats them once it exists).
            const bool typeNew = step.kind == StepKind::MetaNew
                                 && step.text("function") == QLatin1String("type.__new__");
            QJsonObject change = step.detail
                                     .value(typeNew ? QStringLiteral("changes")
                                                    : QStringLiteral("namespace_changes"))
                                     .toObject();
            if (change.isEmpty())
                continue;
            change.insert(QStringLiteral("by"),
                          step.kind == StepKind::CallMetaclass ? calledMetaclass
                                                               : step.text("function"));
            applyChange(entries, change, i == index);
        } else if (step.kind == StepKind::ClassCreated) {
            built = true; // from here the class's own record speaks (below)
        } else if (!built && step.detail.value(QStringLiteral("changes")).isObject()
                   && step.detail.value(QStringLiteral("changes"))
                          .toObject()
                          .contains(QStringLiteral("by"))) {
            // A hook that set something on the class before the statement ends (a metaclass's
            // __init__, __init_subclass__): shown at the step whose narration says so ("It adds
            // _fields"), not only once the class's own record repeats it.
            applyChange(
                entries, step.detail.value(QStringLiteral("changes")).toObject(), i == index);
        }
    }
    // Once the class exists: what each metaclass, hook and decorator did to it, in order. (A
    // second class made under the same name, by a metaclass that called type() twice, is
    // another class: the table stays with the one built first from this namespace.)
    bool exists = false;
    bool following = true; // the table still shows what the statement's name will hold
    int followedAt = -1;   // the step from which it shows another class a decorator returned
    int created = -1;
    for (int i = start; i <= index; ++i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.className != cls)
            continue;
        if (step.kind == StepKind::ClassCreated && !exists) {
            exists = true;
            created = i;
            for (const QJsonValue change : step.detail.value(QStringLiteral("changes")).toArray())
                applyChange(entries, change.toObject(), false);
        } else if (exists && following && step.kind == StepKind::Decorator
                   && (step.detail.contains(QStringLiteral("changes"))
                       || step.detail.contains(QStringLiteral("returned_other")))) {
            QJsonObject change = step.detail.value(QStringLiteral("changes")).toObject();
            change.insert(QStringLiteral("by"), step.text("function"));
            applyChange(entries, change, i == index);
            if (step.detail.value(QStringLiteral("returned_other")).toBool()) {
                // Another class: the table follows it where its difference is known.
                const QJsonObject differs
                    = step.detail.value(QStringLiteral("returned_changes")).toObject();
                following = !differs.isEmpty();
                if (following) {
                    followedAt = i;
                    // What the other class only inherits is not its own: not in its namespace.
                    const QJsonArray inherited
                        = step.detail.value(QStringLiteral("inherited")).toArray();
                    if (!inherited.isEmpty())
                        applyChange(
                            entries,
                            {{QStringLiteral("removed"), inherited},
                             {QStringLiteral("by"), QStringLiteral("inherited, not its own")}},
                            i == index);
                    QJsonObject other = differs;
                    other.insert(
                        QStringLiteral("by"),
                        QStringLiteral("the class %1 returned").arg(step.text("function")));
                    applyChange(entries, other, i == index);
                }
            }
        }
    }
    if (!exists)
        return entries;
    // What the class holds at INDEX, by its latest report (a decorator written in C changes it
    // unseen): values that differ from what was shown were set after the body.
    // Once the table follows another class, only a report of that class counts (an earlier one
    // is the first class's), and what it lacks of its own it may inherit: absent is not gone.
    QJsonObject held;
    for (int i = index; i > std::max(start, followedAt); --i) {
        const TraceStep &step = m_trace.steps.at(i);
        if (step.className == cls && step.detail.contains(QStringLiteral("attribute_values"))
            && ((step.kind == StepKind::ClassCreated && i == created)
                || (step.kind == StepKind::BindName
                    && !step.detail.contains(QStringLiteral("first_class"))))) {
            held = step.detail.value(QStringLiteral("attribute_values")).toObject();
            break;
        }
    }
    const auto isDunder = [](const QString &name) {
        return name.startsWith(QLatin1String("__")) && name.endsWith(QLatin1String("__"));
    };
    for (NamespaceEntry &entry : entries) {
        if (isDunder(entry.name))
            continue;
        if (entry.onClass != NamespaceEntry::OnClass::Body) {
            // Put there by a metaclass or a hook, then filled in later by it (Enum's
            // _member_map_ starts empty): what the class holds now.
            if (held.contains(entry.name) && entry.onClass != NamespaceEntry::OnClass::NotKept)
                entry.value = held.value(entry.name).toString();
            continue;
        }
        if (!held.contains(entry.name)) {
            if (followedAt < 0)
                entry.onClass = NamespaceEntry::OnClass::NotKept;
        } else if (held.value(entry.name).toString() != entry.value) {
            entry.value = held.value(entry.name).toString();
            entry.onClass = NamespaceEntry::OnClass::SetLater;
        }
    }
    for (auto it = held.begin(); it != held.end(); ++it) {
        const bool shown = std::any_of(entries.cbegin(),
                                       entries.cend(),
                                       [&](const NamespaceEntry &e) { return e.name == it.key(); });
        if (!shown)
            entries.append({it.key(),
                            it.value().toString(),
                            false,
                            false,
                            NamespaceEntry::OnClass::SetLater,
                            false,
                            QString()});
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
        if (step.kind != Protocol::StepKind::ClassCreated)
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

bool TracePlayer::seekStart(const QString &start)
{
    bool number = false;
    const int step = start.toInt(&number);
    if (number) {
        if (step < 1 || step > count())
            return false;
        seek(step - 1);
        return true;
    }
    for (int i = 0; i < count(); ++i) {
        if (m_trace.steps.at(i).kindId() == start) {
            seek(i);
            return true;
        }
    }
    return false;
}

std::optional<MroAtStep> TracePlayer::mroAt(int index) const
{
    using Protocol::StepKind;
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
            for (const QJsonValue v : baseMros.value(name).toArray())
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
            for (const QJsonValue b : s.detail.value(QStringLiteral("bases")).toArray())
                bases.append(b.toString());
            break;
        }
    }
    if (bases.isEmpty())
        bases.append(QStringLiteral("object"));
    const bool made
        = std::any_of(m_trace.steps.cbegin(), m_trace.steps.cend(), [&](const TraceStep &s) {
              return s.kind == StepKind::ClassCreated && s.className == step->className;
          });
    return MroAtStep{step->className, C3Merge::compute(step->className, bases, mroOf), made};
}

bool TracePlayer::isKeyKind(Protocol::StepKind kind)
{
    using Protocol::StepKind;
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
