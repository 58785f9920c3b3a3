// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "narrator.h"

#include "trace.h"

#include <kit/packages.h>

#include <QHash>
#include <QJsonArray>

namespace ClassForge {

using Protocol::StepKind;

namespace {

QString code(const QString &text)
{
    return QStringLiteral("`") + text + QStringLiteral("`");
}

} // namespace

QString Narrator::article(const QString &noun)
{
    QString word = noun.section(QLatin1Char('.'), -1);
    word.remove(QLatin1Char('`'));
    if (word.isEmpty())
        return QStringLiteral("a");
    // A name read letter by letter ("an L", "an M", "an SQL..."): by the letter's sound.
    const bool spelled = word.size() == 1 || (word.size() > 1 && word.at(1).isUpper());
    if (spelled)
        return QStringLiteral("AEFHILMNORSX").contains(word.at(0).toUpper()) ? QStringLiteral("an")
                                                                             : QStringLiteral("a");
    return QStringLiteral("AEIOUaeiou").contains(word.at(0)) ? QStringLiteral("an")
                                                             : QStringLiteral("a");
}

using Narrator::article;

namespace {

QString joinedArray(const QJsonObject &detail, const char *key, const QString &separator)
{
    QStringList items;
    for (const QJsonValue value : detail.value(QLatin1String(key)).toArray())
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
    for (const QJsonValue entry : step.detail.value(QStringLiteral("prepared")).toArray())
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
    if (const QString annotated = step.text("annotated"); !annotated.isEmpty()) {
        const QString annotation = code(annotated + QStringLiteral(": ") + step.text("annotation"));
        return QStringLiteral("The annotation %1 is recorded in %2. An annotation by itself binds "
                              "no name.")
            .arg(annotation, code(QStringLiteral("__annotations__")));
    }
    if (name == QLatin1String("__annotations__")) {
        return QStringLiteral("The body has annotations, so before its first statement Python "
                              "puts an empty %1 in the namespace to record them.")
            .arg(code(QStringLiteral("__annotations__")));
    }
    if (step.detail.value(QStringLiteral("after_body")).toBool()) {
        return QStringLiteral("The body is done. Because __mro_entries__ replaced some of the "
                              "bases, Python keeps the bases as written in %1.")
            .arg(code(name + QStringLiteral(" = ") + value));
    }
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

/** `a`, `b` and `c` (at most LIMIT, then "and N more"). */
QString names(const QStringList &list, int limit = 12)
{
    QStringList shown;
    for (int i = 0; i < list.size() && i < limit; ++i)
        shown.append(code(list.at(i)));
    if (list.size() > limit)
        shown.append(QStringLiteral("%1 more").arg(list.size() - limit));
    if (shown.size() <= 1)
        return shown.join(QString());
    const QString last = shown.takeLast();
    return shown.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QStringList namesIn(const QJsonObject &changes, const char *key)
{
    QStringList list;
    for (const QJsonValue entry : changes.value(QLatin1String(key)).toArray())
        list.append(entry.toObject().value(QStringLiteral("name")).toString());
    return list;
}

/** What a change did, as a clause: "adds `a`, takes out `b` and replaces `c`"; empty: none. */
QString changesClause(const QJsonObject &changes)
{
    QStringList parts;
    if (const QStringList added = namesIn(changes, "added"); !added.isEmpty())
        parts.append(QStringLiteral("adds ") + names(added));
    if (const QStringList removed = namesIn(changes, "removed"); !removed.isEmpty())
        parts.append(QStringLiteral("takes out ") + names(removed));
    if (const QStringList replaced = namesIn(changes, "replaced"); !replaced.isEmpty())
        parts.append(QStringLiteral("replaces ") + names(replaced));
    if (parts.size() <= 1)
        return parts.join(QString());
    const QString last = parts.takeLast();
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

/** What the step's call raised, as "`TypeError: message`". */
QString raisedText(const TraceStep &step)
{
    const QJsonObject raised = step.detail.value(QStringLiteral("raised")).toObject();
    const QString message = raised.value(QStringLiteral("message")).toString();
    QString text = code(raised.value(QStringLiteral("type")).toString()
                        + (message.isEmpty() ? QString() : QStringLiteral(": ") + message));
    // Raised in another function of the program's than the one the step names (a
    // __post_init__ the dataclass's __init__ called, a helper): where.
    const QString where = raised.value(QStringLiteral("function")).toString();
    if (!where.isEmpty() && where != step.text("function") && where != QLatin1String("<module>"))
        text += QStringLiteral(" (raised in %1, line %2)")
                    .arg(code(where))
                    .arg(raised.value(QStringLiteral("line")).toInt());
    return text;
}

/**
 * A call that raised, said as a failure: what refused, with what, and what therefore does not
 * exist. Empty when the step's call did not raise.
 */
QString failedCall(const TraceStep &step)
{
    if (!step.detail.contains(QStringLiteral("raised")))
        return {};
    const QString cls = step.className;
    const QString function = code(step.text("function"));
    const QString raised = raisedText(step);
    // A hook another one called through super(): its exception goes back to that caller, which
    // may catch it; the caller's own step says how it ended.
    if (const QString by = step.text("called_by"); !by.isEmpty()) {
        return QStringLiteral("%1 raised %2, back into %3, which called it: what that does with "
                              "it, its own end says.")
            .arg(function, raised, code(by));
    }
    switch (step.kind) {
    case StepKind::InstanceReturned: {
        const int calls = step.detail.value(QStringLiteral("type_calls")).toInt();
        if (calls > 0) {
            const QString made = calls == 1 ? QStringLiteral("%1 %2").arg(article(cls), cls)
                                            : QStringLiteral("%1 %2 instances").arg(calls).arg(cls);
            return QStringLiteral("%1 raised %2 after type.__call__ had returned %3 to it: %4() "
                                  "gives back nothing.")
                .arg(function, raised, made, cls);
        }
        return QStringLiteral("%1 raised %2: %3() gives back nothing.").arg(function, raised, cls);
    }
    case StepKind::InstanceNew:
        if (step.detail.value(QStringLiteral("built")).toBool()) {
            if (step.detail.value(QStringLiteral("escaped")).toBool())
                return QStringLiteral("%1 made %2 %3, then raised %4: %3() gives back nothing, but "
                                      "the %3 it made is not thrown away: something your program "
                                      "made still refers to it.")
                    .arg(function, article(cls), cls, raised);
            return QStringLiteral("%1 made %2 %3, then raised %4: %3() gives back nothing, and "
                                  "only the exception (its traceback) still refers to the %3 it "
                                  "made, so it is thrown away once the exception is handled and "
                                  "let go.")
                .arg(function, article(cls), cls, raised);
        }
        return QStringLiteral("%1 refused to make %2 %3 and raised %4. No %3 instance exists.")
            .arg(function, article(cls), cls, raised);
    case StepKind::InstanceInit:
        if (const QString returned = step.text("returned_type"); !returned.isEmpty()) {
            return QStringLiteral("%1 returned %2 %3, not None, so type.__call__ raised %4: the "
                                  "new %5 is thrown away.")
                .arg(function, article(returned), returned, raised, cls);
        }
        if (step.detail.value(QStringLiteral("escaped")).toBool()) {
            return QStringLiteral("%1 raised %2, and the call raises it: %3() gives back nothing, "
                                  "but the half-made %3 is not thrown away: something your "
                                  "program made still refers to it.")
                .arg(function, raised, cls);
        }
        if (!step.text("existing").isEmpty())
            return QStringLiteral("%1 raised %2, and the call raises it: the %3 made before this "
                                  "call is left where it was, with whatever __init__ did to it "
                                  "before it raised.")
                .arg(function, raised, cls);
        if (!step.detail.value(QStringLiteral("started")).toBool(true))
            return QStringLiteral("%1 raised %2 before any of its code ran, and the call raises "
                                  "it: nothing refers to the new %3 any more, so it is thrown "
                                  "away at once.")
                .arg(function, raised, cls);
        return QStringLiteral("%1 raised %2, and the call raises it: only the exception (its "
                              "traceback) still refers to the new %3, so the %3 is thrown away "
                              "once the exception is handled and let go.")
            .arg(function, raised, cls);
    case StepKind::MetaNew:
        if (const QString inside = step.text("raised_inside"); !inside.isEmpty()) {
            return QStringLiteral("%1 was making the class %2, but %3 failed inside it (its step "
                                  "is above), so %1 raised %4: the class object it had built is "
                                  "not returned, and the name %2 is never bound.")
                .arg(function, cls, code(inside), raised);
        }
        if (step.detail.value(QStringLiteral("built")).toBool()) {
            return QStringLiteral("%1 raised %2 after type.__new__ had built the class object %3 "
                                  "inside it: that class object is not returned, and the name %3 "
                                  "is never bound.")
                .arg(function, raised, cls);
        }
        return QStringLiteral("%1 raised %2: the class %3 is never made.")
            .arg(function, raised, cls);
    case StepKind::MetaInit:
        return QStringLiteral("%1 raised %2: the class statement fails, and the name %3 is not "
                              "bound.")
            .arg(function, raised, cls);
    case StepKind::InitSubclass:
    case StepKind::SetName:
        return QStringLiteral("%1 raised %2 inside type.__new__: the class object %3 was "
                              "already built (it is what the hook was given), but type.__new__ "
                              "raises instead of returning it, so the name %3 is never bound.")
            .arg(function, raised, cls);
    case StepKind::Decorator:
        return QStringLiteral("The decorator %1 raised %2: the name %3 is never bound.")
            .arg(function, raised, cls.section(QLatin1Char('.'), -1));
    case StepKind::DetermineMetaclass:
        return QStringLiteral("Python cannot pick a metaclass for %1: it raised %2, and the "
                              "class %1 is never made.")
            .arg(cls, raised);
    case StepKind::PrepareNamespace:
        if (const QString type = step.text("returned_type"); !type.isEmpty())
            return QStringLiteral("%1 returned %2, %3 %4, not a mapping to hold the namespace: "
                                  "Python raised %5 before the body could run, and the class %6 is "
                                  "never made.")
                .arg(function,
                     code(step.text("returned")),
                     Narrator::article(type),
                     type,
                     raised,
                     cls);
        return QStringLiteral("%1 raised %2 before the body could run: the class %3 is never "
                              "made.")
            .arg(function, raised, cls);
    case StepKind::CallMetaclass: {
        // The call itself raised, with no step of its own inside to say so (a metaclass whose
        // code is C, a function that raised by itself).
        const QString name = step.text("name").isEmpty() ? cls : step.text("name");
        const QString call = code(step.text("metaclass") + QStringLiteral("('") + name
                                  + QStringLiteral("', bases, namespace)"));
        const bool makesClasses = step.detail.value(QStringLiteral("makes_classes")).toBool(true);
        return QStringLiteral("%1 raised %2%3: the class %4 is never made, and the name %4 is "
                              "never bound.")
            .arg(call,
                 raised,
                 makesClasses ? QString()
                              : QStringLiteral(" (%1 is not a metaclass: calling it does not "
                                               "build a class)")
                                    .arg(code(step.text("metaclass"))),
                 name);
    }
    case StepKind::ClassStatementResult:
        if (step.detail.value(QStringLiteral("class_cell")).toBool()) {
            return QStringLiteral("The metaclass returned the class, but the class statement "
                                  "checks one thing more: the class must be the one the body's "
                                  "%1 cell names, which %2 and %3 in its methods rely on. %4, "
                                  "so the check raised %5, and the name %6 is never bound.")
                .arg(code(QStringLiteral("__class__")),
                     code(QStringLiteral("super()")),
                     code(QStringLiteral("__class__")),
                     step.detail.value(QStringLiteral("raised"))
                                 .toObject()
                                 .value(QStringLiteral("type"))
                                 .toString()
                             == QLatin1String("RuntimeError")
                         ? QStringLiteral("The cell was never set: a metaclass left %1 out of "
                                          "what it handed to %2")
                               .arg(code(QStringLiteral("__classcell__")),
                                    code(QStringLiteral("type.__new__")))
                         : QStringLiteral("The cell names another class than the one returned"),
                     raised,
                     code(cls));
        }
        return QStringLiteral("The class body raised %1: the metaclass is never called, and the "
                              "class %2 is never made.")
            .arg(raised, cls);
    case StepKind::NamespaceSet: {
        const QString value = step.text("value");
        const QString assignment = code(step.text("name") + QStringLiteral(" = ")
                                        + (value.isEmpty() ? QStringLiteral("...") : value));
        return QStringLiteral("The class body's %1 goes to the namespace %2 returned, which "
                              "refuses it and raises %3: nothing is bound.")
            .arg(assignment, code(QStringLiteral("__prepare__")), raised);
    }
    case StepKind::NamespaceDel:
        return QStringLiteral("The class body's %1 goes to the namespace %2 returned, which "
                              "refuses it and raises %3: the name stays.")
            .arg(code(QStringLiteral("del ") + step.text("name")),
                 code(QStringLiteral("__prepare__")),
                 raised);
    default:
        return QStringLiteral("%1 raised %2.").arg(function, raised);
    }
}

/** " It adds `a` and replaces `b`." from the step's changes, or empty. */
QString changesSentence(const TraceStep &step, const QString &subject = QStringLiteral("It"))
{
    const QString clause = changesClause(step.detail.value(QStringLiteral("changes")).toObject());
    return clause.isEmpty() ? QString() : QStringLiteral(" %1 %2.").arg(subject, clause);
}

QString libraryClasses(const TraceStep &step)
{
    QStringList parts;
    const QJsonArray libraries = step.detail.value(QStringLiteral("libraries")).toArray();
    for (const QJsonValue value : libraries) {
        const QJsonObject library = value.toObject();
        const int count = library.value(QStringLiteral("count")).toInt();
        parts.append(QStringLiteral("%1 %2")
                         .arg(code(library.value(QStringLiteral("library")).toString()))
                         .arg(count == 1 ? QStringLiteral("made 1 class")
                                         : QStringLiteral("made %1 classes").arg(count)));
    }
    return QStringLiteral("While %1 was being made, %2 of its own: the library's work, not steps "
                          "of your program (they are listed with this step).")
        .arg(step.className, parts.join(QStringLiteral(", ")));
}

QStringList stringsOf(const QJsonObject &object, const char *key)
{
    QStringList list;
    for (const QJsonValue value : object.value(QLatin1String(key)).toArray())
        list.append(value.toString());
    return list;
}

/** The first line of TEXT, at most 60 characters, quoted ("…" where cut). */
QString printedText(const QString &text)
{
    QString first = text.section(QLatin1Char('\n'), 0, 0);
    const bool cut = first.size() > 60 || text.trimmed().contains(QLatin1Char('\n'));
    first.truncate(60);
    return QStringLiteral("\u201c%1%2\u201d")
        .arg(first, cut ? QStringLiteral("\u2026") : QString());
}

/** os.fork(): what the child did, as far as it reported it at its end. */
QString forked(const TraceStep &step)
{
    const QJsonObject child = step.detail.value(QStringLiteral("child")).toObject();
    const qint64 pid = step.detail.value(QStringLiteral("pid")).toInteger();
    QString text = QStringLiteral("%1 copies this process: the child (pid %2) starts with every "
                                  "class and object made so far and runs on from this line.")
                       .arg(code(QStringLiteral("os.fork()")))
                       .arg(pid);
    if (!child.value(QStringLiteral("reported")).toBool()) {
        return text
               + QStringLiteral(" It never said what it did: it was still running when the "
                                "program ended, and Curtain ended it with the run, or it was "
                                "killed.");
    }
    QStringList did;
    if (const QStringList classes = stringsOf(child, "classes"); !classes.isEmpty())
        did.append(QStringLiteral("made %1 %2")
                       .arg(classes.size() == 1 ? QStringLiteral("the class")
                                                : QStringLiteral("the classes"),
                            names(classes)));
    if (const QStringList called = stringsOf(child, "instances"); !called.isEmpty())
        did.append(QStringLiteral("called %1 for %2")
                       .arg(names(called),
                            called.size() == 1 ? QStringLiteral("an instance")
                                               : QStringLiteral("instances")));
    if (const QString out = child.value(QStringLiteral("stdout")).toString(); !out.isEmpty())
        did.append(QStringLiteral("printed %1").arg(printedText(out)));
    const QString ended = child.value(QStringLiteral("ended")).toString();
    if (ended == QLatin1String("os._exit")) {
        did.append(QStringLiteral("ended with %1")
                       .arg(code(QStringLiteral("os._exit(%1)")
                                     .arg(child.value(QStringLiteral("exit_code")).toInteger()))));
    } else if (ended == QLatin1String("error")) {
        const QJsonObject error = child.value(QStringLiteral("error")).toObject();
        const QString message = error.value(QStringLiteral("message")).toString();
        did.append(
            QStringLiteral("stopped with %1")
                .arg(code(error.value(QStringLiteral("type")).toString()
                          + (message.isEmpty() ? QString() : QStringLiteral(": ") + message))));
    } else {
        did.append(QStringLiteral("ran the rest of the program to its end, as the parent does"));
    }
    const QString last = did.takeLast();
    text += QStringLiteral(" The child ")
            + (did.isEmpty() ? last
                             : did.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last)
            + QStringLiteral(".");
    if (!stringsOf(child, "classes").isEmpty() || !stringsOf(child, "instances").isEmpty())
        text += QStringLiteral(" Class Forge follows the parent, so the child's own steps are "
                               "not drawn.");
    return text;
}

QString errorText(const TraceStep &step)
{
    const QString type = step.text("type");
    QString message = step.text("message");
    namespace ErrorType = Protocol::ErrorType;
    if (type == QLatin1String(ErrorType::Timeout) || type == QLatin1String(ErrorType::StepLimit)
        || type == QLatin1String(ErrorType::MemoryLimit)) {
        QString text = message;
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        return sentence(text);
    }
    if (type == QLatin1String(ErrorType::RunnerCrashed)
        || type == QLatin1String(ErrorType::RunnerMissing))
        return message;
    if (type == QLatin1String(ErrorType::ProcessExit)) {
        return QStringLiteral("The program calls os._exit(%1): the process ends here at once, "
                              "with exit status %1: no finally block, no atexit function, nothing "
                              "after it runs.")
            .arg(message);
    }
    if (type == QLatin1String("SystemExit")) {
        bool number = false;
        const int status = message.toInt(&number);
        return number ? QStringLiteral("The program calls sys.exit(%1): it stops here, with exit "
                                       "status %1, and everything after it never runs.")
                            .arg(status)
                      : QStringLiteral("The program calls sys.exit with %1: Python prints it and "
                                       "stops here with exit status 1.")
                            .arg(code(message));
    }
    const int line = step.detail.value(QStringLiteral("line")).toInt();
    // An exception with no message (a bare `raise KeyError`) has nothing after its name.
    QString text
        = message.trimmed().isEmpty()
              ? QStringLiteral("CPython raised %1%2. Everything after this point never ran.")
                    .arg(code(type), line > 0 ? QStringLiteral(" on line %1").arg(line) : QString())
              : QStringLiteral("CPython raised %1%2: %3 Everything after this point "
                               "never ran.")
                    .arg(code(type),
                         line > 0 ? QStringLiteral(" on line %1").arg(line) : QString(),
                         sentence(message));
    // input() in a traced program: there is no one to type, so its standard input is empty.
    if (type == QLatin1String("EOFError") && message == QLatin1String("EOF when reading a line"))
        text += QStringLiteral(" Class Forge runs your program with nothing to type into: its "
                               "standard input is empty, so %1 finds no line and raises %2 at "
                               "once. Give the value in the program instead.")
                    .arg(code(QStringLiteral("input()")), code(type));
    if (type == QLatin1String("ModuleNotFoundError")) {
        if (const QString package = Kit::debianPackageFor(message); !package.isEmpty())
            text += QStringLiteral(" Install Debian's %1 (sudo apt install %1) to run it.")
                        .arg(package);
    }
    return text;
}

/** A metaclass __new__ written in Python, as it starts: who runs, and what it handed on. */
QString metaNewOpening(const TraceStep &step)
{
    const QString cls = step.className;
    const QString function = step.text("function");
    const QString calledBy = step.text("called_by");
    QString text
        = calledBy.isEmpty()
              ? QStringLiteral("%1%2 runs before the class exists: it receives the name, bases "
                               "and namespace, and must return the new class.")
                    .arg(step.detail.value(QStringLiteral("yours")).toBool()
                             ? QStringLiteral("Your ")
                             : QString(),
                         code(function))
              : QStringLiteral("%1 runs next, called by %2 through super(): each metaclass in "
                               "the chain gets its turn before type.__new__ makes the class.")
                    .arg(code(function), code(calledBy));
    const QString handed
        = changesClause(step.detail.value(QStringLiteral("namespace_changes")).toObject());
    if (!handed.isEmpty())
        text += QStringLiteral(" Before it hands the namespace on, it %1.").arg(handed);
    return text;
}

/** The end of a call whose inside came first (its "continues" step): what it left. */
QString callEnds(const TraceStep &step)
{
    const QString cls = step.className;
    const QString function = code(step.text("function"));
    switch (step.kind) {
    case StepKind::MetaNew: {
        if (step.detail.value(QStringLiteral("returned_existing")).toBool()) {
            return QStringLiteral("%1 returns %2, a class made before this call. No new class is "
                                  "built: the class statement goes on with that one.")
                .arg(function, code(step.text("returned")));
        }
        if (!step.text("returned_type").isEmpty()) {
            return QStringLiteral("%1 returns %2, which is not a class.")
                .arg(function, code(step.text("returned")));
        }
        return QStringLiteral("%1 returns the class %2.%3")
            .arg(
                function, cls, changesSentence(step, QStringLiteral("Once the class existed, it")));
    }
    case StepKind::MetaInit:
        return QStringLiteral("%1 returns, for the class %2.%3")
            .arg(function, cls, changesSentence(step));
    case StepKind::InitSubclass:
        return QStringLiteral("%1 returns, for %2.%3").arg(function, cls, changesSentence(step));
    case StepKind::InstanceInit:
        if (const QString by = step.text("called_by"); !by.isEmpty())
            return QStringLiteral("%1 returns to %2, which called it; %2 goes on.")
                .arg(function, code(by));
        if (!step.text("existing").isEmpty())
            return QStringLiteral("%1 returns, having run again on the %2 instance made before.")
                .arg(function, cls);
        return QStringLiteral("%1 returns, and the new %2 instance is ready.").arg(function, cls);
    default:
        return {};
    }
}

/** A metaclass __call__ that called type.__call__ returns: what it gave back against what
 * type.__call__ gave it (said only where they differ, or type.__call__ ran more than once). */
QString returnedAfterTypeCall(const TraceStep &step, const QString &function, const QString &cls)
{
    const int calls = step.detail.value(QStringLiteral("type_calls")).toInt();
    const QString value = code(step.text("value"));
    const bool instance = step.detail.value(QStringLiteral("is_instance")).toBool();
    const QString notInstance
        = instance ? QString()
                   : QStringLiteral(" (not %1 %2 at all)").arg(Narrator::article(cls), cls);
    if (calls == 0) {
        return QStringLiteral("The type.__call__ that %1 called raised; %1 went on and returns "
                              "%2%3.")
            .arg(code(function), value, notInstance);
    }
    if (step.detail.value(QStringLiteral("returned_made")).toBool()) {
        return QStringLiteral("%1 called type.__call__ %2 times; it returns what the last of them "
                              "gave back, %3.")
            .arg(code(function), QString::number(calls), value);
    }
    // What it returns instead was made before this call (a cache, a singleton's instance).
    const QJsonValue madeHere = step.detail.value(QStringLiteral("made_here"));
    const QString before = madeHere.isBool() && !madeHere.toBool()
                               ? QStringLiteral(", an object made before this call,")
                               : QString();
    if (calls == 1) {
        return QStringLiteral("%1 called type.__call__, but returns %2%3%4 instead of what that "
                              "call gave back.")
            .arg(code(function), value, notInstance, before);
    }
    return QStringLiteral("%1 called type.__call__ %2 times, but returns %3%4%5 not what the "
                          "last of them gave back.")
        .arg(code(function),
             QString::number(calls),
             value,
             notInstance,
             before.isEmpty() ? QStringLiteral(",") : before);
}

} // namespace

namespace Narrator {

/** A call with steps inside it (a class or an instance it made, a method it called through
 * super(), an attribute it set): its start, before those steps. */
QString callStarts(const TraceStep &step)
{
    const QString cls = step.className;
    const QString function = code(step.text("function"));
    if (const QString by = step.text("called_by");
        !by.isEmpty()
        && (step.kind == StepKind::InstanceNew || step.kind == StepKind::InstanceInit)) {
        return QStringLiteral("%1 calls %2 on the same %3%4. What happens inside it comes first "
                              "(the next steps); how it ends comes after them.")
            .arg(code(by),
                 function,
                 cls,
                 step.kind == StepKind::InstanceInit ? QStringLiteral(" instance") : QString());
    }
    switch (step.kind) {
    case StepKind::MetaNew:
        if (step.text("function") != QLatin1String("type.__new__"))
            return metaNewOpening(step)
                   + QStringLiteral(" What happens inside it comes first (the next steps); what "
                                    "it returns comes after them.");
        [[fallthrough]];
    default:
        return QStringLiteral("%1 runs for %2. What happens inside it comes first (the next "
                              "steps); how it ends comes after them.")
            .arg(function, cls);
    case StepKind::InstanceNew:
        return QStringLiteral("%1 runs, asked for a new %2. What happens inside it comes first "
                              "(the next steps); what it returns comes after them.")
            .arg(function, cls);
    case StepKind::Decorator:
        return QStringLiteral("The decorator %1 runs now. What happens inside it comes first (the "
                              "next steps); what it does to %2 and returns comes after them.")
            .arg(function, cls);
    }
}

QString narrate(const TraceStep &step)
{
    const QString cls = step.className;
    const QString function = step.text("function");
    if (step.detail.contains(QStringLiteral("continued_at")))
        return callStarts(step);
    if (QString failed = failedCall(step); !failed.isEmpty())
        return failed;
    if (step.detail.contains(QStringLiteral("continues"))) {
        if (QString ends = callEnds(step); !ends.isEmpty())
            return ends;
    }
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
            const QJsonObject changes
                = step.detail.value(QStringLiteral("namespace_changes")).toObject();
            const QString handed = changesClause(changes);
            const bool inPlace = changes.value(QStringLiteral("in_place")).toBool();
            return QStringLiteral("The metaclass function calls %1 itself: what the function "
                                  "returns is what the class statement binds.%2")
                .arg(call,
                     handed.isEmpty() ? QString()
                     : inPlace
                         ? QStringLiteral(" It changed the body's namespace in place first: it "
                                          "%1.")
                               .arg(handed)
                         : QStringLiteral(" The namespace it hands on is a dict of its own, "
                                          "not the body's; compared with the body's, it %1.")
                               .arg(handed));
        }
        if (step.detail.value(QStringLiteral("explicit")).toBool()) {
            QString text = QStringLiteral("%1 is called directly, not by a class statement: the "
                                          "grungy way of building a class, exactly what a class "
                                          "statement does at this point.")
                               .arg(call);
            // Inside a decorator of a class of the same name (dataclass(slots=True)).
            if (const QString first = step.text("first_class"); !first.isEmpty())
                text += QStringLiteral(" It builds a second class object named %1: the %1 the "
                                       "class statement made is another object.")
                            .arg(first);
            return text;
        }
        return QStringLiteral("The body is done. Python calls the metaclass with the name, the "
                              "bases and the filled namespace%1: %2.")
            .arg(extra.isEmpty() ? QString() : QStringLiteral(" (and the class keywords)"), call);
    }
    case StepKind::MetaNew: {
        if (const QString to = step.text("handed_to"); !to.isEmpty()) {
            return QStringLiteral("%1 is called to make %2, but a base's metaclass is more derived "
                                  "than %3: before building anything, type.__new__ hands the "
                                  "work to %4, because the most derived metaclass always builds "
                                  "the class.")
                .arg(code(QStringLiteral("%1.__new__").arg(step.text("called_with"))),
                     cls,
                     code(step.text("called_with")),
                     code(to));
        }
        if (function == QLatin1String("type.__new__") && !step.text("called_with").isEmpty()) {
            return QStringLiteral("%1 is called with %2, but a base's metaclass, %3, is more "
                                  "derived: the most derived metaclass always builds the class, "
                                  "so type.__new__ builds %4 as %6 %3 (%3 has no __new__ of its "
                                  "own to hand the work to).%5")
                .arg(code(function),
                     code(step.text("called_with")),
                     code(step.text("metaclass")),
                     cls,
                     changesSentence(step),
                     article(step.text("metaclass")));
        }
        if (function == QLatin1String("type.__new__")) {
            return QStringLiteral("%1 builds the class object %2 from the namespace.%3")
                .arg(code(function), cls, changesSentence(step));
        }
        if (step.detail.value(QStringLiteral("returned_existing")).toBool()) {
            return QStringLiteral("%1%2 runs: it receives the name, bases and namespace, and "
                                  "returns %3, a class made before this call. No new class is "
                                  "built: the class statement goes on with that one.")
                .arg(step.detail.value(QStringLiteral("yours")).toBool() ? QStringLiteral("Your ")
                                                                         : QString(),
                     code(function),
                     code(step.text("returned")));
        }
        QString text = metaNewOpening(step);
        const QString returnedType = step.text("returned_type");
        if (!returnedType.isEmpty()) {
            text += QStringLiteral(" It returns %1, which is not a class.")
                        .arg(code(step.text("returned")));
        } else if (const QString change = changesSentence(step,
                                                          QStringLiteral("Once the class "
                                                                         "exists, it"));
                   !change.isEmpty()) {
            text += change;
        }
        return text;
    }
    case StepKind::SetName: {
        // Enum (3.11) makes its members here: each value in the body is a placeholder whose
        // __set_name__ builds the member, an instance of the enum class.
        if (step.text("descriptor") == QLatin1String("_proto_member")) {
            return QStringLiteral("type.__new__ tells each descriptor its name: %1 runs for %2 "
                                  "of %3, and this is where Enum makes the member: an instance "
                                  "of %3 holding the body's value, put on the class as %4 (or, "
                                  "for a value an earlier member already has, %4 becomes "
                                  "another name for that member).")
                .arg(
                    code(function),
                    code(step.text("name")),
                    cls,
                    code(cls.section(QLatin1Char('.'), -1) + QLatin1Char('.') + step.text("name")));
        }
        return QStringLiteral("type.__new__ tells each descriptor its name: %1 learns it is %2 "
                              "of %3.")
            .arg(code(function), code(step.text("name")), cls);
    }
    case StepKind::InitSubclass: {
        const QString with = keywords(step).isEmpty()
                                 ? QString()
                                 : QStringLiteral(", with %1").arg(code(keywords(step)));
        // super().__init_subclass__(**kw) in another one: called by it, with what it passed on.
        if (const QString by = step.text("called_by"); !by.isEmpty())
            return QStringLiteral("%1 calls on up the MRO: %2 runs for %3%4.%5")
                .arg(code(by),
                     code(function),
                     cls,
                     keywords(step).isEmpty() ? QStringLiteral(", with no keywords") : with,
                     changesSentence(step));
        return QStringLiteral("type.__new__ tells the parent about its new subclass: %1 runs for "
                              "%2%3.%4")
            .arg(code(function), cls, with, changesSentence(step));
    }
    case StepKind::MetaInit: {
        if (const QString by = step.text("called_by"); !by.isEmpty()) {
            return QStringLiteral("%1 calls on up the MRO: %2 runs for the class %3.%4")
                .arg(code(by), code(function), cls, changesSentence(step));
        }
        if (const QString existing = step.text("existing"); !existing.isEmpty()) {
            // __new__ handed back a class made before: __init__ runs on that one.
            return QStringLiteral("%1 runs on %2, the class __new__ returned, made before this "
                                  "statement: no class %3 is made, and whatever %1 does, it does "
                                  "to %2.%4")
                .arg(code(function), code(existing), cls, changesSentence(step));
        }
        if (function == QLatin1String("type.__init__")) {
            return QStringLiteral("%1 runs; it has nothing left to do, the class %2 is complete.")
                .arg(code(function), cls);
        }
        return QStringLiteral("%1 runs with the namespace you just filled; the class %2 already "
                              "exists and can still be changed here.%3")
            .arg(code(function), cls, changesSentence(step));
    }
    case StepKind::ClassCreated: {
        QString text = QStringLiteral("Class %1 exists. Its method resolution order is %2 and its "
                                      "metaclass is %3.")
                           .arg(cls,
                                joinedArray(step.detail, "mro", QStringLiteral(" → ")),
                                code(step.text("metaclass")));
        // Who changed it besides type.__new__ turning the namespace into the class, as the
        // class is now: what a later change took out again is nobody's any more.
        std::vector<std::pair<QString, QString>> setBy;     // name, who set it last
        std::vector<std::pair<QString, QString>> removedBy; // name, who took it out last
        auto erase = [](auto &list, const QString &name) {
            std::erase_if(list, [&name](const auto &entry) { return entry.first == name; });
        };
        for (const QJsonValue value : step.detail.value(QStringLiteral("changes")).toArray()) {
            const QJsonObject change = value.toObject();
            const QString who = change.value(QStringLiteral("by")).toString();
            for (const char *key : {"added", "replaced"}) {
                for (const QString &name : namesIn(change, key)) {
                    erase(setBy, name);
                    erase(removedBy, name);
                    setBy.emplace_back(name, who);
                }
            }
            for (const QString &name : namesIn(change, "removed")) {
                erase(setBy, name);
                erase(removedBy, name);
                removedBy.emplace_back(name, who);
            }
        }
        QStringList by;
        for (const auto &[name, who] : setBy) {
            if (who != QLatin1String("type.__new__") && !by.contains(who))
                by.append(who);
        }
        if (!by.isEmpty())
            text += QStringLiteral(" Besides its body's names it holds what %1 put on it.")
                        .arg(names(by));
        QStringList removers;
        for (const auto &[name, who] : removedBy) {
            if (who != QLatin1String("type.__new__") && !removers.contains(who))
                removers.append(who);
        }
        for (const QString &who : removers) {
            QStringList gone;
            for (const auto &[name, remover] : removedBy) {
                if (remover == who)
                    gone.append(name);
            }
            text += QStringLiteral(" %1 took out %2.").arg(code(who), names(gone));
        }
        return text;
    }
    case StepKind::Decorator: {
        // In a stack, what a decorator returns goes to the one written above it; only the
        // outermost one's is what the name will mean.
        const QString next = step.text("next");
        QString text = [&]() -> QString {
            if (!step.detail.value(QStringLiteral("seen_running")).toBool(true)) {
                return QStringLiteral(
                           "The decorator %1 (written in C: the tracer cannot watch it run) "
                           "receives the class; whatever it returns is what the name will "
                           "mean.")
                    .arg(code(function));
            }
            const QString change
                = changesClause(step.detail.value(QStringLiteral("changes")).toObject());
            if (step.detail.value(QStringLiteral("returned_other")).toBool()) {
                // It returned something else: the name will mean that; the class it received is
                // left as the decorator left it.
                const QString returned = code(step.text("returned"));
                // Another class (dataclass(slots=True) builds one): how it differs from the
                // class the decorator received.
                if (const QString differs = changesClause(
                        step.detail.value(QStringLiteral("returned_changes")).toObject());
                    !differs.isEmpty()) {
                    return QStringLiteral(
                               "The decorator %1 runs now, with the finished class: %2returns "
                               "%3 instead of it, another class object which, compared with the "
                               "class it received, %4. That is what the name will mean.")
                        .arg(code(function),
                             change.isEmpty() ? QString()
                                              : QStringLiteral("it %1, then ").arg(change),
                             returned,
                             differs);
                }
                if (!change.isEmpty()) {
                    return QStringLiteral(
                               "The decorator %1 runs now, with the finished class: it %2, "
                               "then returns %3 instead of the class, and that is what the "
                               "name will mean.")
                        .arg(code(function), change, returned);
                }
                return QStringLiteral(
                           "The decorator %1 runs now, with the finished class, and returns "
                           "%2 instead of it: that is what the name will mean, and the "
                           "class it received is left as it was.")
                    .arg(code(function), returned);
            }
            if (!change.isEmpty()) {
                return QStringLiteral("The decorator %1 runs now, with the finished class: it %2. "
                                      "Whatever it returns is what the name will mean.")
                    .arg(code(function), change);
            }
            return QStringLiteral("The decorator %1 runs now, with the finished class; whatever it "
                                  "returns is what the name will mean.")
                .arg(code(function));
        }();
        if (!next.isEmpty()) {
            text.replace(QLatin1String("what the name will mean"),
                         QStringLiteral("what %1, above it, receives").arg(code(next)));
        }
        // A decorator below it returned something else: that is what this one works on.
        if (const QString received = step.text("received"); !received.isEmpty()) {
            text.replace(QLatin1String("with the finished class"),
                         QStringLiteral("with %1, which the decorator below it returned (not "
                                        "the class the statement made)")
                             .arg(code(received)));
            text.replace(QLatin1String("receives the class"),
                         QStringLiteral("receives %1, which the decorator below it returned")
                             .arg(code(received)));
        }
        return text;
    }
    case StepKind::LibraryClasses:
        return libraryClasses(step);
    case StepKind::BindName: {
        const QString bound = step.text("bound");
        if ((bound == QLatin1String("class") || bound.isEmpty())
            && step.detail.value(QStringLiteral("replaced")).toBool()) {
            return QStringLiteral("Finally the name %1 is bound to %2: the class the decorators "
                                  "returned, not the one the class statement made.")
                .arg(code(step.text("name")), code(step.text("value")));
        }
        if (step.detail.value(QStringLiteral("returned_existing")).toBool()) {
            return QStringLiteral("Finally the name %1 is bound to %2, the class the metaclass "
                                  "returned: a class made before this statement, so the "
                                  "statement made no class of its own.")
                .arg(code(step.text("name")), code(step.text("value")));
        }
        if (const QString first = step.text("first_class");
            !first.isEmpty() && bound == QLatin1String("class")) {
            return QStringLiteral("Finally the name %1 is bound to %2, the class the metaclass "
                                  "returned: not the first class built for this statement (%3), "
                                  "which lives on only where something still refers to it.")
                .arg(code(step.text("name")), code(step.text("value")), first);
        }
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
        if (const QString by = step.text("called_by"); !by.isEmpty()) {
            if (function != QLatin1String("type.__call__"))
                return QStringLiteral("%1 calls on up the MRO: %2 runs, still for this %3() "
                                      "call.")
                    .arg(code(by), code(function), cls);
            return QStringLiteral("%1 calls %2 once more: another round of __new__ and __init__, "
                                  "for another %3.")
                .arg(code(by), code(function), cls);
        }
        if (function == QLatin1String("type.__call__")) {
            return QStringLiteral("Calling %1 calls its metaclass's %2, which runs __new__ and "
                                  "then, if __new__ returns %3 %4, __init__.")
                .arg(code(cls + QStringLiteral("()")), code(function), article(cls), cls);
        }
        return QStringLiteral("Calling %1 calls its metaclass's own %2: what happens next is up "
                              "to it.")
            .arg(code(cls + QStringLiteral("()")), code(function));
    }
    case StepKind::InstanceReturned: {
        if (step.detail.value(QStringLiteral("reached_type_call")).toBool())
            return returnedAfterTypeCall(step, function, cls);
        if (const QString initRan = step.text("init_ran"); !initRan.isEmpty()) {
            return QStringLiteral("%1 returns %2 without calling type.__call__: it called %3 and "
                                  "%4 itself, doing type.__call__'s work by hand.")
                .arg(code(function),
                     code(step.text("value")),
                     code(step.text("new_ran").isEmpty() ? QStringLiteral("__new__")
                                                         : step.text("new_ran")),
                     code(initRan));
        }
        if (const QString newRan = step.text("new_ran"); !newRan.isEmpty()) {
            return QStringLiteral("%1 returns %2 without calling type.__call__: it called %3 "
                                  "itself, and no __init__ ran.")
                .arg(code(function), code(step.text("value")), code(newRan));
        }
        if (step.detail.value(QStringLiteral("is_instance")).toBool()
            && step.detail.value(QStringLiteral("called_classes")).toBool()) {
            const QJsonValue madeHere = step.detail.value(QStringLiteral("made_here"));
            return QStringLiteral("%1 returns %2 without calling type.__call__ for %3 itself; "
                                  "it called classes inside it, and the steps above show what "
                                  "they made%4.")
                .arg(code(function),
                     code(step.text("value")),
                     cls,
                     madeHere.isBool() && !madeHere.toBool()
                         ? QStringLiteral(" (what it returns was made before this call)")
                         : QString());
        }
        if (step.detail.value(QStringLiteral("is_instance")).toBool()) {
            const QJsonValue madeHere = step.detail.value(QStringLiteral("made_here"));
            if (madeHere.isBool() && madeHere.toBool()) {
                return QStringLiteral(
                           "%1 returns %2 without calling type.__call__: it made a new "
                           "%3 itself, with no __new__ written in Python (object.__new__ "
                           "or another in C), and no __init__ ran.")
                    .arg(code(function), code(step.text("value")), cls);
            }
            if (madeHere.isBool()) {
                return QStringLiteral("%1 returns %2 without calling type.__call__: no __new__, "
                                      "no __init__ ran; the call gives back an instance made "
                                      "before.")
                    .arg(code(function), code(step.text("value")));
            }
            return QStringLiteral("%1 returns %2 without calling type.__call__, and no __init__ "
                                  "ran.")
                .arg(code(function), code(step.text("value")));
        }
        if (const QJsonValue madeHere = step.detail.value(QStringLiteral("made_here"));
            madeHere.isBool() && !madeHere.toBool())
            return QStringLiteral("%1 returns %2, an object made before this call, without "
                                  "calling type.__call__: no %3 was made at all.")
                .arg(code(function), code(step.text("value")), cls);
        return QStringLiteral("%1 returns %2 without calling type.__call__: no %3 was made at "
                              "all.")
            .arg(code(function), code(step.text("value")), cls);
    }
    case StepKind::InstanceInitSkipped:
    case StepKind::MetaInitSkipped: {
        // type.__call__ checks against the type that was called: a metaclass for a class.
        const QString expected = step.text("expected").isEmpty() ? cls : step.text("expected");
        return QStringLiteral("__new__ returned %1, which is not %2 %3: CPython does not call "
                              "__init__ on it.")
            .arg(code(step.text("returned")), article(expected), expected);
    }
    case StepKind::SetAttribute: {
        // What was set, on what: the program's own expression for the object is not known.
        const QString short_ = cls.section(QLatin1Char('.'), -1);
        const QString assignment
            = QStringLiteral("Setting %1 to %2 on %3 %4")
                  .arg(code(step.text("name")), code(step.text("value")), article(short_), short_);
        if (step.detail.value(QStringLiteral("refused")).toBool()) {
            return QStringLiteral("%1 goes through %2, which refuses it (%3): the attribute is "
                                  "not set.")
                .arg(assignment, code(function), code(step.text("error")));
        }
        return QStringLiteral("%1 goes through %2 before anything is stored.")
            .arg(assignment, code(function));
    }
    case StepKind::InstanceNew: {
        if (const QString other = step.text("other"); !other.isEmpty()) {
            return QStringLiteral("%1 calls %2 by hand on another object, %3, not the %4 being "
                                  "made: it runs on that one.")
                .arg(code(step.text("called_by")), code(function), code(other), cls);
        }
        if (const QString by = step.text("called_by"); !by.isEmpty()) {
            return QStringLiteral("%1 calls %2, asked for the same %3: what it returns goes "
                                  "back to %1.")
                .arg(code(by), code(function), cls);
        }
        if (const QString existing = step.text("existing"); !existing.isEmpty()) {
            return QStringLiteral("%1 returns %2, made before this call (the same object): no "
                                  "new instance is made, and __init__ runs on it%3.")
                .arg(code(function),
                     code(existing),
                     step.detail.value(QStringLiteral("again")).toBool(true)
                         ? QStringLiteral(" again")
                         : QString());
        }
        if (!step.detail.value(QStringLiteral("made")).toBool(true)) {
            // object.__new__(Other) inside it: a new object, of another class.
            if (const QString other = step.text("made_type");
                !other.isEmpty() && step.detail.value(QStringLiteral("made_here")).toBool()) {
                return QStringLiteral("%1 makes a new %2 during this call (calling a __new__ for "
                                      "%2 itself) and returns it: not a %3 instance, so no %3 is "
                                      "made here.")
                    .arg(code(function), other, cls);
            }
            return QStringLiteral("%1 returns %2, not a new %3 instance: no %3 is made here.")
                .arg(code(function), code(step.text("returned")), cls);
        }
        const QString madeBy
            = step.text("made_by") != step.text("function") ? step.text("made_by") : QString();
        if (const QString made = step.text("made_type"); !made.isEmpty() && made != cls) {
            if (!madeBy.isEmpty())
                return QStringLiteral("%1 returns a new, empty %2 instance, which %5 made, not "
                                      "%3 %4: %2 is a subclass of %4, so __init__ still runs, "
                                      "%2's.")
                    .arg(code(function), made, article(cls), cls, code(madeBy));
            return QStringLiteral("%1 makes a new, empty %2 instance, not %3 %4: %2 is a subclass "
                                  "of %4, so __init__ still runs, %2's.")
                .arg(code(function), made, article(cls), cls);
        }
        if (const QString filled = step.text("filled_as"); !filled.isEmpty()) {
            if (!madeBy.isEmpty())
                return QStringLiteral("%1 returns the new %2 instance, which %5 made and filled: "
                                      "%2 is %3 %4, which cannot change once made, so its values "
                                      "go in there, not in __init__.")
                    .arg(code(function), cls, article(filled), code(filled), code(madeBy));
            return QStringLiteral("%1 makes the new %2 instance and fills it: %2 is %3 %4, which "
                                  "cannot change once made, so its values go in here, not in "
                                  "__init__.")
                .arg(code(function), cls, article(filled), code(filled));
        }
        if (const QStringList set
            = step.detail.value(QStringLiteral("set_in_new")).toVariant().toStringList();
            !set.isEmpty()) {
            if (const QString by = step.text("made_by"); !by.isEmpty() && by != function)
                return QStringLiteral("%1 gets the new %2 instance from %3 (which it called, "
                                      "directly or through super()) and sets %4 on it before "
                                      "returning it.")
                    .arg(code(function), cls, code(by), names(set));
            return QStringLiteral("%1 makes the new %2 instance and sets %3 on it before returning "
                                  "it.")
                .arg(code(function), cls, names(set));
        }
        if (const QString by = step.text("made_by"); !by.isEmpty() && by != function)
            return QStringLiteral("%1 returns the new, empty %2 instance, which %3 made (%1 "
                                  "called it, directly or through super()).")
                .arg(code(function), cls, code(by));
        return QStringLiteral("%1 makes the new, empty %2 instance.").arg(code(function), cls);
    }
    case StepKind::InstanceInit: {
        if (const QString other = step.text("other"); !other.isEmpty()) {
            return QStringLiteral("%1 calls %2 by hand on another object, %3, not the %4 being "
                                  "made: it runs on that one.")
                .arg(code(step.text("called_by")), code(function), code(other), cls);
        }
        if (const QString by = step.text("called_by"); !by.isEmpty()) {
            return QStringLiteral("%1 calls %2 on the same %3 instance.")
                .arg(code(by), code(function), cls);
        }
        if (function == QLatin1String("object.__init__")) {
            return QStringLiteral("%1 defines no __init__, so %2 runs and does nothing.")
                .arg(cls, code(function));
        }
        if (step.detail.value(QStringLiteral("again")).toBool())
            return QStringLiteral("%1 runs again, on the instance made before.")
                .arg(code(function));
        if (!step.text("existing").isEmpty())
            return QStringLiteral("%1 fills in the instance made before this call, for the first "
                                  "time: no __init__ had run on it.")
                .arg(code(function));
        return QStringLiteral("%1 fills in the new instance.").arg(code(function));
    }
    case StepKind::Error:
        return errorText(step);
    case StepKind::Forked:
        return forked(step);
    case StepKind::ProcessLimit: {
        QString text = step.text("message");
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        return sentence(text);
    }
    }
    return QStringLiteral("%1 %2").arg(step.kindId(), cls);
}

QString libraryClassList(const TraceStep &step)
{
    QStringList lines;
    for (const QJsonValue value : step.detail.value(QStringLiteral("libraries")).toArray()) {
        const QJsonObject library = value.toObject();
        QStringList classes;
        for (const QJsonValue name : library.value(QStringLiteral("classes")).toArray())
            classes.append(name.toString());
        lines.append(
            QStringLiteral("%1: %2").arg(library.value(QStringLiteral("library")).toString(),
                                         classes.join(QStringLiteral(", "))));
    }
    return lines.join(QLatin1Char('\n'));
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
    case StepKind::LibraryClasses:
        return QStringLiteral("a library's own classes");
    case StepKind::Forked:
        return QStringLiteral("process forked");
    case StepKind::ProcessLimit:
        return QStringLiteral("process limit");
    case StepKind::Error:
        return QStringLiteral("error");
    }
    return QLatin1String(Protocol::stepKindId(kind));
}

} // namespace Narrator

} // namespace ClassForge
