#include "narrator.h"

#include "trace.h"

#include <QJsonArray>

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
        QString sentence = message;
        if (!sentence.isEmpty())
            sentence[0] = sentence[0].toUpper();
        return sentence.endsWith(QLatin1Char('.')) ? sentence : sentence + QLatin1Char('.');
    }
    if (type == QLatin1String("RunnerCrashed") || type == QLatin1String("RunnerMissing"))
        return message;
    const int line = step.detail.value(QStringLiteral("line")).toInt();
    return QStringLiteral("CPython raised %1%2: %3. Everything after this point never ran.")
        .arg(code(type), line > 0 ? QStringLiteral(" on line %1").arg(line) : QString(), message);
}

} // namespace

namespace Narrator {

QString narrate(const TraceStep &step)
{
    const QString cls = step.className;
    const QString kind = step.kind;
    const QString function = step.text("function");
    if (kind == QLatin1String("class_statement")) {
        return QStringLiteral("Python reaches %1. It declares nothing: it runs a small program "
                              "that builds a class object, step by step.")
            .arg(code(QStringLiteral("class ") + step.text("name")));
    }
    if (kind == QLatin1String("resolve_bases")) {
        return QStringLiteral("Some bases are not classes. Python asks each for "
                              "__mro_entries__, and %1 becomes %2.")
            .arg(joinedArray(step.detail, "original", QStringLiteral(", ")),
                 joinedArray(step.detail, "resolved", QStringLiteral(", ")));
    }
    if (kind == QLatin1String("determine_metaclass")) {
        return QStringLiteral("Python picks the metaclass, the class that will build %1: %2 (%3).")
            .arg(cls, code(step.text("metaclass")), step.text("reason"));
    }
    if (kind == QLatin1String("prepare_namespace")) {
        return QStringLiteral("%1 returns an empty %2: the namespace the class body will fill.")
            .arg(code(function), code(step.text("namespace_type")));
    }
    if (kind == QLatin1String("namespace_set"))
        return namespaceSet(step);
    if (kind == QLatin1String("call_metaclass")) {
        if (step.detail.value(QStringLiteral("explicit")).toBool()) {
            return QStringLiteral("Your code calls %1 itself: the grungy way of building a "
                                  "class, exactly what a class statement does at this point.")
                .arg(code(step.text("metaclass") + QStringLiteral("('") + cls
                          + QStringLiteral("', bases, namespace)")));
        }
        return QStringLiteral("The body is done. Python calls the metaclass with the name, the "
                              "bases and the filled namespace: %1.")
            .arg(code(step.text("metaclass") + QStringLiteral("('") + cls
                      + QStringLiteral("', bases, namespace)")));
    }
    if (kind == QLatin1String("meta_new")) {
        if (function == QLatin1String("type.__new__")) {
            return QStringLiteral("%1 builds the class object %2 from the namespace.")
                .arg(code(function), cls);
        }
        return QStringLiteral("Your %1 runs before the class exists: it receives the name, bases "
                              "and namespace, and must return the new class.")
            .arg(code(function));
    }
    if (kind == QLatin1String("set_name")) {
        return QStringLiteral("type.__new__ tells each descriptor its name: %1 learns it is %2 "
                              "of %3.")
            .arg(code(function), code(step.text("name")), cls);
    }
    if (kind == QLatin1String("init_subclass")) {
        return QStringLiteral("type.__new__ tells the parent about its new subclass: %1 runs for "
                              "%2.")
            .arg(code(function), cls);
    }
    if (kind == QLatin1String("meta_init")) {
        if (function == QLatin1String("type.__init__")) {
            return QStringLiteral("%1 runs; it has nothing left to do, the class %2 is complete.")
                .arg(code(function), cls);
        }
        return QStringLiteral("%1 runs with the namespace you just filled; the class %2 already "
                              "exists and can still be changed here.")
            .arg(code(function), cls);
    }
    if (kind == QLatin1String("class_created")) {
        return QStringLiteral("Class %1 exists. Its method resolution order is %2 and its "
                              "metaclass is %3.")
            .arg(cls,
                 joinedArray(step.detail, "mro", QStringLiteral(" → ")),
                 code(step.text("metaclass")));
    }
    if (kind == QLatin1String("decorator")) {
        return QStringLiteral("The decorator %1 receives the finished class; whatever it returns "
                              "is what the name will mean.")
            .arg(code(function));
    }
    if (kind == QLatin1String("bind_name")) {
        return QStringLiteral("Finally the name %1 is bound to the class in the enclosing scope.")
            .arg(code(step.text("name")));
    }
    if (kind == QLatin1String("instance_call")) {
        return QStringLiteral("Calling %1 calls its metaclass's %2, which runs __new__ and then "
                              "__init__.")
            .arg(code(cls + QStringLiteral("()")), code(function));
    }
    if (kind == QLatin1String("instance_new")) {
        return QStringLiteral("%1 makes the new, empty %2 instance.").arg(code(function), cls);
    }
    if (kind == QLatin1String("instance_init")) {
        if (function == QLatin1String("object.__init__")) {
            return QStringLiteral("%1 defines no __init__, so %2 runs and does nothing.")
                .arg(cls, code(function));
        }
        return QStringLiteral("%1 fills in the new instance.").arg(code(function));
    }
    if (kind == QLatin1String("error"))
        return errorText(step);
    return QStringLiteral("%1 %2").arg(kind, cls);
}

} // namespace Narrator
