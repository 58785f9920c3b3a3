// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "../support/fakemodule.h"

#include <kit/moduleregistry.h>

#include <QApplication>
#include <QTest>

using namespace Kit;

class TestModuleRegistry : public QObject
{
    Q_OBJECT

private slots:
    void keepsOrderAndFindsById()
    {
        ModuleRegistry registry;
        QVERIFY(registry.add(std::make_unique<FakeModule>(QStringLiteral("beta"))));
        QVERIFY(registry.add(std::make_unique<FakeModule>(QStringLiteral("alpha"))));
        QCOMPARE(registry.ids(), (QStringList{QStringLiteral("beta"), QStringLiteral("alpha")}));
        QCOMPARE(registry.size(), 2);
        QVERIFY(registry.find(QStringLiteral("alpha")));
        QCOMPARE(registry.find(QStringLiteral("alpha"))->id(), QStringLiteral("alpha"));
        QVERIFY(!registry.find(QStringLiteral("gamma")));
    }

    void refusesBadModules_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("errorFragment");
        QTest::newRow("duplicate") << QStringLiteral("first") << QStringLiteral("Again")
                                   << QStringLiteral("already registered");
        QTest::newRow("upper case")
            << QStringLiteral("Shout") << QStringLiteral("T") << QStringLiteral("invalid");
        QTest::newRow("dot") << QStringLiteral("a.b") << QStringLiteral("T")
                             << QStringLiteral("invalid");
        QTest::newRow("leading digit")
            << QStringLiteral("1st") << QStringLiteral("T") << QStringLiteral("invalid");
        QTest::newRow("empty id") << QString() << QStringLiteral("T") << QStringLiteral("invalid");
        QTest::newRow("blank title")
            << QStringLiteral("untitled") << QStringLiteral("  ") << QStringLiteral("empty title");
    }

    void refusesBadModules()
    {
        QFETCH(QString, id);
        QFETCH(QString, title);
        QFETCH(QString, errorFragment);
        ModuleRegistry registry;
        QVERIFY(registry.add(std::make_unique<FakeModule>(QStringLiteral("first"))));
        QString error;
        QVERIFY(!registry.add(std::make_unique<FakeModule>(id, title), &error));
        QVERIFY2(error.contains(errorFragment), qPrintable(error));
        QCOMPARE(registry.size(), 1);
    }

    void refusesNull()
    {
        ModuleRegistry registry;
        QString error;
        QVERIFY(!registry.add(nullptr, &error));
        QVERIFY(!error.isEmpty());
    }

    void viewIsCreatedOnceAndOnlyWhenAsked()
    {
        FakeModule module(QStringLiteral("lazy"));
        QVERIFY(!module.hasView());
        QCOMPARE(module.viewsCreated, 0);
        QWidget *view = module.view();
        QVERIFY(view);
        QCOMPARE(module.view(), view);
        QCOMPARE(module.viewsCreated, 1);
        QCOMPARE(view->objectName(), QStringLiteral("lazy.view"));
        delete view;
        QVERIFY(!module.hasView());
    }

    void validIds_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("classforge") << true;
        QTest::newRow("dash and digit") << QStringLiteral("lab-2") << true;
        QTest::newRow("space") << QStringLiteral("class forge") << false;
        QTest::newRow("underscore") << QStringLiteral("class_forge") << false;
    }

    void validIds()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(Module::isValidId(id), valid);
    }
};

QTEST_MAIN(TestModuleRegistry)
#include "tst_moduleregistry.moc"
