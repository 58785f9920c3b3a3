// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// CPython 3.11's own tests of the class machinery, run as a learner's program: under
// `curtain trace-class` each module's unittest verdict and test count equal python3's
// (Debian's libpython3.11-testsuite). The tracer does nothing CPython would not do.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

const QString Suite = QStringLiteral("/usr/lib/python3.11/test");

/** "Ran 153 tests" and the verdict line ("OK (skipped=2)") of a unittest run's stderr. */
QString verdict(const QString &stderrText)
{
    const QRegularExpressionMatch ran
        = QRegularExpression(QStringLiteral("Ran \\d+ tests?")).match(stderrText);
    const QStringList lines = stderrText.trimmed().split(QLatin1Char('\n'));
    return (ran.hasMatch() ? ran.captured(0) : QStringLiteral("no tests ran"))
           + QStringLiteral(" / ") + (lines.isEmpty() ? QString() : lines.last().trimmed());
}

} // namespace

class TestCPythonSuite : public QObject
{
    Q_OBJECT

private slots:
    void sameVerdictAsPython_data()
    {
        QTest::addColumn<QString>("module");
        for (const char *m : {"test_subclassinit",
                              "test_super",
                              "test_class",
                              "test_abc",
                              "test_descr",
                              "test_dataclasses",
                              "test_metaclass",
                              "test_enum"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }

    void sameVerdictAsPython()
    {
        QFETCH(QString, module);
        const QString path = Suite + QLatin1Char('/') + module + QStringLiteral(".py");
        if (!QFile::exists(path))
            QSKIP(
                "Debian's libpython3.11-testsuite is not installed (scripts/deps.sh installs it)");
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"), {path});
        QVERIFY(python.waitForFinished(300000));
        const QString expected = verdict(QString::fromUtf8(python.readAllStandardError()));

        QProcess curtain;
        curtain.start(QStringLiteral(CURTAIN_EXECUTABLE),
                      {QStringLiteral("trace-class"),
                       path,
                       QStringLiteral("--timeout"),
                       QStringLiteral("600"),
                       QStringLiteral("--max-steps"),
                       QStringLiteral("100000000"),
                       // A whole test module keeps some 70000 steps: more than a lesson's room.
                       QStringLiteral("--memory"),
                       QStringLiteral("2048")});
        QVERIFY(curtain.waitForFinished(600000));
        QCOMPARE(curtain.exitCode(), 0);
        const QByteArray out = curtain.readAllStandardOutput();
        const QJsonObject trace = QJsonDocument::fromJson(out).object();
        QVERIFY2(!trace.isEmpty(),
                 qPrintable(QStringLiteral("not JSON (%1 bytes): %2")
                                .arg(out.size())
                                .arg(QString::fromUtf8(out.left(300)))));
        // It ran to the end: the module's own SystemExit, not a limit of the tracer's.
        const QJsonObject error = trace.value(QStringLiteral("error")).toObject();
        const QString type = error.value(QStringLiteral("type")).toString();
        QVERIFY2(type.isEmpty() || type == QLatin1String("SystemExit"),
                 qPrintable(type + QStringLiteral(": ")
                            + error.value(QStringLiteral("message")).toString()));
        QCOMPARE(verdict(trace.value(QStringLiteral("stderr")).toString()), expected);
    }
};

QTEST_GUILESS_MAIN(TestCPythonSuite)
#include "tst_cpythonsuite.moc"
