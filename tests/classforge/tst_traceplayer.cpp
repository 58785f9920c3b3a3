// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <classforge/classgraph.h>
#include <classforge/question.h>
#include <classforge/traceplayer.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <optional>

#include "../support/classtrace.h"

using namespace ClassForge;

namespace {

/** class Meta(type); class Person(metaclass=Meta): greeting = 'hi'; then Person(). */
Trace sample()
{
    Trace trace;
    trace.steps = {
        step("class_statement", "Person", {{QStringLiteral("name"), QStringLiteral("Person")}}),
        step("determine_metaclass",
             "Person",
             {{QStringLiteral("metaclass"), QStringLiteral("Meta")}}),
        step("namespace_set",
             "Person",
             {{QStringLiteral("name"), QStringLiteral("__module__")},
              {QStringLiteral("value"), QStringLiteral("'__main__'")},
              {QStringLiteral("implicit"), true}}),
        step("namespace_set",
             "Person",
             {{QStringLiteral("name"), QStringLiteral("greeting")},
              {QStringLiteral("value"), QStringLiteral("'hi'")}}),
        step("namespace_set",
             "Person",
             {{QStringLiteral("name"), QStringLiteral("greeting")},
              {QStringLiteral("value"), QStringLiteral("'hello'")}}),
        step("meta_new", "Person", {{QStringLiteral("function"), QStringLiteral("type.__new__")}}),
        step(
            "meta_init", "Person", {{QStringLiteral("function"), QStringLiteral("Meta.__init__")}}),
        step("class_created",
             "Person",
             {{QStringLiteral("mro"), list({"Person", "object"})},
              {QStringLiteral("bases"), list({"object"})},
              {QStringLiteral("metaclass"), QStringLiteral("Meta")},
              {QStringLiteral("attributes"), list({"greeting"})}}),
        step("instance_call",
             "Person",
             {{QStringLiteral("function"), QStringLiteral("type.__call__")}}),
        step("instance_new",
             "Person",
             {{QStringLiteral("function"), QStringLiteral("object.__new__")}}),
    };
    for (int i = 0; i < trace.steps.size(); ++i)
        trace.steps[i].index = i;
    return trace;
}

} // namespace

class TestTracePlayer : public QObject
{
    Q_OBJECT

private slots:
    void stepsWithinBounds()
    {
        TracePlayer player;
        QCOMPARE(player.current(), -1);
        QVERIFY(!player.forward());
        QSignalSpy changed(&player, &TracePlayer::currentChanged);
        player.setTrace(sample());
        QCOMPARE(player.current(), 0);
        QVERIFY(!player.back());
        QVERIFY(player.forward());
        player.last();
        QCOMPARE(player.current(), 9);
        QVERIFY(!player.forward());
        QVERIFY(!player.seek(99)); // clamped to the last step, where it already is
        player.first();
        QCOMPARE(player.current(), 0);
        QCOMPARE(changed.count(), 4); // setTrace, forward, last, first
    }

    void namespaceFillsAndMarksTheNewName()
    {
        TracePlayer player;
        player.setTrace(sample());
        QList<NamespaceEntry> ns = player.namespaceAt(3);
        QCOMPARE(ns.size(), 2);
        QCOMPARE(ns.at(0).name, QStringLiteral("__module__"));
        QVERIFY(ns.at(0).implicit);
        QVERIFY(!ns.at(0).isNew);
        QVERIFY(ns.at(1).isNew);
        ns = player.namespaceAt(4); // rebinding keeps the place, takes the new value
        QCOMPARE(ns.size(), 2);
        QCOMPARE(ns.at(1).value, QStringLiteral("'hello'"));
        QVERIFY(player.namespaceAt(0).isEmpty());
        QCOMPARE(player.namespaceAt(9).size(), 2); // an instance step shows its class's namespace
    }

    void classesAppearWhenCreated()
    {
        TracePlayer player;
        player.setTrace(sample());
        QVERIFY(player.classesAt(6).isEmpty());
        const QList<ClassInfo> classes = player.classesAt(7);
        QCOMPARE(classes.size(), 1);
        QCOMPARE(classes.first().metaclass, QStringLiteral("Meta"));
        QCOMPARE(classes.first().createdAt, 7);
    }

    void keyStepsAreTheTurningPoints()
    {
        TracePlayer player;
        player.setTrace(sample());
        QCOMPARE(player.keySteps(), (QList<int>{1, 5, 6, 9}));
    }

