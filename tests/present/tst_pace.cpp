// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A talk's pacing: the countdown calm, then hurrying in the last fifth (between one and five
// minutes), then over; and how far behind a deck's per-slide targets a talk is.

#include <present/deck.h>
#include <present/pace.h>

#include <QDir>
#include <QTest>

using namespace Present;

namespace {
constexpr qint64 Minute = 60 * 1000;
} // namespace

class TestPace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theCountdownTurnsAmberThenRed_data()
    {
        QTest::addColumn<qint64>("duration");
        QTest::addColumn<qint64>("elapsed");
        QTest::addColumn<int>("level");
        const int calm = int(Pace::Level::Calm);
        const int hurry = int(Pace::Level::Hurry);
        const int over = int(Pace::Level::Over);
        QTest::newRow("30 min, 20 in") << 30 * Minute << 20 * Minute << calm;
        QTest::newRow("30 min, 5 left") << 30 * Minute << 25 * Minute << hurry;
        QTest::newRow("30 min, 6 left") << 30 * Minute << 24 * Minute << calm; // at most 5 min
        QTest::newRow("10 min, 2 left") << 10 * Minute << 8 * Minute << hurry; // its last fifth
        QTest::newRow("3 min, 1 left") << 3 * Minute << 2 * Minute << hurry;   // at least 1 min
        QTest::newRow("at the end") << 30 * Minute << 30 * Minute << hurry;
        QTest::newRow("a second over") << 30 * Minute << 30 * Minute + 1000 << over;
    }

    void theCountdownTurnsAmberThenRed()
    {
        QFETCH(qint64, duration);
        QFETCH(qint64, elapsed);
        QFETCH(int, level);
        QCOMPARE(int(Pace::level(duration, elapsed)), level);
    }

    void behindTheTargetsIsMeasuredPerSlide()
    {
        const Deck deck = Deck::parse(
            QStringLiteral("# A\nTime: 2m\n---\n# B\nTime: 3m\n---\n# C\n"), QDir::tempPath());
        // On B after 2 min on A and 1 on B: on pace.
        QCOMPARE(Pace::behind(deck, 1, 3 * Minute, 1 * Minute), 0);
        // A took 4 min: 2 behind.
        QCOMPARE(Pace::behind(deck, 1, 5 * Minute, 1 * Minute), 2 * Minute);
        // B over its 3 min by 1: 1 behind.
        QCOMPARE(Pace::behind(deck, 1, 6 * Minute, 4 * Minute), 1 * Minute);
        // On C after 4 min in all: 1 ahead.
        QCOMPARE(Pace::behind(deck, 2, 4 * Minute, 0), -1 * Minute);
    }
};

QTEST_MAIN(TestPace)
#include "tst_pace.moc"
