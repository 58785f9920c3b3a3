// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <app/cli.h>

#include <QTest>

using namespace Kit;
using namespace Shell;

class TestCli : public QObject
{
    Q_OBJECT

private:
    const QStringList m_modules{QStringLiteral("classforge"), QStringLiteral("scheduler")};
    QList<Subcommand> m_subcommands{{QStringLiteral("measure"),
                                     QStringLiteral("measure ..."),
                                     QStringLiteral("Measure"),
                                     [](const QStringList &, QTextStream &, QTextStream &) {
                                         return 0;
                                     }}};

    CliRequest parse(const QStringList &arguments) const
    {
        return parseCommandLine(
            QStringList{QStringLiteral("curtain")} + arguments, m_modules, m_subcommands);
    }

private slots:
    void actions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("action");
        using A = CliRequest::Action;
        QTest::newRow("nothing") << QStringList{} << int(A::Gui);
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << int(A::Help);
        QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << int(A::Help);
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << int(A::Version);
        QTest::newRow("list") << QStringList{QStringLiteral("--list-modules")}
                              << int(A::ListModules);
        QTest::newRow("screenshot")
            << QStringList{QStringLiteral("--screenshot"), QStringLiteral("a.png")}
            << int(A::Screenshot);
        QTest::newRow("screenshot=")
            << QStringList{QStringLiteral("--screenshot=a.png")} << int(A::Screenshot);
        QTest::newRow("module") << QStringList{QStringLiteral("--module"),
                                               QStringLiteral("scheduler")}
                                << int(A::Gui);
        QTest::newRow("home module") << QStringList{QStringLiteral("--module=home")} << int(A::Gui);
        QTest::newRow("subcommand") << QStringList{QStringLiteral("measure"),
                                                   QStringLiteral("--workers"),
                                                   QStringLiteral("2")}
                                    << int(A::Subcommand);
        QTest::newRow("subcommand --help")
            << QStringList{QStringLiteral("measure"), QStringLiteral("--help")}
            << int(A::SubcommandHelp);
        QTest::newRow("subcommand -h after its arguments")
            << QStringList{QStringLiteral("measure"),
                           QStringLiteral("--workers"),
                           QStringLiteral("2"),
                           QStringLiteral("-h")}
            << int(A::SubcommandHelp);
    }

    void actions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, action);
        const CliRequest request = parse(arguments);
        QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
        QCOMPARE(int(request.action), action);
    }

    void subcommandKeepsItsOwnArguments()
    {
        const CliRequest request
            = parse({QStringLiteral("measure"), QStringLiteral("--bogus"), QStringLiteral("x")});
        QCOMPARE(request.action, CliRequest::Action::Subcommand);
        QCOMPARE(request.subcommand->name, QStringLiteral("measure"));
        QCOMPARE(request.subcommandArguments,
                 (QStringList{QStringLiteral("--bogus"), QStringLiteral("x")}));
    }

    void values()
    {
        const CliRequest request = parse({QStringLiteral("--module"),
                                          QStringLiteral("classforge"),
                                          QStringLiteral("--font-scale"),
                                          QStringLiteral("1.75"),
                                          QStringLiteral("--theme"),
                                          QStringLiteral("dark")});
        QCOMPARE(request.action, CliRequest::Action::Gui);
        QCOMPARE(request.moduleId, QStringLiteral("classforge"));
        QCOMPARE(request.fontScale.value_or(0), 1.75);
        QCOMPARE(request.theme, Appearance::Theme::Dark);
    }

    void errorsNameTheCulprit_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("--frobnicate");
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("trace-clas")} << QStringLiteral("'trace-clas'");
        QTest::newRow("unknown module")
            << QStringList{QStringLiteral("--module"), QStringLiteral("forge")}
            << QStringLiteral("'forge'");
        QTest::newRow("bad theme")
            << QStringList{QStringLiteral("--theme=blue")} << QStringLiteral("'blue'");
        QTest::newRow("scale not a number")
            << QStringList{QStringLiteral("--font-scale"), QStringLiteral("big")}
            << QStringLiteral("'big'");
        QTest::newRow("scale out of range")
            << QStringList{QStringLiteral("--font-scale=9")} << QStringLiteral("'9'");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("--module")} << QStringLiteral("module");
        QTest::newRow("stray argument")
            << QStringList{QStringLiteral("--theme=dark"), QStringLiteral("extra")}
            << QStringLiteral("extra");
    }

    void errorsNameTheCulprit()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        const CliRequest request = parse(arguments);
        QCOMPARE(request.action, CliRequest::Action::Error);
        QVERIFY2(request.error.contains(named), qPrintable(request.error));
        QVERIFY2(!request.error.contains(QLatin1Char('\n')), "errors are one line");
    }

    void subcommandHelpNamesItsSynopsis()
    {
        const CliRequest request = parse({QStringLiteral("measure"), QStringLiteral("--help")});
        QVERIFY(request.subcommand);
        const QString help = subcommandHelpText(*request.subcommand);
        QVERIFY2(help.startsWith(QStringLiteral("Usage: curtain ") + request.subcommand->synopsis),
                 qPrintable(help));
        QVERIFY(help.contains(request.subcommand->summary));
    }

    void helpListsOptionsAndSubcommands()
    {
        const QString help = helpText(m_subcommands);
        QVERIFY(help.startsWith(QStringLiteral("Usage: curtain")));
        for (const char *word : {"--list-modules",
                                 "--screenshot",
                                 "--font-scale",
                                 "--theme",
                                 "--module",
                                 "curtain measure"}) {
            QVERIFY2(help.contains(QLatin1String(word)), word);
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