    void graphHasInstanceOfAndSubclassOf()
    {
        TracePlayer player;
        player.setTrace(sample());
        // Calling Person() makes nothing yet; once object.__new__ has made it, it is drawn.
        QCOMPARE(ClassGraph::build(player, 8).indexOf(QStringLiteral("Person #1")), -1);
        const ClassGraph graph = ClassGraph::build(player, 9);
        const int person = graph.indexOf(QStringLiteral("Person"));
        const int meta = graph.indexOf(QStringLiteral("Meta"));
        const int type = graph.indexOf(QStringLiteral("type"));
        const int object = graph.indexOf(QStringLiteral("object"));
        const int instance = graph.indexOf(QStringLiteral("Person #1"));
        QVERIFY(person >= 0 && meta >= 0 && type >= 0 && object >= 0 && instance >= 0);
        auto has = [&graph](int from, int to, ClassGraph::Edge kind) {
            return std::any_of(graph.links.cbegin(), graph.links.cend(), [&](const auto &link) {
                return link.from == from && link.to == to && link.kind == kind;
            });
        };
        QVERIFY(has(instance, person, ClassGraph::Edge::InstanceOf));
        QVERIFY(has(person, meta, ClassGraph::Edge::InstanceOf));
        QVERIFY(has(person, object, ClassGraph::Edge::SubclassOf));
        QVERIFY(has(type, type, ClassGraph::Edge::InstanceOf)); // type is its own type
        QVERIFY(has(type, object, ClassGraph::Edge::SubclassOf));
        QVERIFY(graph.nodes.at(instance).isNew);
        // Metaclasses above classes above instances.
        QVERIFY(graph.nodes.at(meta).position.y() < graph.nodes.at(person).position.y());
        QVERIFY(graph.nodes.at(person).position.y() < graph.nodes.at(instance).position.y());
        QCOMPARE(graph.rows, 3);
        QVERIFY(ClassGraph::build(player, 3).nodes.isEmpty()); // nothing exists yet
    }

    void mroAtMergesTheBasesAsCPython()
    {
        // class A; class B(A); class C(A); class D(B, C): the diamond.
        Trace trace;
        auto created = [](const char *cls, QJsonArray mro, QJsonArray bases) {
            return step("class_created",
                        cls,
                        {{QStringLiteral("mro"), mro},
                         {QStringLiteral("bases"), bases},
                         {QStringLiteral("metaclass"), QStringLiteral("type")}});
        };
        trace.steps = {created("A", list({"A", "object"}), list({"object"})),
                       created("B", list({"B", "A", "object"}), list({"A"})),
                       created("C", list({"C", "A", "object"}), list({"A"})),
                       step("class_statement", "D", {{QStringLiteral("bases"), list({"B", "C"})}}),
                       step("meta_new", "D")};
        TracePlayer player;
        player.setTrace(trace);
        const std::optional<MroAtStep> mro = player.mroAt(4);
        QVERIFY(mro);
        QCOMPARE(mro->className, QStringLiteral("D"));
        QVERIFY(mro->merge.ok);
        QCOMPARE(mro->merge.mro,
                 QStringList({QStringLiteral("D"),
                              QStringLiteral("B"),
                              QStringLiteral("C"),
                              QStringLiteral("A"),
                              QStringLiteral("object")}));
        QVERIFY(!player.mroAt(-1));
        QVERIFY(!player.mroAt(99));
    }

    void mroAtAFailedStatementShowsTheConflict()
    {
        // class X; class Y(X); class Z(X, Y): no consistent order, the statement raised.
        Trace trace;
        trace.steps = {step("class_created",
                            "X",
                            {{QStringLiteral("mro"), list({"X", "object"})},
                             {QStringLiteral("bases"), list({"object"})}}),
                       step("class_created",
                            "Y",
                            {{QStringLiteral("mro"), list({"Y", "X", "object"})},
                             {QStringLiteral("bases"), list({"X"})}}),
                       step("class_statement", "Z", {{QStringLiteral("bases"), list({"X", "Y"})}}),
                       step("error", "", {{QStringLiteral("type"), QStringLiteral("TypeError")}})};
        TracePlayer player;
        player.setTrace(trace);
        const std::optional<MroAtStep> mro = player.mroAt(3);
        QVERIFY(mro);
        QCOMPARE(mro->className, QStringLiteral("Z"));
        QVERIFY(!mro->merge.ok);
        QVERIFY(!mro->merge.conflicting.isEmpty());
    }

