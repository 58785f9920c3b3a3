// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// fitText: words on a presenter's stage set smaller, to a floor, until they fit their box.

#include <kit/fittext.h>
#include <kit/stage.h>

#include <QFontInfo>
#include <QLabel>
#include <QScrollArea>
#include <QTest>
#include <QVBoxLayout>

using namespace Kit;

namespace {

const QString Words = QStringLiteral(
    "Turnaround of the finished videos only (219 unfinished at the end, counted over the whole "
    "run with its warm-up, are not in it): median 14.9, p95 224.5, p99 247.6 min.");

} // namespace

class TestFitText : public QObject
{
    Q_OBJECT

private slots:
    void setsTheLargestSizeThatFits_data()
    {
        QTest::addColumn<int>("lines"); // the box's height, in lines of the inherited font
        QTest::addColumn<bool>("fits");
        QTest::addColumn<bool>("smaller");
        QTest::newRow("room to spare: as it is") << 20 << true << false;
        QTest::newRow("a little short: smaller") << 4 << true << true;
        QTest::newRow("far too short: the floor, and says so") << 1 << false << true;
    }

    void setsTheLargestSizeThatFits()
    {
        QFETCH(int, lines);
        QFETCH(bool, fits);
        QFETCH(bool, smaller);
        QWidget parent;
        QFont big = parent.font();
        big.setPixelSize(28);
        parent.setFont(big);
        auto *label = new QLabel(Words, &parent);
        label->setWordWrap(true);
        const int width = QFontMetrics(big).averageCharWidth() * 40;
        const QSize room(width, QFontMetrics(big).lineSpacing() * lines);
        QCOMPARE(fitText(label, room), fits);
        const int pixels = QFontInfo(label->font()).pixelSize();
        QCOMPARE(pixels < 28, smaller);
        QVERIFY(pixels >= int(28 * 0.7));
        if (fits)
            QVERIFY(textHeight(label, label->font(), width) <= room.height());
        if (smaller && fits) {
            // The largest that fits: one pixel more does not.
            QFont larger = label->font();
            larger.setPixelSize(pixels + 1);
            QVERIFY(textHeight(label, larger, width) > room.height());
        }
        unfitText(label);
        QCOMPARE(QFontInfo(label->font()).pixelSize(), 28);
    }

    void fittedOnlyOnTheStage()
    {
        // In the main window the words keep their size and scroll; staged, they fit the box.
        QWidget view;
        auto *column = new QVBoxLayout(&view);
        auto *scroll = new QScrollArea;
        auto *label = new QLabel(Words + QLatin1Char(' ') + Words);
        label->setWordWrap(true);
        scroll->setWidget(label);
        scroll->setWidgetResizable(true);
        column->addWidget(scroll);
        fitOnStage(label, scroll->viewport());
        view.resize(300, 120);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int own = QFontInfo(label->font()).pixelSize();
        refitOnStage(label);
        QCOMPARE(QFontInfo(label->font()).pixelSize(), own);
        setStaged(&view, true);
        QTRY_VERIFY(QFontInfo(label->font()).pixelSize() < own);
        setStaged(&view, false);
        QTRY_COMPARE(QFontInfo(label->font()).pixelSize(), own);
    }
};

QTEST_MAIN(TestFitText)
#include "tst_fittext.moc"
