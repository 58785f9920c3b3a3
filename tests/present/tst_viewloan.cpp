// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A view lent to presenter mode goes back exactly where and as it was: its parent, its place in a
// stack, box, grid or splitter, its size policy and visibility; a host gone meanwhile leaves it
// hidden and parentless.

#include <present/viewloan.h>

#include <QApplication>
#include <QGridLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTest>
#include <QVBoxLayout>

using namespace Present;

namespace {

/** What a borrower does with a view: takes it into its own layout, shown, its policy changed. */
void borrow(QWidget &borrower, QWidget *view)
{
    borrower.layout()->addWidget(view);
    view->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    view->show();
}

} // namespace

class TestViewLoan : public QObject
{
    Q_OBJECT

private:
    QWidget m_borrower;

private Q_SLOTS:
    void initTestCase() { new QVBoxLayout(&m_borrower); }

    void aStackedPageGoesBackAtItsIndexAndCurrent()
    {
        QStackedWidget stack;
        auto *view = new QLabel(QStringLiteral("view"));
        stack.addWidget(new QLabel(QStringLiteral("home")));
        stack.addWidget(view);
        stack.addWidget(new QLabel(QStringLiteral("other")));
        stack.setCurrentWidget(view);
        view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
        stack.show();
        {
            ViewLoan loan(view);
            QVERIFY(!loan.wasParentless());
            borrow(m_borrower, view);
            QCOMPARE(view->parentWidget(), &m_borrower);
            QCOMPARE(stack.count(), 2);
        } // the loan ends: given back
        QCOMPARE(view->parentWidget(), &stack);
        QCOMPARE(stack.indexOf(view), 1);
        QCOMPARE(stack.currentWidget(), view);
        QCOMPARE(view->sizePolicy(), QSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum));
        QVERIFY(view->isVisible());
        QCOMPARE(m_borrower.layout()->count(), 0);
    }

    void aPageNotShownStaysHidden()
    {
        QStackedWidget stack;
        auto *view = new QLabel(QStringLiteral("view"));
        stack.addWidget(new QLabel(QStringLiteral("home")));
        stack.addWidget(view);
        stack.show();
        ViewLoan loan(view);
        borrow(m_borrower, view);
        loan.giveBack();
        QVERIFY(!loan.isOut());
        QCOMPARE(stack.indexOf(view), 1);
        QCOMPARE(stack.currentIndex(), 0);
        QVERIFY(view->isHidden());
        loan.giveBack(); // once only
        QCOMPARE(stack.count(), 2);
    }

    void aBoxKeepsItsIndexStretchAndAlignment()
    {
        QWidget host;
        auto *box = new QVBoxLayout(&host);
        auto *view = new QLabel(QStringLiteral("view"));
        box->addWidget(new QLabel(QStringLiteral("above")));
        box->addWidget(view, 3, Qt::AlignRight);
        box->addWidget(new QLabel(QStringLiteral("below")));
        host.show();
        {
            ViewLoan loan(view);
            borrow(m_borrower, view);
            QCOMPARE(box->count(), 2);
        }
        QCOMPARE(box->indexOf(view), 1);
        QCOMPARE(box->stretch(1), 3);
        QCOMPARE(box->itemAt(1)->alignment(), Qt::AlignRight);
        QVERIFY(view->isVisible());
    }

    void aGridKeepsItsCell()
    {
        QWidget host;
        auto *grid = new QGridLayout(&host);
        auto *view = new QLabel(QStringLiteral("view"));
        grid->addWidget(new QLabel(QStringLiteral("corner")), 0, 0);
        grid->addWidget(view, 1, 0, 2, 3);
        {
            ViewLoan loan(view);
            borrow(m_borrower, view);
        }
        int row = 0, column = 0, rowSpan = 0, columnSpan = 0;
        grid->getItemPosition(grid->indexOf(view), &row, &column, &rowSpan, &columnSpan);
        QCOMPARE(QList<int>({row, column, rowSpan, columnSpan}), QList<int>({1, 0, 2, 3}));
    }

    void aSplitterKeepsItsIndex()
    {
        QSplitter splitter;
        auto *view = new QLabel(QStringLiteral("view"));
        splitter.addWidget(view);
        splitter.addWidget(new QLabel(QStringLiteral("right")));
        {
            ViewLoan loan(view);
            borrow(m_borrower, view);
            QCOMPARE(splitter.count(), 1);
        }
        QCOMPARE(splitter.indexOf(view), 0);
    }

    void aHostGoneLeavesItParentless()
    {
        auto host = std::make_unique<QWidget>();
        auto *layout = new QVBoxLayout(host.get());
        auto *view = new QLabel(QStringLiteral("view"));
        layout->addWidget(view);
        host->show();
        ViewLoan loan(view);
        borrow(m_borrower, view);
        host.reset(); // the main window closed while the view was out
        loan.giveBack();
        QCOMPARE(view->parentWidget(), nullptr);
        QVERIFY(view->isHidden()); // never a window of its own
        delete view;
    }

    void aViewNobodyHostedGoesBackToNobody()
    {
        auto view = std::make_unique<QLabel>(QStringLiteral("view"));
        ViewLoan loan(view.get());
        QVERIFY(loan.wasParentless());
        borrow(m_borrower, view.get());
        loan.giveBack();
        QCOMPARE(view->parentWidget(), nullptr);
        QVERIFY(view->isHidden());
        QCOMPARE(m_borrower.layout()->count(), 0);
    }

    void aViewDeletedMeanwhileIsNoTrouble()
    {
        QWidget host;
        auto *layout = new QVBoxLayout(&host);
        auto *view = new QLabel(QStringLiteral("view"));
        layout->addWidget(view);
        ViewLoan loan(view);
        delete view;
        loan.giveBack();
        QCOMPARE(loan.view(), nullptr);
    }
};

QTEST_MAIN(TestViewLoan)
#include "tst_viewloan.moc"