    void anInstanceThatWasNeverMadeIsNotDrawn_data()
    {
        QTest::addColumn<QJsonObject>("outcome");
        QTest::newRow("__new__ raised")
            << QJsonObject{{QStringLiteral("raised"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("TypeError")}}}};
        QTest::newRow("__new__ returned another thing") << QJsonObject{
            {QStringLiteral("made"), false}, {QStringLiteral("returned"), QStringLiteral("42")}};
    }

    void anInstanceThatWasNeverMadeIsNotDrawn()
    {
        QFETCH(QJsonObject, outcome);
        Trace trace = sample();
        TraceStep &made = trace.steps[9];
        QCOMPARE(made.kind, Protocol::StepKind::InstanceNew);
        for (auto it = outcome.begin(); it != outcome.end(); ++it)
            made.detail.insert(it.key(), it.value());
        TracePlayer player;
        player.setTrace(trace);
        QCOMPARE(ClassGraph::build(player, 9).indexOf(QStringLiteral("Person #1")), -1);
    }

    void namespaceShowsPreparedNamesAndWhoChangedTheClass()
    {
        Trace trace;
        trace.steps = {
            step("class_statement", "Plugin"),
            step("prepare_namespace", "Plugin"),
            step("namespace_prepared",
                 "Plugin",
                 {{QStringLiteral("name"), QStringLiteral("registry")},
                  {QStringLiteral("value"), QStringLiteral("[]")},
                  {QStringLiteral("function"), QStringLiteral("Meta.__prepare__")}}),
            step("namespace_set",
                 "Plugin",
                 {{QStringLiteral("name"), QStringLiteral("x")},
                  {QStringLiteral("value"), QStringLiteral("1")}}),
            step("class_created",
                 "Plugin",
                 {{QStringLiteral("attribute_values"),
                   QJsonObject{{QStringLiteral("registry"), QStringLiteral("[]")},
                               {QStringLiteral("x"), QStringLiteral("1")},
                               {QStringLiteral("extra"), QStringLiteral("2")}}},
                  {QStringLiteral("changes"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("by"), QStringLiteral("Meta.__new__")},
                       {QStringLiteral("added"),
                        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("extra")},
                                               {QStringLiteral("value"), QStringLiteral("2")}}}},
                       {QStringLiteral("removed"),
                        QJsonArray{QJsonObject{
                            {QStringLiteral("name"), QStringLiteral("__qualname__")}}}}}}}}),
        };
        TracePlayer player;
        player.setTrace(trace);
        // While the body runs, __prepare__'s name is there from the start, marked as its.
        QList<NamespaceEntry> ns = player.namespaceAt(2);
        QCOMPARE(ns.size(), 1);
        QVERIFY(ns.at(0).prepared);
        QCOMPARE(ns.at(0).by, QStringLiteral("Meta.__prepare__"));
        // Once the class exists: what the metaclass added is said to be its.
        ns = player.namespaceAt(4);
        const auto extra = std::find_if(ns.cbegin(), ns.cend(), [](const NamespaceEntry &e) {
            return e.name == QLatin1String("extra");
        });
        QVERIFY(extra != ns.cend());
        QCOMPARE(extra->onClass, NamespaceEntry::OnClass::SetLater);
        QCOMPARE(extra->by, QStringLiteral("Meta.__new__"));
    }

    // Issue 21: Enum's _member_map_ showed `{}`, the value EnumType.__new__ added it with,
    // although the class held its members by then.
    void aNameTheMetaclassAddedShowsWhatTheClassHolds()
    {
        Trace trace;
        trace.steps = {
            step("class_statement", "Color"),
            step("prepare_namespace", "Color"),
            step("namespace_set",
                 "Color",
                 {{QStringLiteral("name"), QStringLiteral("RED")},
                  {QStringLiteral("value"), QStringLiteral("1")}}),
            step("class_created",
                 "Color",
                 {{QStringLiteral("attribute_values"),
                   QJsonObject{{QStringLiteral("RED"), QStringLiteral("<Color object>")},
                               {QStringLiteral("_member_names_"), QStringLiteral("['RED']")}}},
                  {QStringLiteral("changes"),
                   QJsonArray{
                       QJsonObject{{QStringLiteral("by"), QStringLiteral("EnumType.__new__")},
                                   {QStringLiteral("added"),
                                    QJsonArray{QJsonObject{
                                        {QStringLiteral("name"), QStringLiteral("_member_names_")},
                                        {QStringLiteral("value"), QStringLiteral("[]")}}}}}}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        const QList<NamespaceEntry> ns = player.namespaceAt(3);
        const auto names = std::find_if(ns.cbegin(), ns.cend(), [](const NamespaceEntry &e) {
            return e.name == QLatin1String("_member_names_");
        });
        QVERIFY(names != ns.cend());
        QCOMPARE(names->value, QStringLiteral("['RED']"));
        QCOMPARE(names->by, QStringLiteral("EnumType.__new__"));
    }

    void aMetaclassNewsEditsShowWhenItSaysThem()
    {
        // ModelBase.__new__ takes `title` out of the body's namespace before type.__new__: the
        // table says so at that step, not only once the class exists.
        Trace trace;
        trace.steps = {
            step("class_statement", "Book"),
            step("namespace_set",
                 "Book",
                 {{QStringLiteral("name"), QStringLiteral("title")},
                  {QStringLiteral("value"), QStringLiteral("<CharField>")}}),
            step("meta_new",
                 "Book",
                 {{QStringLiteral("function"), QStringLiteral("ModelBase.__new__")},
                  {QStringLiteral("namespace_changes"),
                   QJsonObject{{QStringLiteral("removed"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("name"), QStringLiteral("title")}}}}}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        QCOMPARE(player.namespaceAt(1).first().onClass, NamespaceEntry::OnClass::Body);
        const QList<NamespaceEntry> ns = player.namespaceAt(2);
        QCOMPARE(ns.size(), 1);
        QCOMPARE(ns.first().onClass, NamespaceEntry::OnClass::NotKept);
        QCOMPARE(ns.first().by, QStringLiteral("ModelBase.__new__"));
    }

    void aHookThatSetsOnTheClassShowsItWhenItSaysIt_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("function");
        QTest::newRow("a metaclass's __init__")
            << QStringLiteral("meta_init") << QStringLiteral("EnforcerMeta.__init__");
        QTest::newRow("__init_subclass__")
            << QStringLiteral("init_subclass") << QStringLiteral("Enforcer.__init_subclass__");
    }
    void aHookThatSetsOnTheClassShowsItWhenItSaysIt()
    {
        // "It adds _fields" is said at the hook's step: the table shows _fields there, new and
        // set by the hook, not only once the class's own record repeats it.
        QFETCH(QString, kind);
        QFETCH(QString, function);
        const QJsonObject changes{
            {QStringLiteral("by"), function},
            {QStringLiteral("added"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("_fields")},
                                    {QStringLiteral("value"), QStringLiteral("['name']")}}}}};
        Trace trace;
        trace.steps = {
            step("class_statement", "Person"),
            step("namespace_set",
                 "Person",
                 {{QStringLiteral("name"), QStringLiteral("name")},
                  {QStringLiteral("value"), QStringLiteral("<Field object>")}}),
            step("meta_new",
                 "Person",
                 {{QStringLiteral("function"), QStringLiteral("type.__new__")}}),
            step(kind.toLatin1().constData(),
                 "Person",
                 {{QStringLiteral("function"), function}, {QStringLiteral("changes"), changes}}),
            step("class_created",
                 "Person",
                 {{QStringLiteral("attribute_values"),
                   QJsonObject{{QStringLiteral("name"), QStringLiteral("<Field object>")},
                               {QStringLiteral("_fields"), QStringLiteral("['name']")}}},
                  {QStringLiteral("changes"), QJsonArray{changes}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        const auto fields = [&player](int at) -> std::optional<NamespaceEntry> {
            for (const NamespaceEntry &e : player.namespaceAt(at)) {
                if (e.name == QLatin1String("_fields"))
                    return e;
            }
            return std::nullopt;
        };
        QVERIFY(!fields(2)); // not before the hook ran
        QVERIFY(fields(3));
        QVERIFY(fields(3)->isNew);
        QCOMPARE(fields(3)->by, function);
        QCOMPARE(fields(3)->onClass, NamespaceEntry::OnClass::SetLater);
        QVERIFY(fields(4)); // and once the class exists, once
        QVERIFY(!fields(4)->isNew);
        int count = 0;
        for (const NamespaceEntry &e : player.namespaceAt(4))
            count += e.name == QLatin1String("_fields");
        QCOMPARE(count, 1);
    }

    void aDirectTypeCallShowsTheDictItWasHanded()
    {
        // dataclass(slots=True) calls type('P', bases, d) while P's statement is still being
        // decorated: during that build the table is d, then what type.__new__ made of it.
        Trace trace;
        trace.steps = {
            step("class_statement", "P"),
            step("namespace_set",
                 "P",
                 {{QStringLiteral("name"), QStringLiteral("x")},
                  {QStringLiteral("value"), QStringLiteral("1")}}),
            step("class_created", "P"),
            step("decorator", "P", {{QStringLiteral("function"), QStringLiteral("dataclass")}}),
            step("call_metaclass",
                 "P",
                 {{QStringLiteral("explicit"), true},
                  {QStringLiteral("namespace_given"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("__slots__")},
                                          {QStringLiteral("value"), QStringLiteral("('x',)")}}}}}),
            step("meta_new",
                 "P",
                 {{QStringLiteral("function"), QStringLiteral("type.__new__")},
                  {QStringLiteral("changes"),
                   QJsonObject{{QStringLiteral("added"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("name"), QStringLiteral("x")},
                                    {QStringLiteral("value"), QStringLiteral("<member>")}}}}}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        const QList<NamespaceEntry> handed = player.namespaceAt(4);
        QCOMPARE(handed.size(), 1);
        QCOMPARE(handed.first().name, QStringLiteral("__slots__"));
        QCOMPARE(handed.first().by, QStringLiteral("the dict handed to type()"));
        // A metaclass called directly, MyMeta('P', bases, ns): named, not type().
        trace.steps[4].detail.insert(QStringLiteral("metaclass"), QStringLiteral("MyMeta"));
        player.setTrace(trace);
        QCOMPARE(player.namespaceAt(4).first().by, QStringLiteral("the dict handed to MyMeta()"));
        const QList<NamespaceEntry> made = player.namespaceAt(5);
        QCOMPARE(made.size(), 2);
        QCOMPARE(made.at(1).name, QStringLiteral("x"));
        QCOMPARE(made.at(1).value, QStringLiteral("<member>"));
        // Before it, the statement's own class.
        QCOMPARE(player.namespaceAt(3).first().value, QStringLiteral("1"));
    }

    void aSecondClassOfTheSameNameIsNotMixedIn()
    {
        // def meta(name, bases, ns): first = type(name, bases, ns);
        //     return type(name, (first,), {'y': 2})  -- the name is bound to the second class.
        auto created = [](const char *attribute, const char *value) {
            return step("class_created",
                        "Foo",
                        {{QStringLiteral("attribute_values"),
                          QJsonObject{{QLatin1String(attribute), QLatin1String(value)}}}});
        };
        Trace trace;
        trace.steps = {
            step("class_statement", "Foo"),
            step("namespace_set",
                 "Foo",
                 {{QStringLiteral("name"), QStringLiteral("x")},
                  {QStringLiteral("value"), QStringLiteral("1")}}),
            created("x", "1"),
            created("y", "2"),
            step("bind_name",
                 "Foo",
                 {{QStringLiteral("bound"), QStringLiteral("class")},
                  {QStringLiteral("first_class"), QStringLiteral("Foo")},
                  {QStringLiteral("attribute_values"),
                   QJsonObject{{QStringLiteral("y"), QStringLiteral("2")}}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        // While the first class is made, its table; at the bind, what the name holds: the
        // second class's y (the first class's x is the first class's).
        const QList<NamespaceEntry> first = player.namespaceAt(3);
        QCOMPARE(first.size(), 1);
        QCOMPARE(first.first().name, QStringLiteral("x"));
        QCOMPARE(first.first().onClass, NamespaceEntry::OnClass::Body);
        const QList<NamespaceEntry> ns = player.namespaceAt(4);
        QCOMPARE(ns.size(), 1);
        QCOMPARE(ns.at(0).name, QStringLiteral("y"));
        QCOMPARE(ns.at(0).value, QStringLiteral("2"));
        QCOMPARE(ns.at(0).onClass, NamespaceEntry::OnClass::SetLater);
    }

    void aDecoratorsOtherClassIsFollowed()
    {
        // @dataclass(slots=True): the decorator returns another class; the table shows it.
        Trace trace;
        trace.steps = {
            step("class_statement", "P"),
            step("namespace_set",
                 "P",
                 {{QStringLiteral("name"), QStringLiteral("y")},
                  {QStringLiteral("value"), QStringLiteral("0")}}),
            step("class_created",
                 "P",
                 {{QStringLiteral("attribute_values"),
                   QJsonObject{{QStringLiteral("y"), QStringLiteral("0")}}},
                  {QStringLiteral("changes"),
                   QJsonArray{
                       QJsonObject{{QStringLiteral("by"), QStringLiteral("type.__new__")},
                                   {QStringLiteral("added"),
                                    QJsonArray{QJsonObject{
                                        {QStringLiteral("name"), QStringLiteral("__dict__")},
                                        {QStringLiteral("value"), QStringLiteral("<d>")}}}}}}}}),
            step("decorator",
                 "P",
                 {{QStringLiteral("function"), QStringLiteral("dataclass(slots=True)")},
                  {QStringLiteral("returned_other"), true},
                  {QStringLiteral("returned_changes"),
                   QJsonObject{{QStringLiteral("added"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("name"), QStringLiteral("__slots__")},
                                    {QStringLiteral("value"), QStringLiteral("('y',)")}}}},
                               {QStringLiteral("removed"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("name"), QStringLiteral("__dict__")}}}},
                               {QStringLiteral("replaced"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("name"), QStringLiteral("y")},
                                    {QStringLiteral("value"), QStringLiteral("<member>")}}}}}}}),
        };
        for (int i = 0; i < trace.steps.size(); ++i)
            trace.steps[i].index = i;
        TracePlayer player;
        player.setTrace(trace);
        const QList<NamespaceEntry> ns = player.namespaceAt(3);
        auto find = [&ns](const char *name) {
            return std::find_if(ns.cbegin(), ns.cend(), [name](const NamespaceEntry &e) {
                return e.name == QLatin1String(name);
            });
        };
        QVERIFY(find("__slots__") != ns.cend());
        QVERIFY(find("__slots__")->by.contains(QLatin1String("returned")));
        QCOMPARE(find("__slots__")->onClass, NamespaceEntry::OnClass::SetLater);
        QCOMPARE(find("__dict__")->onClass, NamespaceEntry::OnClass::NotKept);
        QCOMPARE(find("y")->value, QStringLiteral("<member>"));
    }

    void questionsContainTheAnswerAndRepeat()
    {
        const Trace trace = sample();
        QVERIFY(!Question::forStep(trace, 0)); // a class statement is not a prediction
        const auto question = Question::forStep(trace, 6);
        QVERIFY(question);
        QCOMPARE(question->choices.at(question->answer), QStringLiteral("Meta.__init__"));
        QVERIFY(question->choices.size() >= 2);
        QStringList unique = question->choices;
        QCOMPARE(unique.removeDuplicates(), 0);
        QCOMPARE(Question::forStep(trace, 6)->choices, question->choices);
        const auto metaclass = Question::forStep(trace, 1);
        QCOMPARE(metaclass->choices.at(metaclass->answer), QStringLiteral("Meta"));
        QVERIFY(metaclass->prompt.contains(QStringLiteral("Person")));
    }

    void outputIsWhatWasPrintedByTheStep()
    {
        Trace trace;
        trace.stdoutText = QStringLiteral("first\nsecond\nthird\n");
        trace.stderrText = QStringLiteral("warned\n");
        for (const auto &[out, err] : {std::pair{0, 0}, std::pair{6, 0}, std::pair{13, 7}}) {
            TraceStep step;
            step.index = int(trace.steps.size());
            step.kind = Protocol::StepKind::ClassCreated;
            step.stdoutChars = out;
            step.stderrChars = err;
            trace.steps.append(step);
        }
        TracePlayer player;
        player.setTrace(trace);
        QCOMPARE(player.outputAt(0).stdoutText, QString());
        QVERIFY(!player.outputAt(0).complete);
        QCOMPARE(player.outputAt(1).stdoutText, QStringLiteral("first\n"));
        QCOMPARE(player.outputAt(1).stderrText, QString());
        // The last step: all of it, what came after the last class too.
        QCOMPARE(player.outputAt(2).stdoutText, trace.stdoutText);
        QCOMPARE(player.outputAt(2).stderrText, trace.stderrText);
        QVERIFY(player.outputAt(2).complete);
        // A trace that does not say where its steps were in the output: all of it, always.
        trace.steps[0].stdoutChars = -1;
        player.setTrace(trace);
        QVERIFY(player.outputAt(0).complete);
    }
};

QTEST_GUILESS_MAIN(TestTracePlayer)
#include "tst_traceplayer.moc"
