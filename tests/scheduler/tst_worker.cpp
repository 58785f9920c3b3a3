// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// curtain-worker on its own: it does its tasks, and says what is wrong with bad input.

#include <scheduler/codec.h>

#include <QProcess>
#include <QTest>

using namespace Scheduler;

namespace {

struct Outcome
{
    int exitCode = -1;
    QByteArray stdErr;
    QByteArray stdOut;
};

Outcome feed(const QByteArray &input)
{
    QProcess worker;
    worker.start(QStringLiteral(CURTAIN_WORKER), QStringList());
    if (!worker.waitForStarted())
        return {};
    worker.write(input);
    worker.closeWriteChannel();
    worker.waitForFinished(20000);
    return {worker.exitCode(), worker.readAllStandardError(), worker.readAllStandardOutput()};
}

} // namespace

class TestWorker : public QObject
{
    Q_OBJECT

private slots:
    void doesItsTasksAndSendsItsRecording()
    {
        const Outcome o = feed(Codec::encode(Codec::Task{1, Codec::TaskKind::Cpu, 0, 1000})
                               + Codec::encode(Codec::Quit{}));
        QCOMPARE(o.exitCode, 0);
        QByteArray out = o.stdOut;
        QList<int> kinds;
        while (true) {
            const Codec::Decoded d = Codec::decode(out);
            if (d.status != Codec::Decoded::Status::Ok)
                break;
            kinds.append(int(d.message.index()));
            out.remove(0, d.consumed);
        }
        // Ready, the result, the events.
        QCOMPARE(kinds, (QList<int>{2, 1, 3}));
    }

    void badInputIsSaidOnStderr_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("says");
        std::uint32_t huge = Codec::MaxFrame + 1;
        QTest::newRow("bad frame")
            << QByteArray(reinterpret_cast<const char *>(&huge), 4) << QStringLiteral("bad frame");
        QTest::newRow("truncated frame")
            << Codec::encode(Codec::Task{1, Codec::TaskKind::Cpu, 0, 1}).left(7)
            << QStringLiteral("ended inside a frame");
        QTest::newRow("too much work")
            << Codec::encode(Codec::Task{1, Codec::TaskKind::Io, 4000000000u, 0})
            << QStringLiteral("larger than 10 s");
        QTest::newRow("not a task")
            << Codec::encode(Codec::Ready{1}) << QStringLiteral("expected a task");
    }

    void badInputIsSaidOnStderr()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, says);
        const Outcome o = feed(input);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(QString::fromLocal8Bit(o.stdErr).contains(says), o.stdErr.constData());
    }
};

QTEST_GUILESS_MAIN(TestWorker)
#include "tst_worker.moc"
