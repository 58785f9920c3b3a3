// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The tracer against programs of the team's own, one per kind of miss the issue tracker found:
// each program's header says which steps must appear (in order, at which line, with which
// details) and how many of a kind; its output must equal python3's, byte for byte. Then the
// processes a program starts: none outlives its run, however the run ends, and a fork loop is
// stopped by the run's process limit.

#include "../support/tracedrun.h"

#include <pyrunner/runnerclient.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {

const QString Programs = QStringLiteral(CURTAIN_TEST_DATA_DIR "/classforge/fidelity");

struct Expectation
{
    bool count = false; // "# count:" (else "# expect:")
    QString kind;
    QString cls;
    int number = 0; // the line, or the count
    QList<std::pair<QString, QString>> details;
    QString text;
};

QList<Expectation> expectationsOf(const QByteArray &source)
{
    static const QRegularExpression pattern(
        QStringLiteral("^# (expect|count): (\\S+) (\\S+) (\\d+)(.*)$"));
    QList<Expectation> list;
    for (const QByteArray &raw : source.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        const QRegularExpressionMatch m = pattern.match(line);
        if (!m.hasMatch())
            continue;
        Expectation e{m.captured(1) == QLatin1String("count"),
                      m.captured(2),
                      m.captured(3),
                      m.captured(4).toInt(),
                      {},
                      line};
        for (const QString &pair : m.captured(5).split(QLatin1Char(' '), Qt::SkipEmptyParts))
            e.details.append(
                {pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1)});
        list.append(e);
    }
    return list;
}

/** A detail as the expectations write it: nested keys with dots ("raised.type"), a list as its
 *  items (or their names) joined with commas, booleans as true/false. */
QString detailText(const QJsonObject &detail, const QString &path)
{
    QJsonValue v = detail;
    for (const QString &key : path.split(QLatin1Char('.'))) {
        if (v.isArray()) { // a key of each item: "changes.by" is every change's "by"
            QJsonArray each;
            for (const QJsonValue &item : v.toArray())
                each.append(item.toObject().value(key));
            v = each;
        } else {
            v = v.toObject().value(key);
        }
    }
    if (v.isUndefined())
        return QStringLiteral("<absent>");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray()) {
        QStringList items;
        for (const QJsonValue &item : v.toArray())
            items.append(item.isObject() ? item.toObject().value(QStringLiteral("name")).toString()
                                         : item.toVariant().toString());
        return items.join(QLatin1Char(','));
    }
    return v.toVariant().toString();
}

bool matches(const RunStep &step, const Expectation &e, bool withLine)
{
    if (step.kind != e.kind || step.className != e.cls || (withLine && step.line != e.number))
        return false;
    for (const auto &[key, value] : e.details) {
        // "key~=item": the list (or text) holds ITEM; "key=value": exactly.
        if (key.endsWith(QLatin1Char('~'))) {
            const QString text = detailText(step.detail, key.chopped(1));
            if (!text.split(QLatin1Char(',')).contains(value) && !text.contains(value))
                return false;
        } else if (detailText(step.detail, key) != value) {
            return false;
        }
    }
    return true;
}

bool alive(pid_t pid)
{
    if (::kill(pid, 0) != 0)
        return false;
    // A zombie is dead for this purpose: it runs nothing.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) != "Z";
}

} // namespace

class TestClassTracer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyRunner::RunnerClient> m_client;
    QTemporaryDir m_dir;

    TracedRun trace(const QByteArray &source, const QString &filename, int timeoutMs = 5000)
    {
        PyRunner::RunRequest request;
        request.source = source;
        request.filename = filename;
        request.timeoutMs = timeoutMs;
        return TracedRun(m_client->runAndWait(request));
    }

