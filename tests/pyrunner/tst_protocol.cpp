// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The runner's protocol: every id names one value and comes back as it, requests and answers
// survive the trip through their JSON unchanged.

#include <protocol/protocol.h>
#include <pyrunner/runrequest.h>
#include <pyrunner/runresult.h>

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace PyRunner;
using namespace Protocol;

class TestProtocol : public QObject
{
    Q_OBJECT

private slots:
    void everyStepKindRoundTrips()
    {
        QSet<QString> seen;
        for (int i = 0; i < StepKindCount; ++i) {
            const auto kind = StepKind(i);
            const QString id = QLatin1String(stepKindId(kind));
            QVERIFY2(!id.isEmpty() && !seen.contains(id), qPrintable(id));
            seen.insert(id);
            QCOMPARE(stepKindFromId(id), std::optional<StepKind>(kind));
        }
        QCOMPARE(StepKindCount, int(StepKind::Error) + 1);
        QVERIFY(!stepKindFromId(u"no_such_kind"));
        QVERIFY(!stepKindFromId(u""));
    }

    void everyLaneStateRoundTrips()
    {
        QSet<QString> seen;
        for (int i = 0; i < LaneStateCount; ++i) {
            const auto state = LaneState(i);
            const QString id = QLatin1String(laneStateId(state));
            QVERIFY2(!id.isEmpty() && !seen.contains(id), qPrintable(id));
            seen.insert(id);
            QCOMPARE(laneStateFromId(id), std::optional<LaneState>(state));
        }
        QCOMPARE(LaneStateCount, int(LaneState::Stalled) + 1);
        QVERIFY(!laneStateFromId(u"Running")); // ids are exact
    }

    void everyProcessStartRoundTrips()
    {
        QSet<QString> seen;
        for (int i = 0; i < ProcessStartCount; ++i) {
            const auto how = ProcessStart(i);
            const QString id = QLatin1String(processStartId(how));
            QVERIFY2(!id.isEmpty() && !seen.contains(id), qPrintable(id));
            seen.insert(id);
            QCOMPARE(processStartFromId(id), std::optional<ProcessStart>(how));
        }
        QCOMPARE(ProcessStartCount, int(ProcessStart::Subprocess) + 1);
        QVERIFY(!processStartFromId(u"Spawn"));
    }

    void threadsKeysAreDistinctInEachObject_data()
    {
        QTest::addColumn<QStringList>("keys");
        auto list = [](const auto &keys) {
            QStringList names;
            for (const char *k : keys)
                names.append(QLatin1String(k));
            return names;
        };
        QTest::newRow("recording") << list(ThreadsKey::RecordingKeys);
        QTest::newRow("lane") << list(ThreadsKey::LaneKeys);
        QTest::newRow("process") << list(ThreadsKey::ProcessKeys);
    }

