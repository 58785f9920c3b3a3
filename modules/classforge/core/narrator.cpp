// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "narrator.h"

#include "trace.h"

#include <QHash>
#include <QJsonArray>

namespace ClassForge {

using PyRunner::StepKind;

namespace {

QString code(const QString &text)
{
    return QStringLiteral("`") + text + QStringLiteral("`");
}

QString joinedArray(const QJsonObject &detail, const char *key, const QString &separator)
{
    QStringList items;
    for (const QJsonValue &value : detail.value(QLatin1String(key)).toArray())
        items.append(value.toString());
    return items.join(separator);
}

/** "k=v, k2=v2" from a step's keywords, or empty. */
QString keywords(const TraceStep &step)
{
    const QJsonObject k = step.detail.value(QStringLiteral("keywords")).toObject();
    QStringList parts;
    for (auto it = k.constBegin(); it != k.constEnd(); ++it)
        parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return parts.join(QStringLiteral(", "));
}

/** TEXT as the end of a sentence: a full stop unless it ends in one already. */
QString sentence(QString text)
{
    text = text.trimmed();
    if (!text.isEmpty() && !QStringLiteral(".?!").contains(text.back()))
        text += QLatin1Char('.');
    return text;
}

QString prepareNamespace(const TraceStep &step)
{
    const QString type = code(step.text("namespace_type"));
    const QString with
        = keywords(step).isEmpty()
              ? QString()
              : QStringLiteral(" (with the class keywords %1)").arg(code(keywords(step)));
    if (!step.detail.value(QStringLiteral("called")).toBool()) {
        return QStringLiteral("The metaclass has no __prepare__, so the namespace the class body "
                              "will fill is a new, empty %1.")
            .arg(type);
    }
    const QString function = code(step.text("function"));
    if (!step.detail.value(QStringLiteral("readable")).toBool()) {
        return QStringLiteral("%1%2 returns a %3, which is not a dict: every assignment in the "
                              "body goes through its own __setitem__.")
            .arg(function, with, type);
    }
    QStringList names;
    for (const QJsonValue &entry : step.detail.value(QStringLiteral("prepared")).toArray())
        names.append(entry.toObject().value(QStringLiteral("name")).toString());
    if (names.isEmpty()) {
        return QStringLiteral("%1%2 returns an empty %3: the namespace the class body will fill.")
            .arg(function, with, type);
    }
    return QStringLiteral("%1%2 returns a %3 that already holds %4 before the body's first line: "
                          "%5.")
        .arg(function, with, type)
        .arg(names.size() == 1 ? QStringLiteral("one name")
                               : QStringLiteral("%1 names").arg(names.size()))
        .arg(code(names.join(QStringLiteral(", "))));
}

QString namespaceSet(const TraceStep &step)
{
    const QString name = step.text("name");
    const QString value = step.text("value");
    if (step.detail.value(QStringLiteral("implicit")).toBool()) {
        if (name == QLatin1String("__classcell__")) {
            return QStringLiteral("The body uses zero-argument super() or __class__, so Python "
                                  "stores a cell %1 that type.__new__ will point at the new "
                                  "class.")
                .arg(code(name));
        }
        return QStringLiteral("Before your first line runs, Python stores %1 in the namespace "
                              "by itself.")
            .arg(code(name + QStringLiteral(" = ") + value));
    }
    if (step.detail.value(QStringLiteral("same_value")).toBool()) {
        return QStringLiteral("The class body binds %1 again, to the same value: the namespace "
                              "sees a second assignment all the same.")
            .arg(code(name + QStringLiteral(" = ") + value));
    }
    const QString verb = step.detail.value(QStringLiteral("rebound")).toBool()
                             ? QStringLiteral("rebinds")
                             : QStringLiteral("binds");
    if (value.startsWith(QLatin1String("<function "))) {
        return QStringLiteral("%1 %2 a plain function %3 in the class namespace: a method is "
                              "just a function stored in a class.")
            .arg(code(QStringLiteral("def ") + name), verb, code(name));
    }
    return QStringLiteral("The class body %1 %2 in the namespace.")
        .arg(verb, code(name + QStringLiteral(" = ") + value));
}

QString errorText(const TraceStep &step)
{
    const QString type = step.text("type");
    const QString message = step.text("message");
    if (type == QLatin1String("Timeout") || type == QLatin1String("StepLimit")) {
        QString text = message;
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        return sentence(text);
    }
    if (type == QLatin1String("RunnerCrashed") || type == QLatin1String("RunnerMissing"))
        return message;
    const int line = step.detail.value(QStringLiteral("line")).toInt();
    return QStringLiteral("CPython raised %1%2: %3 Everything after this point never ran.")
        .arg(code(type),
             line > 0 ? QStringLiteral(" on line %1").arg(line) : QString(),
             sentence(message));
}

} // namespace

namespace Narrator {

QString narrate(const TraceStep &step)
{
    const QString cls = step.className;
    const QString function = step.text("function");
    switch (step.kind) {
    case StepKind::ClassStatement: {
        if (step.detail.value(QStringLiteral("dynamic")).toBool()) {
            return QStringLiteral("Code made while the program runs (exec, compile) reaches %1: "
                                  "the same machinery builds this class, step by step.")
                .arg(code(QStringLiteral("class ") + step.text("name")));
        }
        return QStringLiteral("Python reaches %1. It declares nothing: it runs a small program "
                              "that builds a class object, step by step.")
            .arg(code(QStringLiteral("class ") + step.text("name")));
    }
    case StepKind::ResolveBases: {
        return QStringLiteral("Some bases are not classes. Python asks each for "
                              "__mro_entries__, and %1 becomes %2.")
            .arg(joinedArray(step.detail, "original", QStringLiteral(", ")),
                 joinedArray(step.detail, "resolved", QStringLiteral(", ")));
    }
    case StepKind::DetermineMetaclass: {
        return QStringLiteral("Python picks the metaclass, the class that will build %1: %2 (%3).")
            .arg(cls, code(step.text("metaclass")), step.text("reason"));
    }
    case StepKind::PrepareNamespace:
        return prepareNamespace(step);
    case StepKind::NamespacePrepared: {
        return QStringLiteral("%1 put %2 in the namespace before the body runs: the body did not "
                              "write it.")
            .arg(code(function),
                 code(step.text("name") + QStringLiteral(" = ") + step.text("value")));
    }
    case StepKind::NamespaceSet:
        return namespaceSet(step);
    case StepKind::NamespaceDel: {
        return QStringLiteral("%1 removes the name from the namespace: the class will not have it.")
            .arg(code(QStringLiteral("del ") + step.text("name")));
    }
    case StepKind::CallMetaclass: {
        const QString name = step.text("name").isEmpty() ? cls : step.text("name");
        const QString extra
            = keywords(step).isEmpty() ? QString() : QStringLiteral(", ") + keywords(step);
        const QString call
            = code(step.text("metaclass") + QStringLiteral("('") + name
                   + QStringLiteral("', bases, namespace") + extra + QLatin1Char(')'));
        if (step.detail.value(QStringLiteral("inside_function_metaclass")).toBool()) {
            return QStringLiteral("The metaclass function calls %1 itself: this is the one class "
                                  "object the class statement gets.")
                .arg(call);
        }
        if (step.detail.value(QStringLiteral("explicit")).toBool()) {
            return QStringLiteral("%1 is called directly, not by a class statement: the grungy "
                                  "way of building a class, exactly what a class statement does "
                                  "at this point.")
                .arg(call);
        }
        return QStringLiteral("The body is done. Python calls the metaclass with the name, the "
                              "bases and the filled namespace%1: %2.")
            .arg(extra.isEmpty() ? QString() : QStringLiteral(" (and the class keywords)"), call);
    }
    case StepKind::MetaNew: {
        if (function == QLatin1String("type.__new__")) {
            return QStringLiteral("%1 builds the class object %2 from the namespace.")
                .arg(code(function), cls);
        }
        return QStringLiteral("%1%2 runs before the class exists: it receives the name, bases "
                              "and namespace, and must return the new class.")
            .arg(step.detail.value(QStringLiteral("yours")).toBool() ? QStringLiteral("Your ")
                                                                     : QString(),
                 code(function));
    }
    case StepKind::SetName: {
        return QStringLiteral("type.__new__ tells each descriptor its name: %1 learns it is %2 "
                              "of %3.")
            .arg(code(function), code(step.text("name")), cls);
    }
    case StepKind::InitSubclass: {
        return QStringLiteral("type.__new__ tells the parent about its new subclass: %1 runs for "
                              "%2.")
            .arg(code(function), cls);
    }
    case StepKind::MetaInit: {
        if (function == QLatin1String("type.__init__")) {
            return QStringLiteral("%1 runs; it has nothing left to do, the class %2 is complete.")
                .arg(code(function), cls);
        }
        return QStringLiteral("%1 runs with the namespace you just filled; the class %2 already "
                              "exists and can still be changed here.")
            .arg(code(function), cls);
    }
    case StepKind::ClassCreated: {
        return QStringLiteral("Class %1 exists. Its method resolution order is %2 and its "
                              "metaclass is %3.")
            .arg(cls,
                 joinedArray(step.detail, "mro", QStringLiteral(" → ")),
                 code(step.text("metaclass")));
    }
    case StepKind::Decorator: {
        if (!step.detail.value(QStringLiteral("seen_running")).toBool(true)) {
            return QStringLiteral("The decorator %1 (written in C: the tracer cannot watch it run) "
                                  "receives the class; whatever it returns is what the name will "
                                  "mean.")
                .arg(code(function));
        }
        return QStringLiteral("The decorator %1 runs now, with the finished class; whatever it "
                              "returns is what the name will mean.")
            .arg(code(function));
    }
    case StepKind::BindName: {
        const QString bound = step.text("bound");
        if (bound == QLatin1String("class") || bound.isEmpty()) {
            return QStringLiteral(
                       "Finally the name %1 is bound to the class in the enclosing scope.")
                .arg(code(step.text("name")));
        }
        if (bound == QLatin1String("function")) {
            return QStringLiteral("Finally the name %1 is bound to %2: a function, not a class, "
                                  "because that is what the decorator returned.")
                .arg(code(step.text("name")), code(step.text("value")));
        }
        return QStringLiteral("Finally the name %1 is bound to %2, which is not a class.")
            .arg(code(step.text("name")), code(step.text("value")));
    }
    case StepKind::ClassStatementResult: {
        return QStringLiteral("The metaclass returned %1, which is not a class: that is what %2 "
                              "will mean.")
            .arg(code(step.text("value")), cls);
    }
    case StepKind::InstanceCall: {
        if (function == QLatin1String("type.__call__")) {
            return QStringLiteral("Calling %1 calls its metaclass's %2, which runs __new__ and "
                                  "then, if __new__ returns a %3, __init__.")
                .arg(code(cls + QStringLiteral("()")), code(function), cls);
        }
        return QStringLiteral("Calling %1 calls its metaclass's own %2: what happens next is up "
                              "to it.")
            .arg(code(cls + QStringLiteral("()")), code(function));
    }
    case StepKind::InstanceReturned: {
        if (step.detail.value(QStringLiteral("is_instance")).toBool()) {
            return QStringLiteral("%1 returns %2 without calling type.__call__: no __new__, no "
                                  "__init__ ran; the call gives back an instance made before.")
                .arg(code(function), code(step.text("value")));
        }
        return QStringLiteral("%1 returns %2 without calling type.__call__: no %3 was made at "
                              "all.")
            .arg(code(function), code(step.text("value")), cls);
    }
    case StepKind::InstanceInitSkipped:
    case StepKind::MetaInitSkipped: {
        return QStringLiteral("__new__ returned %1, which is not a %2: CPython does not call "
                              "__init__ on it.")
            .arg(code(step.text("returned")), cls);
    }
    case StepKind::SetAttribute: {
        const QString assignment = code(QStringLiteral("%1.%2 = %3")
                                            .arg(cls.section(QLatin1Char('.'), -1).toLower(),
                                                 step.text("name"),
                                                 step.text("value")));
        if (step.detail.value(QStringLiteral("refused")).toBool()) {
            return QStringLiteral("%1 goes through %2, which refuses it (%3): the attribute is "
                                  "not set.")
                .arg(assignment, code(function), code(step.text("error")));
        }
        return QStringLiteral("%1 goes through %2 before anything is stored.")
            .arg(assignment, code(function));
    }
    case StepKind::InstanceNew: {
        return QStringLiteral("%1 makes the new, empty %2 instance.").arg(code(function), cls);
    }
    case StepKind::InstanceInit: {
        if (function == QLatin1String("object.__init__")) {
            return QStringLiteral("%1 defines no __init__, so %2 runs and does nothing.")
                .arg(cls, code(function));
        }
        return QStringLiteral("%1 fills in the new instance.").arg(code(function));
    }
    case StepKind::Error:
        return errorText(step);
    case StepKind::ProcessLimit: {
        QString text = step.text("message");
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        return sentence(text);
    }
    }
    return QStringLiteral("%1 %2").arg(step.kindId(), cls);
}

QString kindName(StepKind kind)
{
    switch (kind) {
    case StepKind::ClassStatement:
        return QStringLiteral("class statement");
    case StepKind::ResolveBases:
        return QStringLiteral("bases resolved");
    case StepKind::DetermineMetaclass:
        return QStringLiteral("metaclass chosen");
    case StepKind::PrepareNamespace:
        return QStringLiteral("namespace prepared");
    case StepKind::NamespacePrepared:
        return QStringLiteral("prepared name");
    case StepKind::NamespaceSet:
        return QStringLiteral("body binds a name");
    case StepKind::NamespaceDel:
        return QStringLiteral("body deletes a name");
    case StepKind::CallMetaclass:
        return QStringLiteral("metaclass called");
    case StepKind::MetaNew:
        return QStringLiteral("metaclass __new__");
    case StepKind::MetaInit:
        return QStringLiteral("metaclass __init__");
    case StepKind::MetaInitSkipped:
        return QStringLiteral("__init__ skipped");
    case StepKind::SetName:
        return QStringLiteral("__set_name__");
    case StepKind::InitSubclass:
        return QStringLiteral("__init_subclass__");
    case StepKind::ClassCreated:
        return QStringLiteral("class exists");
    case StepKind::Decorator:
        return QStringLiteral("decorator");
    case StepKind::BindName:
        return QStringLiteral("name bound");
    case StepKind::ClassStatementResult:
        return QStringLiteral("not a class");
    case StepKind::InstanceCall:
        return QStringLiteral("class called");
    case StepKind::InstanceNew:
        return QStringLiteral("instance __new__");
    case StepKind::InstanceInit:
        return QStringLiteral("instance __init__");
    case StepKind::InstanceInitSkipped:
        return QStringLiteral("__init__ skipped");
    case StepKind::InstanceReturned:
        return QStringLiteral("__call__ returned");
    case StepKind::SetAttribute:
        return QStringLiteral("attribute set");
    case StepKind::ProcessLimit:
        return QStringLiteral("process limit");
    case StepKind::Error:
        return QStringLiteral("error");
    }
    return QLatin1String(PyRunner::stepKindId(kind));
}

QStringList kinds()
{
    QStringList all;
    for (int i = 0; i < PyRunner::StepKindCount; ++i)
        all.append(QLatin1String(PyRunner::stepKindId(StepKind(i))));
    all.sort();
    return all;
}

} // namespace Narrator

} // namespace ClassForge