private slots:
    void initTestCase()
    {
        m_client = std::make_unique<PyRunner::RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
    }
    void cleanupTestCase() { m_client.reset(); }

    void everyClassIsSeenAndNothingInvented_data()
    {
        QTest::addColumn<QString>("program");
        for (const QString &name : QDir(Programs).entryList({QStringLiteral("*.py")}, QDir::Files))
            QTest::newRow(qPrintable(name)) << name;
    }

    void everyClassIsSeenAndNothingInvented()
    {
        QFETCH(QString, program);
        const QString path = Programs + QLatin1Char('/') + program;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray source = file.readAll();
        const TracedRun t = trace(source, path);
        QVERIFY2(
            !t.error,
            qPrintable(
                t.errorType() + QStringLiteral(": ")
                + t.error.value_or(QJsonObject()).value(QStringLiteral("message")).toString()));
        // Every key a step's detail carries is in the protocol's vocabulary.
        for (const RunStep &step : t.steps) {
            for (const QString &key : step.detail.keys()) {
                const bool known
                    = std::any_of(Protocol::StepDetailKeys.begin(),
                                  Protocol::StepDetailKeys.end(),
                                  [&](const char *k) { return key == QLatin1String(k); });
                QVERIFY2(known, qPrintable(step.kind + QStringLiteral(": ") + key));
            }
        }
        int position = 0;
        const QList<Expectation> expectations = expectationsOf(source);
        QVERIFY(!expectations.isEmpty());
        for (const Expectation &e : expectations) {
            if (e.count) {
                int n = 0;
                for (const RunStep &step : t.steps)
                    n += matches(step, e, false);
                QVERIFY2(n == e.number, qPrintable(e.text + QStringLiteral(" — found %1").arg(n)));
                continue;
            }
            while (position < t.steps.size() && !matches(t.steps.at(position), e, true))
                ++position;
            QVERIFY2(position < t.steps.size(),
                     qPrintable(e.text + QStringLiteral(" — not found in order")));
            ++position;
        }
        // The program behaves exactly as under python3.
        QProcess python;
        python.setWorkingDirectory(Programs);
        python.start(QStringLiteral("/usr/bin/python3"), {path});
        QVERIFY(python.waitForFinished(30000));
        QCOMPARE(t.stdoutText, QString::fromUtf8(python.readAllStandardOutput()));
    }

    // A program starts children that sleep, writes their pids down, then ends one of three ways.
    void noProcessOfARunSurvivesIt_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QString>("ending");
        for (const char *how : {"fork", "multiprocessing", "subprocess"}) {
            for (const char *ending : {"normal", "timeout", "crash"})
                QTest::addRow("%s, %s", how, ending)
                    << QString::fromLatin1(how) << QString::fromLatin1(ending);
        }
    }

    void noProcessOfARunSurvivesIt()
    {
        QFETCH(QString, how);
        QFETCH(QString, ending);
        const QString pids = m_dir.filePath(QStringLiteral("pids-%1-%2").arg(how, ending));
        QByteArray source = R"(
import os, sys, time, subprocess, multiprocessing

def sleeper():
    time.sleep(30)

kids = []
for i in range(3):
    if HOW == "fork":
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        kids.append(pid)
    elif HOW == "multiprocessing":
        # A daemon: python3 itself would wait for any other child at exit.
        p = multiprocessing.get_context("fork").Process(target=sleeper, daemon=True)
        p.start()
        kids.append(p.pid)
    else:
        kids.append(subprocess.Popen(["sleep", "30"]).pid)
with open(PIDS, "w") as f:
    f.write(" ".join(map(str, kids)))
if ENDING == "timeout":
    while True:
        pass
if ENDING == "crash":
    os.abort()
print("ends")
)";
        source.prepend(QStringLiteral("HOW = %1\nENDING = %2\nPIDS = %3\n")
                           .arg(QLatin1Char('"') + how + QLatin1Char('"'),
                                QLatin1Char('"') + ending + QLatin1Char('"'),
                                QLatin1Char('"') + pids + QLatin1Char('"'))
                           .toUtf8());
        const TracedRun t = trace(source, m_dir.filePath(QStringLiteral("children.py")), 1500);
        if (ending == QLatin1String("normal"))
            QVERIFY2(!t.error, qPrintable(t.errorType()));
        else if (ending == QLatin1String("timeout"))
            QCOMPARE(t.errorType(), QStringLiteral("Timeout"));
        else
            QCOMPARE(t.errorType(), QStringLiteral("RunnerCrashed"));
        QFile file(pids);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> list = file.readAll().split(' ');
        QCOMPARE(list.size(), 3);
        for (const QByteArray &pid : list) {
            // Killed with the run; give the kernel a moment to finish them off.
            QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid_t(pid.toInt())), pid.constData(), 2000);
        }
    }

    void aForkLoopIsStoppedByTheProcessLimit()
    {
        const TracedRun t = trace(R"(
import os, time
try:
    while True:
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
except OSError:
    print("a fork was refused")
)",
                                  m_dir.filePath(QStringLiteral("forks.py")));
        // With a pids cgroup the forks past the limit fail and the program goes on; without one
        // the runner stops the run. Either way a step says so.
        bool said = false;
        for (const RunStep &step : t.steps)
            said |= step.kind == QLatin1String("process_limit")
                    || (step.kind == QLatin1String("error")
                        && step.text("type") == QLatin1String("ProcessLimit"));
        QVERIFY(said);
        QVERIFY(!t.steps.last().detail.isEmpty());
    }

    void aForkedChildSaysWhatItDid_data()
    {
        QTest::addColumn<QString>("child");
        QTest::addColumn<bool>("reported");
        QTest::addColumn<QString>("ended");
        QTest::addColumn<QString>("classes");
        QTest::addColumn<QString>("instances");
        QTest::addColumn<QString>("printed");
        QTest::newRow("os._exit") << "print('in the child')\n    A()\n    os._exit(3)" << true
                                  << "os._exit"
                                  << ""
                                  << "A"
                                  << "in the child\n";
        QTest::newRow("an error") << "class B(A): pass\n    raise ValueError('boom')" << true
                                  << "error"
                                  << "B"
                                  << ""
                                  << "";
        QTest::newRow("to the end") << "pass" << true << "end"
                                    << ""
                                    << ""
                                    << "parent\n";
        QTest::newRow("still running") << "time.sleep(30)" << false << ""
                                       << ""
                                       << ""
                                       << "";
    }

    void aForkedChildSaysWhatItDid()
    {
        QFETCH(QString, child);
        QFETCH(bool, reported);
        QFETCH(QString, ended);
        QFETCH(QString, classes);
        QFETCH(QString, instances);
        QFETCH(QString, printed);
        const QString program
            = QStringLiteral("import os, time\n"
                             "class A:\n"
                             "    pass\n"
                             "pid = os.fork()\n"
                             "if pid == 0:\n"
                             "    %1\n"
                             "elif %2:\n"
                             "    os.waitpid(pid, 0)\n"
                             "print('parent')\n")
                  .arg(child, reported ? QStringLiteral("True") : QStringLiteral("False"));
        const TracedRun t = trace(program.toUtf8(), m_dir.filePath(QStringLiteral("fork.py")));
        // The parent's own, then what the child printed (python3 shows both; their order on a
        // terminal is the scheduler's).
        QCOMPARE(t.stdoutText, QStringLiteral("parent\n") + (reported ? printed : QString()));
        int forks = 0;
        for (const RunStep &step : t.steps) {
            if (step.kind != QLatin1String("forked"))
                continue;
            ++forks;
            QCOMPARE(step.line, 4);
            const QJsonObject c = step.detail.value(QStringLiteral("child")).toObject();
            QCOMPARE(c.value(QStringLiteral("reported")).toBool(), reported);
            QCOMPARE(c.value(QStringLiteral("pid")).toInteger(reported ? -1 : 0),
                     reported ? step.detail.value(QStringLiteral("pid")).toInteger() : 0);
            QCOMPARE(c.value(QStringLiteral("ended")).toString(), ended);
            const auto joined = [&](const char *key) {
                QStringList list;
                for (const QJsonValue v : c.value(QLatin1String(key)).toArray())
                    list.append(v.toString());
                return list.join(QLatin1Char(','));
            };
            QCOMPARE(joined("classes"), classes);
            QCOMPARE(joined("instances"), instances);
            QCOMPARE(c.value(QStringLiteral("stdout")).toString(), printed);
        }
        QCOMPARE(forks, 1); // the child's own steps are its own: none is the parent's
    }

    void sysExecutableIsPython()
    {
        const TracedRun t = trace(
            "import sys, os\nprint(os.path.basename(sys.executable).startswith('python3'))\n",
            m_dir.filePath(QStringLiteral("exe.py")));
        QCOMPARE(t.stdoutText, QStringLiteral("True\n"));
    }

    void eachStepKnowsTheOutputSoFar()
    {
        const TracedRun t
            = trace("print('a')\nclass A:\n    pass\nimport sys\nprint('bb', file=sys.stderr)\n"
                    "print('cc')\nclass B:\n    pass\nprint('end')\n",
                    QStringLiteral("output.py"));
        QVERIFY(!t.error);
        QHash<QString, const RunStep *> created;
        for (const RunStep &step : t.steps) {
            if (step.kind == QLatin1String("class_created"))
                created.insert(step.className, &step);
        }
        QCOMPARE(created.value(QStringLiteral("A"))->stdoutChars, 2);
        QCOMPARE(created.value(QStringLiteral("A"))->stderrChars, 0);
        QCOMPARE(created.value(QStringLiteral("B"))->stdoutChars, 5);
        QCOMPARE(created.value(QStringLiteral("B"))->stderrChars, 3);
        QCOMPARE(t.stdoutText, QStringLiteral("a\ncc\nend\n"));
    }
};

QTEST_GUILESS_MAIN(TestClassTracer)
#include "tst_classtracer.moc"
