// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// PageTabs: every tab in sight, whole, at any width; the pages follow the tabs.

#include <kit/pagetabs.h>

#include <QAbstractButton>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace Kit;

class TestPageTabs : public QObject
{
    Q_OBJECT

private:
    static QList<QAbstractButton *> tabs(const PageTabs &pages)
    {
        return pages.findChildren<QAbstractButton *>();
    }

private Q_SLOTS:
    void tabsWrapInsteadOfHiding_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("oneRow");
        QTest::newRow("wide") << 900 << true;
        QTest::newRow("narrow") << 160 << false;
    }

    void tabsWrapInsteadOfHiding()
    {
        QFETCH(int, width);
        QFETCH(bool, oneRow);
        PageTabs pages;
        for (const char *name : {"Namespace", "Object graph", "MRO", "Output", "All steps"})
            pages.addTab(new QLabel(QString::fromLatin1(name)), QString::fromLatin1(name));
        pages.resize(width, 400);
        pages.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pages));
        QSet<int> rows;
        for (QAbstractButton *tab : tabs(pages)) {
            QVERIFY(tab->isVisible());
            const QRect inPages(tab->mapTo(&pages, QPoint()), tab->size());
            QVERIFY2(pages.rect().contains(inPages), qPrintable(tab->text()));
            QVERIFY(tab->width() >= tab->fontMetrics().horizontalAdvance(tab->text()));
            rows.insert(inPages.top());
        }
        QCOMPARE(rows.size() == 1, oneRow);
        // The page sits below the last row of tabs.
        int lowest = 0;
        for (QAbstractButton *tab : tabs(pages))
            lowest = std::max(lowest, tab->mapTo(&pages, QPoint(0, tab->height())).y());
        QVERIFY(pages.currentWidget()->mapTo(&pages, QPoint()).y() >= lowest);
    }

    void tabsAndPagesMoveTogether()
    {
        PageTabs pages;
        auto *first = new QLabel(QStringLiteral("one"));
        auto *second = new QLabel(QStringLiteral("two"));
        QCOMPARE(pages.addTab(first, QStringLiteral("&One")), 0);
        QCOMPARE(pages.addTab(second, QStringLiteral("&Two")), 1);
        QCOMPARE(pages.count(), 2);
        QCOMPARE(pages.currentWidget(), first);
        QSignalSpy changed(&pages, &PageTabs::currentChanged);
        tabs(pages).at(1)->click();
        QCOMPARE(pages.currentIndex(), 1);
        QCOMPARE(changed.count(), 1);
        QVERIFY(tabs(pages).at(1)->isChecked());
        QVERIFY(!tabs(pages).at(0)->isChecked());
        pages.setCurrentWidget(first);
        QVERIFY(tabs(pages).at(0)->isChecked());
        QCOMPARE(pages.indexOf(second), 1);
        pages.setTabText(1, QStringLiteral("Second"));
        QCOMPARE(pages.tabText(1), QStringLiteral("Second"));
        QCOMPARE(tabs(pages).at(1)->accessibleName(), QStringLiteral("Second"));
        pages.setCurrentIndex(7); // out of range: nothing happens
        QCOMPARE(pages.currentIndex(), 0);
    }
};

QTEST_MAIN(TestPageTabs)
#include "tst_pagetabs.moc"
