// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <classforge/narrator.h>
#include <classforge/trace.h>

#include <QJsonArray>
#include <QTest>

using namespace ClassForge;

class TestNarrator : public QObject
{
    Q_OBJECT

private slots:
    void narratesEachKind_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QJsonObject>("detail");
        QTest::addColumn<QStringList>("mustMention");
        auto row = [](const char *name, const char *kind, QJsonObject detail, QStringList words) {
            QTest::newRow(name) << QString::fromLatin1(kind) << detail << words;
        };
        row("statement",
            "class_statement",
            {{QStringLiteral("name"), QStringLiteral("Person")}},
            {QStringLiteral("`class Person`")});
        row("metaclass",
            "determine_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("EnforcerMeta")},
             {QStringLiteral("reason"), QStringLiteral("inherited from Enforcer")}},
            {QStringLiteral("`EnforcerMeta`"), QStringLiteral("inherited from Enforcer")});
        row("prepare",
            "prepare_namespace",
            {{QStringLiteral("function"), QStringLiteral("type.__prepare__")},
             {QStringLiteral("called"), true},
             {QStringLiteral("readable"), true},
             {QStringLiteral("namespace_type"), QStringLiteral("dict")}},
            {QStringLiteral("`type.__prepare__`"), QStringLiteral("an empty `dict`")});
        row("prepare, filled",
            "prepare_namespace",
            {{QStringLiteral("function"), QStringLiteral("EnumType.__prepare__")},
             {QStringLiteral("called"), true},
             {QStringLiteral("readable"), true},
             {QStringLiteral("namespace_type"), QStringLiteral("_EnumDict")},
             {QStringLiteral("prepared"),
              QJsonArray{
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("_generate_next_value_")}}}}},
            {QStringLiteral("already holds one name"), QStringLiteral("_generate_next_value_")});
        row("prepare, none",
            "prepare_namespace",
            {{QStringLiteral("called"), false},
             {QStringLiteral("namespace_type"), QStringLiteral("dict")}},
            {QStringLiteral("has no __prepare__")});
        row("metaclass call raised, not a metaclass",
            "call_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("builtin_function_or_method")},
             {QStringLiteral("name"), QStringLiteral("F")},
             {QStringLiteral("makes_classes"), false},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("TypeError")},
                          {QStringLiteral("message"), QStringLiteral("cannot create it")}}}},
            {QStringLiteral("`builtin_function_or_method('F', bases, namespace)` raised "
                            "`TypeError: cannot create it` (`builtin_function_or_method` is not "
                            "a metaclass"),
             QStringLiteral("the class F is never made")});
        row("function metaclass raised",
            "call_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("refuse")},
             {QStringLiteral("name"), QStringLiteral("G")},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("ValueError")}}}},
            {QStringLiteral("`refuse('G', bases, namespace)` raised `ValueError`: the class G is "
                            "never made")});
        row("new written in Python, made in C",
            "instance_new",
            {{QStringLiteral("function"), QStringLiteral("Child.__new__")},
             {QStringLiteral("made"), true},
             {QStringLiteral("made_by"), QStringLiteral("object.__new__")}},
            {QStringLiteral("`Child.__new__` returns the new, empty Person instance, which "
                            "`object.__new__` made")});
        row("function metaclass renames",
            "call_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("type")},
             {QStringLiteral("name"), QStringLiteral("Shout")},
             {QStringLiteral("inside_function_metaclass"), true},
             {QStringLiteral("namespace_changes"),
              QJsonObject{
                  {QStringLiteral("added"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("GREETING")}}}},
                  {QStringLiteral("removed"),
                   QJsonArray{
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("greeting")}}}}}}},
            {QStringLiteral("The namespace it hands on is a dict of its own, not the body's; "
                            "compared with the body's, it adds `GREETING` and takes out "
                            "`greeting`.")});
        row("type() builds with a more derived metaclass",
            "meta_new",
            {{QStringLiteral("function"), QStringLiteral("type.__new__")},
             {QStringLiteral("called_with"), QStringLiteral("type")},
             {QStringLiteral("metaclass"), QStringLiteral("Tagged")}},
            {QStringLiteral("builds Person as a `Tagged`")});
        row("returned a stored instance after type.__call__",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("G.__call__")},
             {QStringLiteral("value"), QStringLiteral("<Person object>")},
             {QStringLiteral("is_instance"), true},
             {QStringLiteral("reached_type_call"), true},
             {QStringLiteral("type_calls"), 1},
             {QStringLiteral("returned_made"), false},
             {QStringLiteral("made_here"), false}},
            {QStringLiteral("returns `<Person object>`, an object made before this call, "
                            "instead of what that call gave back")});
        row("returned another class's stored instance",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("Shared.__call__")},
             {QStringLiteral("value"), QStringLiteral("<R1 object>")},
             {QStringLiteral("is_instance"), false},
             {QStringLiteral("made_here"), false}},
            {QStringLiteral("an object made before this call, without calling type.__call__: no "
                            "Person was made at all")});
        row("init by hand on another object",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("Node.__init__")},
             {QStringLiteral("called_by"), QStringLiteral("Node.__init__")},
             {QStringLiteral("other"), QStringLiteral("<Node object>")}},
            {QStringLiteral("by hand on another object, `<Node object>`, not the Person being "
                            "made")});
        row("init arguments did not bind",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("Person.__init__")},
             {QStringLiteral("started"), false},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("TypeError")}}}},
            {QStringLiteral("before any of its code ran"), QStringLiteral("thrown away at once")});
        row("prepare returned no mapping",
            "prepare_namespace",
            {{QStringLiteral("function"), QStringLiteral("M.__prepare__")},
             {QStringLiteral("called"), true},
             {QStringLiteral("returned"), QStringLiteral("42")},
             {QStringLiteral("returned_type"), QStringLiteral("int")},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("TypeError")}}}},
            {QStringLiteral("`M.__prepare__` returned `42`, an int, not a mapping"),
             QStringLiteral("the class Person is never made")});
        row("metaclass returned a class made before",
            "bind_name",
            {{QStringLiteral("name"), QStringLiteral("Alias")},
             {QStringLiteral("bound"), QStringLiteral("class")},
             {QStringLiteral("value"), QStringLiteral("<class 'int'>")},
             {QStringLiteral("returned_existing"), true}},
            {QStringLiteral("bound to `<class 'int'>`"),
             QStringLiteral("the statement made no class of its own")});
        row("function metaclass built two classes",
            "bind_name",
            {{QStringLiteral("name"), QStringLiteral("Foo")},
             {QStringLiteral("bound"), QStringLiteral("class")},
             {QStringLiteral("value"), QStringLiteral("<class 'Foo2'>")},
             {QStringLiteral("first_class"), QStringLiteral("Foo")}},
            {QStringLiteral("bound to `<class 'Foo2'>`"),
             QStringLiteral("not the first class built for this statement (Foo)")});
        row("type() inside a decorator of the same name",
            "call_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("type")},
             {QStringLiteral("name"), QStringLiteral("P")},
             {QStringLiteral("explicit"), true},
             {QStringLiteral("first_class"), QStringLiteral("P")}},
            {QStringLiteral("a second class object named P")});
        row("decorator returned another class",
            "decorator",
            {{QStringLiteral("function"), QStringLiteral("dataclass(slots=True)")},
             {QStringLiteral("seen_running"), true},
             {QStringLiteral("returned"), QStringLiteral("<class 'P'>")},
             {QStringLiteral("returned_other"), true},
             {QStringLiteral("returned_changes"),
              QJsonObject{
                  {QStringLiteral("added"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("__slots__")}}}},
                  {QStringLiteral("removed"),
                   QJsonArray{
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("__dict__")}}}}}}},
            {QStringLiteral("another class object which, compared with the class it received, "
                            "adds `__slots__` and takes out `__dict__`")});
        row("class cell never set",
            "class_statement_result",
            {{QStringLiteral("name"), QStringLiteral("A")},
             {QStringLiteral("class_cell"), true},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("RuntimeError")}}}},
            {QStringLiteral("left `__classcell__` out"), QStringLiteral("is never bound")});
        row("input with nothing to read",
            "error",
            {{QStringLiteral("type"), QStringLiteral("EOFError")},
             {QStringLiteral("message"), QStringLiteral("EOF when reading a line")},
             {QStringLiteral("line"), 4}},
            {QStringLiteral("standard input is empty")});
        row("library new",
            "meta_new",
            {{QStringLiteral("function"), QStringLiteral("EnumType.__new__")},
             {QStringLiteral("yours"), false}},
            {QStringLiteral("`EnumType.__new__` runs")});
        row("same value",
            "namespace_set",
            {{QStringLiteral("name"), QStringLiteral("x")},
             {QStringLiteral("value"), QStringLiteral("1")},
             {QStringLiteral("rebound"), true},
             {QStringLiteral("same_value"), true}},
            {QStringLiteral("to the same value")});
        row("del",
            "namespace_del",
            {{QStringLiteral("name"), QStringLiteral("tmp")}},
            {QStringLiteral("`del tmp`")});
        row("skipped init",
            "instance_init_skipped",
            {{QStringLiteral("returned"), QStringLiteral("<Other object>")}},
            {QStringLiteral("does not call __init__")});
        row("singleton",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("SingletonMeta.__call__")},
             {QStringLiteral("value"), QStringLiteral("<Person object>")},
             {QStringLiteral("is_instance"), true},
             {QStringLiteral("made_here"), false}},
            {QStringLiteral("no __new__, no __init__"), QStringLiteral("made before")});
        row("made by object.__new__ in __call__",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("Bare.__call__")},
             {QStringLiteral("value"), QStringLiteral("<Person object>")},
             {QStringLiteral("is_instance"), true},
             {QStringLiteral("made_here"), true}},
            {QStringLiteral("it made a new Person itself"), QStringLiteral("no __init__ ran")});
        row("made when, not known",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("Bare.__call__")},
             {QStringLiteral("value"), QStringLiteral("<Person object>")},
             {QStringLiteral("is_instance"), true}},
            {QStringLiteral("without calling type.__call__, and no __init__ ran.")});
        row("metaclass __call__ raised after type.__call__",
            "instance_returned",
            {{QStringLiteral("function"), QStringLiteral("Locking.__call__")},
             {QStringLiteral("raised"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("PermissionError")}}},
             {QStringLiteral("reached_type_call"), true},
             {QStringLiteral("type_calls"), 1}},
            {QStringLiteral("`Locking.__call__` raised `PermissionError` after type.__call__ had "
                            "returned a Person to it: Person() gives back nothing.")});
        auto afterTypeCall = [](const char *value, bool instance, int calls, bool made) {
            return QJsonObject{{QStringLiteral("function"), QStringLiteral("Pool.__call__")},
                               {QStringLiteral("value"), QString::fromLatin1(value)},
                               {QStringLiteral("is_instance"), instance},
                               {QStringLiteral("reached_type_call"), true},
                               {QStringLiteral("type_calls"), calls},
                               {QStringLiteral("returned_made"), made}};
        };
        row("swapped after type.__call__",
            "instance_returned",
            afterTypeCall("'a stand-in'", false, 1, false),
            {QStringLiteral("called type.__call__, but returns `'a stand-in'` (not a Person at "
                            "all) instead of what that call gave back")});
        row("first of two",
            "instance_returned",
            afterTypeCall("<Person object>", true, 2, false),
            {QStringLiteral("type.__call__ 2 times, but returns `<Person object>`"),
             QStringLiteral("not what the last")});
        row("last of two",
            "instance_returned",
            afterTypeCall("<Person object>", true, 2, true),
            {QStringLiteral("2 times; it returns what the last of them gave back")});
        row("type.__call__ raised",
            "instance_returned",
            afterTypeCall("None", false, 0, false),
            {QStringLiteral("type.__call__ that `Pool.__call__` called raised"),
             QStringLiteral("returns `None` (not a Person at all)")});
        row("init up the chain",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("Base.__init__")},
             {QStringLiteral("called_by"), QStringLiteral("Person.__init__")}},
            {QStringLiteral("`Person.__init__` calls `Base.__init__` on the same Person "
                            "instance.")});
        row("init up the chain, with steps inside",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("Base.__init__")},
             {QStringLiteral("called_by"), QStringLiteral("Person.__init__")},
             {QStringLiteral("continued_at"), 9}},
            {QStringLiteral("`Person.__init__` calls `Base.__init__` on the same Person "
                            "instance. What happens inside it comes first")});
        row("init up the chain, its end",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("Base.__init__")},
             {QStringLiteral("called_by"), QStringLiteral("Person.__init__")},
             {QStringLiteral("continues"), 7}},
            {QStringLiteral("`Base.__init__` returns to `Person.__init__`, which called it")});
        row("new up the chain",
            "instance_new",
            {{QStringLiteral("function"), QStringLiteral("Base.__new__")},
             {QStringLiteral("called_by"), QStringLiteral("Person.__new__")}},
            {QStringLiteral("`Person.__new__` calls `Base.__new__`, asked for the same Person")});
        row("decorator returned a function",
            "bind_name",
            {{QStringLiteral("name"), QStringLiteral("Person")},
             {QStringLiteral("bound"), QStringLiteral("function")},
             {QStringLiteral("value"), QStringLiteral("<function make>")}},
            {QStringLiteral("not a class")});
        row("refused attribute",
            "set_attribute",
            {{QStringLiteral("name"), QStringLiteral("age")},
             {QStringLiteral("value"), QStringLiteral("'forty-two'")},
             {QStringLiteral("function"), QStringLiteral("Enforcer.__setattr__")},
             {QStringLiteral("refused"), true},
             {QStringLiteral("error"), QStringLiteral("TypeError")}},
            {QStringLiteral("Setting `age` to `'forty-two'` on a Person"),
             QStringLiteral("refuses it")});
        row("error ending in a question mark",
            "error",
            {{QStringLiteral("type"), QStringLiteral("RuntimeError")},
             {QStringLiteral("message"), QStringLiteral("Was __classcell__ propagated?")}},
            {QStringLiteral("propagated? Everything")});
        row("implicit name",
            "namespace_set",
            {{QStringLiteral("name"), QStringLiteral("__module__")},
             {QStringLiteral("value"), QStringLiteral("'__main__'")},
             {QStringLiteral("implicit"), true}},
            {QStringLiteral("by itself"), QStringLiteral("__module__ = '__main__'")});
        row("method",
            "namespace_set",
            {{QStringLiteral("name"), QStringLiteral("greet")},
             {QStringLiteral("value"), QStringLiteral("<function Person.greet>")},
             {QStringLiteral("implicit"), false}},
            {QStringLiteral("`def greet`"), QStringLiteral("function")});
        row("attribute",
            "namespace_set",
            {{QStringLiteral("name"), QStringLiteral("greeting")},
             {QStringLiteral("value"), QStringLiteral("'hello'")},
             {QStringLiteral("implicit"), false}},
            {QStringLiteral("binds `greeting = 'hello'`")});
        row("explicit call",
            "call_metaclass",
            {{QStringLiteral("metaclass"), QStringLiteral("type")},
             {QStringLiteral("explicit"), true}},
            {QStringLiteral("grungy")});
        row("user new",
            "meta_new",
            {{QStringLiteral("function"), QStringLiteral("Meta.__new__")}},
            {QStringLiteral("`Meta.__new__`"), QStringLiteral("must return")});
        row("yours",
            "meta_new",
            {{QStringLiteral("function"), QStringLiteral("Meta.__new__")},
             {QStringLiteral("yours"), true}},
            {QStringLiteral("Your `Meta.__new__`")});
        row("user init",
            "meta_init",
            {{QStringLiteral("function"), QStringLiteral("EnforcerMeta.__init__")}},
            {QStringLiteral("`EnforcerMeta.__init__`"),
             QStringLiteral("namespace you just filled")});
        row("created",
            "class_created",
            {{QStringLiteral("mro"),
              QJsonArray{QStringLiteral("Person"), QStringLiteral("object")}},
             {QStringLiteral("metaclass"), QStringLiteral("type")}},
            {QStringLiteral("Person → object")});
        auto change = [](const char *by, const char *key, const char *name) {
            return QJsonObject{
                {QStringLiteral("by"), QString::fromLatin1(by)},
                {QString::fromLatin1(key),
                 QJsonArray{QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)}}}}};
        };
        row("created, a change taken back later",
            "class_created",
            {{QStringLiteral("mro"),
              QJsonArray{QStringLiteral("Person"), QStringLiteral("object")}},
             {QStringLiteral("metaclass"), QStringLiteral("C")},
             {QStringLiteral("changes"),
              QJsonArray{change("A.__new__", "added", "tag_a"),
                         change("A.__new__", "removed", "drop_me"),
                         change("B.__new__", "removed", "tag_a"),
                         change("C.__init__", "added", "x")}}},
            {QStringLiteral("it holds what `C.__init__` put on it."),
             QStringLiteral("`A.__new__` took out `drop_me`."),
             QStringLiteral("`B.__new__` took out `tag_a`.")});
        row("object init",
            "instance_init",
            {{QStringLiteral("function"), QStringLiteral("object.__init__")}},
            {QStringLiteral("defines no __init__")});
        row("error",
            "error",
            {{QStringLiteral("type"), QStringLiteral("TypeError")},
             {QStringLiteral("message"), QStringLiteral("metaclass conflict")},
             {QStringLiteral("line"), 21}},
            {QStringLiteral("`TypeError`"),
             QStringLiteral("line 21"),
             QStringLiteral("metaclass conflict")});
        row("timeout",
            "error",
            {{QStringLiteral("type"), QStringLiteral("Timeout")},
             {QStringLiteral("message"), QStringLiteral("the program ran longer than 3 s")}},
            {QStringLiteral("The program ran longer than 3 s.")});
    }

    void narratesEachKind()
    {
        QFETCH(QString, kind);
        QFETCH(QJsonObject, detail);
        QFETCH(QStringList, mustMention);
        TraceStep step;
        const std::optional<Protocol::StepKind> known = Protocol::stepKindFromId(kind);
        QVERIFY2(known, qPrintable(kind));
        step.kind = *known;
        step.className = QStringLiteral("Person");
        step.detail = detail;
        const QString text = Narrator::narrate(step);
        for (const QString &word : mustMention)
            QVERIFY2(text.contains(word), qPrintable(text + QStringLiteral(" lacks ") + word));
    }

    void everyKindHasWords()
    {
        for (int i = 0; i < Protocol::StepKindCount; ++i) {
            const auto kind = Protocol::StepKind(i);
            const QString words = Narrator::kindName(kind);
            // Words, never the id: an underscore only inside a dunder (__set_name__).
            for (const QString &word : words.split(QLatin1Char(' '))) {
                QVERIFY2(!word.contains(QLatin1Char('_')) || word.startsWith(QLatin1String("__")),
                         Protocol::stepKindId(kind));
            }
        }
    }

    void runnerJsonBecomesNarratedSteps()
    {
        const QJsonObject runner{
            {QStringLiteral("python"), QStringLiteral("3.11.2")},
            {QStringLiteral("stdout"), QStringLiteral("hi\n")},
            {QStringLiteral("steps"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bind_name")},
                                    {QStringLiteral("class"), QStringLiteral("A")},
                                    {QStringLiteral("line"), 3},
                                    {QStringLiteral("detail"),
                                     QJsonObject{{QStringLiteral("name"), QStringLiteral("A")}}}}}},
            {QStringLiteral("error"), QJsonValue()}};
        const Trace trace = Trace::fromResult(PyRunner::RunResult::fromMessage(runner));
        QCOMPARE(trace.steps.size(), 1);
        QCOMPARE(trace.steps.first().line, 3);
        QVERIFY(trace.steps.first().narration.contains(QStringLiteral("`A`")));
        QVERIFY(!trace.error);
        const QJsonObject out = trace.toJson(QStringLiteral("a.py"));
        QCOMPARE(out.value(QStringLiteral("file")).toString(), QStringLiteral("a.py"));
        QVERIFY(out.value(QStringLiteral("error")).isNull());
        QCOMPARE(out.value(QStringLiteral("steps"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("index"))
                     .toInt(),
                 0);
    }

    void failureIsOneErrorStep()
    {
        const Trace trace = Trace::failure(QStringLiteral("RunnerCrashed"), QStringLiteral("boom"));
        QCOMPARE(trace.steps.size(), 1);
        QCOMPARE(trace.steps.first().kind, Protocol::StepKind::Error);
        QCOMPARE(trace.errorType(), QStringLiteral("RunnerCrashed"));
    }
};

QTEST_GUILESS_MAIN(TestNarrator)
#include "tst_narrator.moc"
