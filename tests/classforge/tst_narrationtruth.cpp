// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What Class Forge says against what happened, step by step, over every lesson and every
// program of the tracer's fidelity tests, as `curtain trace-class` prints it: a call that raised
// is never told as having made something, an instance that was never made is never said to be,
// a folded step's count is the classes it lists, a class's narration names whoever changed it.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

QJsonObject traceOf(const QString &path)
{
    QProcess curtain;
    curtain.start(
        QStringLiteral(CURTAIN_EXECUTABLE),
        {QStringLiteral("trace-class"), QStringLiteral("--timeout"), QStringLiteral("60"), path});
    if (!curtain.waitForFinished(120000))
        return {};
    return QJsonDocument::fromJson(curtain.readAllStandardOutput()).object();
}

QString describe(const QJsonObject &step)
{
    return QStringLiteral("step %1 (%2 %3): %4")
        .arg(step.value(QStringLiteral("index")).toInt())
        .arg(step.value(QStringLiteral("kind")).toString(),
             step.value(QStringLiteral("class")).toString(),
             step.value(QStringLiteral("narration")).toString());
}

} // namespace

class TestNarrationTruth : public QObject
{
    Q_OBJECT

private slots:
    void everySentenceAgreesWithItsStep_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *dir : {CURTAIN_SOURCE_DIR "/resources/lessons/classforge",
                                CURTAIN_TEST_DATA_DIR "/classforge/fidelity"}) {
            const QDir folder(QString::fromUtf8(dir));
            for (const QString &name : folder.entryList({QStringLiteral("*.py")}, QDir::Files))
                QTest::newRow(qPrintable(name)) << folder.filePath(name);
        }
    }

    void everySentenceAgreesWithItsStep()
    {
        QFETCH(QString, path);
        const QJsonObject trace = traceOf(path);
        QVERIFY2(trace.contains(QStringLiteral("steps")), qPrintable(path));
        const QJsonArray steps = trace.value(QStringLiteral("steps")).toArray();
        QVERIFY(!steps.isEmpty());
        for (const QJsonValue &value : steps) {
            const QJsonObject step = value.toObject();
            if (step.value(QStringLiteral("detail"))
                    .toObject()
                    .contains(QStringLiteral("continued_at"))) {
                // A call with steps inside it (a class or an instance it made, a method it
                // called through super()): those steps come between its start and its outcome,
                // which is the same kind of step, and the start claims nothing it did later.
                const int at = step.value(QStringLiteral("detail"))
                                   .toObject()
                                   .value(QStringLiteral("continued_at"))
                                   .toInt();
                const int index = step.value(QStringLiteral("index")).toInt();
                QVERIFY2(at > index + 1 && at < steps.size(), qPrintable(describe(step)));
                const QJsonObject outcome = steps.at(at).toObject();
                QCOMPARE(outcome.value(QStringLiteral("kind")), step.value(QStringLiteral("kind")));
                QCOMPARE(outcome.value(QStringLiteral("detail"))
                             .toObject()
                             .value(QStringLiteral("continues"))
                             .toInt(),
                         index);
                QString narration = step.value(QStringLiteral("narration")).toString();
                QVERIFY2(narration.contains(QLatin1String("comes after them")),
                         qPrintable(describe(step)));
                // What a metaclass __new__ did to the namespace before handing it on is said at
                // its start: it happened then.
                static const QRegularExpression handedOn(
                    QStringLiteral("Before it hands the namespace on, it [^.]*\\."));
                narration.remove(handedOn);
                for (const char *claim : {"makes the new", "makes a new", "adds", "returns the"})
                    QVERIFY2(!narration.contains(QLatin1String(claim)), qPrintable(describe(step)));
            }
            if (step.value(QStringLiteral("detail"))
                    .toObject()
                    .contains(QStringLiteral("received"))) {
                // A decorator working on what the one below returned says so, by name.
                const QString received = step.value(QStringLiteral("detail"))
                                             .toObject()
                                             .value(QStringLiteral("received"))
                                             .toString();
                QVERIFY2(step.value(QStringLiteral("narration")).toString().contains(received),
                         qPrintable(describe(step)));
            }
            const QString kind = step.value(QStringLiteral("kind")).toString();
            const QString narration = step.value(QStringLiteral("narration")).toString();
            const QJsonObject detail = step.value(QStringLiteral("detail")).toObject();
            QVERIFY2(!narration.isEmpty(), qPrintable(describe(step)));
            if (detail.contains(QStringLiteral("raised"))) {
                // A call that raised: the sentence says it raised, and what; it made nothing.
                const QString type = detail.value(QStringLiteral("raised"))
                                         .toObject()
                                         .value(QStringLiteral("type"))
                                         .toString();
                QVERIFY2(narration.contains(QStringLiteral("raised")) && narration.contains(type),
                         qPrintable(describe(step)));
                for (const char *claim : {"makes the new", "builds the class", "fills in"})
                    QVERIFY2(!narration.contains(QLatin1String(claim)), qPrintable(describe(step)));
            }
            if (kind == QLatin1String("instance_new")
                && !detail.value(QStringLiteral("made")).toBool(true)) {
                QVERIFY2(!narration.contains(QStringLiteral("makes the new")),
                         qPrintable(describe(step)));
            }
            if (kind == QLatin1String("library_classes")) {
                int listed = 0;
                for (const QJsonValue &library :
                     detail.value(QStringLiteral("libraries")).toArray())
                    listed += int(
                        library.toObject().value(QStringLiteral("classes")).toArray().size());
                QCOMPARE(detail.value(QStringLiteral("count")).toInt(), listed);
            }
            if (kind == QLatin1String("class_created")) {
                for (const QJsonValue &change : detail.value(QStringLiteral("changes")).toArray()) {
                    const QString by = change.toObject().value(QStringLiteral("by")).toString();
                    if (by != QLatin1String("type.__new__"))
                        QVERIFY2(narration.contains(by), qPrintable(describe(step)));
                }
            }
            if (kind == QLatin1String("decorator") && detail.contains(QStringLiteral("changes"))) {
                // The narration lists what the decorator added (the first twelve, then a count).
                const QJsonArray added = detail.value(QStringLiteral("changes"))
                                             .toObject()
                                             .value(QStringLiteral("added"))
                                             .toArray();
                for (qsizetype i = 0; i < added.size() && i < 12; ++i) {
                    const QString name
                        = added.at(i).toObject().value(QStringLiteral("name")).toString();
                    QVERIFY2(narration.contains(name), qPrintable(describe(step)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestNarrationTruth)
#include "tst_narrationtruth.moc"
