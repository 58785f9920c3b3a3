// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <scheduler/codec.h>

#include <QRandomGenerator>
#include <QTest>

using namespace Scheduler;

Q_DECLARE_METATYPE(Codec::Message)

class TestCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips_data()
    {
        QTest::addColumn<Codec::Message>("message");
        QTest::newRow("task") << Codec::Message(
            Codec::Task{42, Codec::TaskKind::Io, 1500, 123456789012ULL});
        QTest::newRow("result") << Codec::Message(Codec::Result{7, 0xDEADBEEFULL, 100, 200, 50});
        QTest::newRow("ready") << Codec::Message(Codec::Ready{123456789});
        QTest::newRow("no events") << Codec::Message(Codec::Events{});
        QTest::newRow("events") << Codec::Message(
            Codec::Events{{{10, 0, WorkerState::Running, EventFlag::TaskStart, 1, -1},
                           {20, 0, WorkerState::WaitingLock, EventFlag::HoldsLock, -1, 3}}});
        QTest::newRow("quit") << Codec::Message(Codec::Quit{});
    }

    void roundTrips()
    {
        QFETCH(Codec::Message, message);
        const QByteArray frame = Codec::encode(message);
        const Codec::Decoded d = Codec::decode(frame + QByteArray("trailing"));
        QCOMPARE(d.status, Codec::Decoded::Status::Ok);
        QCOMPARE(d.consumed, frame.size());
        QCOMPARE(d.message.index(), message.index());
        QCOMPARE(Codec::encode(d.message), frame); // nothing lost on the way
    }

    void eventsKeepTheirCoreAndFlags()
    {
        const WorkerEvent sent{123, 0, WorkerState::WaitingGil, EventFlag::HoldsLock, 7, 2};
        const Codec::Decoded d = Codec::decode(Codec::encode(Codec::Events{{sent}}));
        QCOMPARE(d.status, Codec::Decoded::Status::Ok);
        QCOMPARE(std::get<Codec::Events>(d.message).events.front(), sent);
    }

    void everyPrefixNeedsMore()
    {
        const QByteArray frame = Codec::encode(Codec::Events{
            {{1, 0, WorkerState::Running, 0, 0, -1}, {2, 0, WorkerState::Done, 0, 0, -1}}});
        for (qsizetype n = 0; n < frame.size(); ++n)
            QCOMPARE(Codec::decode(frame.left(n)).status, Codec::Decoded::Status::NeedMore);
    }

    void badFramesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("reason");
        auto frame = [](std::uint32_t length, const QByteArray &rest) {
            return QByteArray(reinterpret_cast<const char *>(&length), 4) + rest;
        };
        QTest::newRow("zero length") << frame(0, {}) << QStringLiteral("outside");
        QTest::newRow("huge length") << frame(Codec::MaxFrame + 1, {}) << QStringLiteral("outside");
        QTest::newRow("unknown type")
            << frame(1, QByteArray(1, char(99))) << QStringLiteral("type 99");
        QTest::newRow("short task")
            << frame(3, QByteArray("\x01\x00\x00", 3)) << QStringLiteral("does not fit");
        QTest::newRow("lying event count")
            << frame(5, QByteArray("\x04\xff\xff\xff\x7f", 5)) << QStringLiteral("events");
        QByteArray badKind = Codec::encode(Codec::Task{1, Codec::TaskKind::Cpu, 0, 0});
        badKind[9] = char(9);
        QTest::newRow("unknown task kind") << badKind << QStringLiteral("kind 9");
        QByteArray badFlags = Codec::encode(Codec::Events{{{1, 0, WorkerState::Idle, 0, 0, -1}}});
        badFlags[4 + 1 + 4 + 8 + 1] = char(0x80); // length, type, count, time, state: then flags
        QTest::newRow("unknown event flags") << badFlags << QStringLiteral("flags 128");
    }

    void badFramesAreRefusedWithAReason()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, reason);
        const Codec::Decoded d = Codec::decode(frame);
        QCOMPARE(d.status, Codec::Decoded::Status::Error);
        QVERIFY2(d.error.contains(reason), qPrintable(d.error));
    }

    // A fuzz test: random bytes and mutated real frames never crash the decoder or make it read
    // past what it was given (the sanitizer builds check the second part).
    void survivesRandomAndMutatedFrames()
    {
        QRandomGenerator random(20261125);
        const QList<QByteArray> seeds{
            Codec::encode(Codec::Task{1, Codec::TaskKind::Dict, 5, 6}),
            Codec::encode(Codec::Result{1, 2, 3, 4, 5}),
            Codec::encode(Codec::Events{{{1, 0, WorkerState::Idle, 0, 0, -1}}}),
        };
        int ok = 0;
        for (int i = 0; i < 50000; ++i) {
            QByteArray bytes;
            if (i % 2 == 0) {
                bytes.resize(qsizetype(random.bounded(64)));
                for (char &c : bytes)
                    c = char(random.bounded(256));
            } else {
                bytes = seeds.at(i % seeds.size());
                const int flips = 1 + int(random.bounded(4));
                for (int f = 0; f < flips; ++f)
                    bytes[qsizetype(random.bounded(int(bytes.size())))] = char(random.bounded(256));
                bytes.truncate(qsizetype(random.bounded(int(bytes.size()) + 1)));
            }
            const Codec::Decoded d = Codec::decode(bytes);
            if (d.status == Codec::Decoded::Status::Ok) {
                QVERIFY(d.consumed <= bytes.size());
                ++ok;
            }
        }
        QVERIFY(ok > 0); // some mutations are still valid frames, and those decode
    }
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
