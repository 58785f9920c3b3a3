// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/readingmodule.h>
#include <kit/readingpage.h>

#include <QFile>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;

class TestReadingModule : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_page;

    std::unique_ptr<ReadingModule> makeModule() const
    {
        return std::make_unique<ReadingModule>(ModuleInfo{QStringLiteral("reading"),
                                                          QStringLiteral("Reading"),
                                                          QStringLiteral("A long page"),
                                                          QStringLiteral("Longer"),
                                                          QString()},
                                               m_page);
    }

private slots:
    void initTestCase()
    {
        m_page = m_dir.filePath(QStringLiteral("page.html"));
        QFile file(m_page);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<h1>Long</h1>");
        for (int i = 0; i < 200; ++i)
            file.write(QByteArray("<p>Paragraph ") + QByteArray::number(i) + "</p>");
    }

    void stepsPageByPageAndResets()
    {
        auto module = makeModule();
        QVERIFY(!module->stepForward()); // nothing to step through before the view exists
        auto *page = qobject_cast<ReadingPage *>(module->view());
        QVERIFY(page);
        page->resize(400, 300);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page));
        QScrollBar *bar = page->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QVERIFY(!module->stepBack());
        QVERIFY(module->stepForward());
        QCOMPARE(bar->value(), bar->pageStep());
        QVERIFY(module->stepBack());
        QCOMPARE(bar->value(), 0);
        module->stepForward();
        module->reset();
        QCOMPARE(bar->value(), 0);
        delete page;
    }

    void scrollStateSurvivesARestart()
    {
        int saved = 0;
        {
            auto module = makeModule();
            auto *page = module->view();
            page->resize(400, 300);
            page->show();
            QVERIFY(QTest::qWaitForWindowExposed(page));
            module->stepForward();
            module->stepForward();
            saved = module->saveState().value(QStringLiteral("scroll")).toInt();
            QVERIFY(saved > 0);
            delete page;
        }
        auto module = makeModule();
        module->restoreState({{QStringLiteral("scroll"), saved}});
        QCOMPARE(module->saveState().value(QStringLiteral("scroll")).toInt(), saved);
        auto *page = qobject_cast<ReadingPage *>(module->view());
        page->resize(400, 300);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page));
        QTRY_COMPARE(page->verticalScrollBar()->value(), saved);
        delete page;
    }

    void missingPageSaysWhichFile()
    {
        ReadingModule module(ModuleInfo{QStringLiteral("x"), QStringLiteral("X"), {}, {}, {}},
                             QStringLiteral("/nonexistent/page.html"));
        auto *page = qobject_cast<ReadingPage *>(module.view());
        QVERIFY(page->body().contains(QStringLiteral("/nonexistent/page.html")));
        delete page;
    }
};

QTEST_MAIN(TestReadingModule)
#include "tst_readingmodule.moc"