    void threadsKeysAreDistinctInEachObject()
    {
        // A key written twice in one object would overwrite itself: the reader would see one.
        QFETCH(QStringList, keys);
        QVERIFY(!keys.isEmpty());
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size());
        for (const QString &k : keys)
            QVERIFY2(!k.isEmpty() && k == k.toLower(), qPrintable(k));
    }

    void everyModeRoundTrips()
    {
        for (const Mode mode : {Mode::Classes, Mode::Threads})
            QCOMPARE(modeFromId(QString::fromLatin1(modeId(mode))), std::optional<Mode>(mode));
        QVERIFY(!modeFromId(u"processes"));
    }

    void requestRoundTrips_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("classes") << int(Mode::Classes);
        QTest::newRow("threads") << int(Mode::Threads);
    }

    void requestRoundTrips()
    {
        QFETCH(int, mode);
        RunRequest request;
        request.mode = Mode(mode);
        request.source = QByteArray("print('héllo')\n\0after a NUL\n", 27);
        request.filename = QStringLiteral("/tmp/a file.py");
        request.timeoutMs = 1234;
        request.maxOutputChars = 99;
        request.memoryMb = 256;
        request.env = {{QStringLiteral("WORKERS"), QStringLiteral("3")}};
        request.classes.maxSteps = 70;
        request.classes.keepSteps = 50;
        request.threads.switchIntervalMs = 0.25;
        request.threads.maxChanges = 4321;
        const QJsonObject message = request.toMessage(7);
        QCOMPARE(message.value(key(Key::Id)).toInt(), 7);
        const RunRequest back = RunRequest::fromMessage(message);
        QCOMPARE(int(back.mode), mode);
        QCOMPARE(back.source, request.source);
        QCOMPARE(back.filename, request.filename);
        QCOMPARE(back.timeoutMs, request.timeoutMs);
        QCOMPARE(back.maxOutputChars, request.maxOutputChars);
        QCOMPARE(back.memoryMb, request.memoryMb);
        QCOMPARE(back.env, request.env);
        QCOMPARE(back.classes.maxSteps, request.classes.maxSteps);
        QCOMPARE(back.classes.keepSteps, request.classes.keepSteps);
        QCOMPARE(back.threads.switchIntervalMs, request.threads.switchIntervalMs);
        QCOMPARE(back.threads.maxChanges, request.threads.maxChanges);
    }

    void keptStepsNeverExceedTheLimit()
    {
        RunRequest request;
        request.classes.maxSteps = 10;
        request.classes.keepSteps = 500;
        QCOMPARE(RunRequest::fromMessage(request.toMessage(1)).classes.keepSteps, 10);
    }

    void packedChangesAreTakenOutOfTheAnswer_data()
    {
        QTest::addColumn<int>("records");
        QTest::addColumn<QByteArray>("encoded"); // empty: the records' own base64
        QTest::addColumn<bool>("takenOut");
        QTest::newRow("one record (padded twice)") << 1 << QByteArray() << true;
        QTest::newRow("two records (padded once)") << 2 << QByteArray() << true;
        QTest::newRow("three records (no padding)") << 3 << QByteArray() << true;
        QTest::newRow("not base64: left for the reader") << 1 << QByteArray("AB*D") << false;
        QTest::newRow("cut short: left for the reader") << 1 << QByteArray("ABC") << false;
    }

    void packedChangesAreTakenOutOfTheAnswer()
    {
        QFETCH(int, records);
        QFETCH(QByteArray, encoded);
        QFETCH(bool, takenOut);
        QByteArray bytes(records * qsizetype(PackedChange::Size), '\0');
        for (int i = 0; i < records; ++i) {
            PackedChange c;
            c.t = 1000 * i + 7;
            c.cpuNs = -1;
            c.lane = std::int16_t(i);
            c.state = std::uint8_t(LaneState::WaitingGil);
            c.write(bytes.data() + i * qsizetype(PackedChange::Size));
        }
        const QByteArray text = encoded.isEmpty() ? bytes.toBase64() : encoded;
        // A program that printed the key itself: inside a string its quotes are escaped. The
        // answer's own comes last in "threads".
        const QByteArray line = QByteArray("{\"id\":3,\"stdout\":\"\\\",\\\"changes_packed\\\":")
                                + QByteArray("\\\"AAAA\\\"\",\"threads\":{\"lanes\":[],")
                                + QByteArray("\"changes_packed\":\"") + text + QByteArray("\"}}");
        QByteArray changes;
        const QJsonObject message = RunResult::readAnswer(line, &changes);
        QCOMPARE(message.value(QStringLiteral("id")).toInt(), 3);
        QCOMPARE(message.value(QStringLiteral("stdout")).toString(),
                 QStringLiteral("\",\"changes_packed\":\"AAAA\""));
        const QJsonObject threads = message.value(QStringLiteral("threads")).toObject();
        QVERIFY(threads.contains(QStringLiteral("lanes")));
        QCOMPARE(threads.contains(QStringLiteral("changes_packed")), !takenOut);
        QCOMPARE(changes, takenOut ? bytes : QByteArray());
        if (takenOut)
            QCOMPARE(PackedChange::read(changes.constData()).t, std::int64_t(7));
    }

    void resultRoundTrips()
    {
        RunResult result;
        result.python = QStringLiteral("3.11.2");
        result.steps = QJsonArray{QJsonObject{{key(Key::Kind), QStringLiteral("class_created")}}};
        result.threads = {{QStringLiteral("lanes"), QJsonArray{}}};
        result.stdoutText = QStringLiteral("out\n");
        result.stderrText = QStringLiteral("err\n");
        result.stdoutTruncated = true;
        result.stepsOmitted = 12;
        result.error = QJsonObject{{key(Key::Type), QStringLiteral("ValueError")}};
        const RunResult back = RunResult::fromMessage(result.toMessage());
        QCOMPARE(back.python, result.python);
        QCOMPARE(back.steps, result.steps);
        QCOMPARE(back.threads, result.threads);
        QCOMPARE(back.stdoutText, result.stdoutText);
        QCOMPARE(back.stderrText, result.stderrText);
        QCOMPARE(back.stdoutTruncated, true);
        QCOMPARE(back.stderrTruncated, false);
        QCOMPARE(back.stepsOmitted, qint64(12));
        QCOMPARE(back.errorType(), QStringLiteral("ValueError"));
    }

    void failureEndsWithAnErrorStep()
    {
        const RunResult failed
            = RunResult::failure(QLatin1String(ErrorType::Timeout), QStringLiteral("too long"));
        QCOMPARE(failed.errorType(), QStringLiteral("Timeout"));
        QCOMPARE(failed.steps.size(), 1);
        const QJsonObject step = failed.steps.first().toObject();
        QCOMPARE(stepKindFromId(step.value(key(Key::Kind)).toString()),
                 std::optional<StepKind>(StepKind::Error));
        QCOMPARE(step.value(key(Key::Detail)).toObject().value(key(Key::Message)).toString(),
                 QStringLiteral("too long"));
        QVERIFY(!RunResult().errorType().size());
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
