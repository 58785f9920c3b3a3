// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The runs' table: its cells for people and for a file, and Export Numbers' CSV, read back by an
// RFC 4180 reader whatever a learner named their program.

#include <scheduler/runtable.h>

#include <QTest>

using namespace Scheduler;

namespace {

/** Reads an RFC 4180 document: records of fields, quotes undone. *ERROR says what is wrong. */
QList<QStringList> readCsv(const QString &text, QString *error)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (quoted) {
            if (c != QLatin1Char('"')) {
                field += c;
            } else if (next == QLatin1Char('"')) {
                field += c;
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record.append(std::exchange(field, {}));
        } else if (c == QLatin1Char('\r') && next == QLatin1Char('\n')) {
            record.append(std::exchange(field, {}));
            records.append(std::exchange(record, {}));
            ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            *error = QStringLiteral("an unquoted %1 at %2").arg(c.unicode()).arg(i);
            return {};
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !record.isEmpty())
        *error = QStringLiteral("the document does not end with a whole record and CRLF");
    return records;
}

RunRecord modelRun(Model model)
{
    RunRecord r;
    r.options.model = model;
    r.options.workload = Workload::Cpu;
    r.options.workers = 2;
    r.options.taskMs = 5;
    r.options.switchIntervalMs = 5;
    r.tasks = 8;
    r.completed = 8;
    r.wallMs = 40.04;
    r.cpuMs = 79.5;
    r.throughput = 200;
    r.gilHandoffs = 7;
    r.gilWaitMs = 12.25;
    return r;
}

int column(const QString &id)
{
    const std::vector<RunColumn> &columns = RunTable::columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].id == id)
            return int(i);
    }
    return -1;
}

} // namespace

class TestRunTable : public QObject
{
    Q_OBJECT

private slots:
    void everyRunHasACellPerColumn()
    {
        for (const Model m : {Model::Threads, Model::Gil, Model::Processes, Model::Coroutines}) {
            for (const bool forPeople : {true, false})
                QCOMPARE(RunTable::cells(modelRun(m), forPeople).size(),
                         qsizetype(RunTable::columns().size()));
        }
        QSet<QString> ids;
        for (const RunColumn &c : RunTable::columns()) {
            QVERIFY(!c.title.isEmpty());
            QVERIFY2(!ids.contains(c.id), qPrintable(c.id));
            ids.insert(c.id);
        }
    }

    void wordsForPeopleIdsForAFile()
    {
        const RunRecord r = modelRun(Model::Gil);
        const QStringList people = RunTable::cells(r, true);
        const QStringList file = RunTable::cells(r, false);
        QCOMPARE(people.at(column(QStringLiteral("model"))), QStringLiteral("threads under a GIL"));
        QCOMPARE(file.at(column(QStringLiteral("model"))), QStringLiteral("gil"));
        QCOMPARE(file.at(column(QStringLiteral("workload"))), QStringLiteral("cpu"));
        QCOMPARE(file.at(column(QStringLiteral("wall_ms"))), QStringLiteral("40.0"));
        QCOMPARE(file.at(column(QStringLiteral("gil_handoffs"))), QStringLiteral("7"));
        // What does not apply (no spawning without processes) is a dash for people, empty in a
        // file.
        QCOMPARE(people.at(column(QStringLiteral("spawn_ms"))), QStringLiteral("–"));
        QCOMPARE(file.at(column(QStringLiteral("spawn_ms"))), QString());
        const QStringList threads = RunTable::cells(modelRun(Model::Threads), false);
        QCOMPARE(threads.at(column(QStringLiteral("gil_wait_ms"))), QString());
    }

    void csvReadsBackWhateverTheProgramIsCalled_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("plain") << QStringLiteral("01_two_threads_computing.py in CPython 3.11");
        QTest::newRow("comma") << QStringLiteral("fetch, then parse.py in CPython 3.11");
        QTest::newRow("quotes") << QStringLiteral("the \"fast\" one.py in CPython 3.11");
        QTest::newRow("newline") << QStringLiteral("two\nlines.py in CPython 3.11");
        QTest::newRow("crlf") << QStringLiteral("dos\r\nname.py");
        QTest::newRow("all of them") << QStringLiteral("\"a\",\r\nb\"\n,c\"");
        QTest::newRow("starts with a quote") << QStringLiteral("\"quoted\".py");
        QTest::newRow("not ascii") << QStringLiteral("fils_d'exécution–😀.py");
    }

    void csvReadsBackWhateverTheProgramIsCalled()
    {
        QFETCH(QString, program);
        RunRecord python = modelRun(Model::Gil);
        python.program = program;
        const std::vector<RunRecord> runs{modelRun(Model::Threads), python, modelRun(Model::Gil)};
        const QByteArray bytes = RunTable::csv(runs);
        QVERIFY(bytes.endsWith("\r\n"));
        QString error;
        const QList<QStringList> records = readCsv(QString::fromUtf8(bytes), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(records.size(), 1 + qsizetype(runs.size()));
        QStringList ids;
        for (const RunColumn &c : RunTable::columns())
            ids.append(c.id);
        QCOMPARE(records.at(0), ids);
        for (std::size_t i = 0; i < runs.size(); ++i)
            QCOMPARE(records.at(qsizetype(i) + 1), RunTable::cells(runs[i], false));
        QCOMPARE(records.at(2).at(column(QStringLiteral("model"))), program);
        QCOMPARE(records.at(2).at(column(QStringLiteral("workload"))), QStringLiteral("python"));
    }

    void noRunsIsTheHeaderAlone()
    {
        QString error;
        const QList<QStringList> records = readCsv(QString::fromUtf8(RunTable::csv({})), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.front().size(), qsizetype(RunTable::columns().size()));
    }
};

QTEST_GUILESS_MAIN(TestRunTable)
#include "tst_runtable.moc"
