// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/paths.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

using namespace Kit;

class TestLessons : public QObject
{
    Q_OBJECT

private slots:
    void lessonPrintsItsGoldenOutput_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QString>("golden");
        const QDir goldens(QStringLiteral(CURTAIN_TEST_DATA_DIR "/lessons/classforge"));
        const QString lessons = Paths::dataDir(QStringLiteral(CURTAIN_BUILD_BIN_DIR))
                                + QStringLiteral("/lessons/classforge");
        const QStringList files = QDir(lessons).entryList({QStringLiteral("*.py")}, QDir::Files);
        QVERIFY2(files.size() >= 4, qPrintable(lessons));
        for (const QString &file : files) {
            QTest::newRow(qPrintable(file))
                << QDir(lessons).filePath(file)
                << goldens.filePath(QFileInfo(file).completeBaseName() + QStringLiteral(".out"));
        }
    }

    void lessonPrintsItsGoldenOutput()
    {
        QFETCH(QString, lesson);
        QFETCH(QString, golden);
        QFile expected(golden);
        QVERIFY2(expected.open(QIODevice::ReadOnly),
                 qPrintable(golden + QStringLiteral(" is missing")));

        QProcess python;
        python.start(QStringLiteral(CURTAIN_TEST_PYTHON), {QStringLiteral("-I"), lesson});
        QVERIFY(python.waitForFinished(30000));
        QCOMPARE(python.readAllStandardOutput(), expected.readAll());
        // A lesson that ends in an error (import-time bug, metaclass conflict) has a .err golden
        // holding the last line python3 prints.
        QFile expectedError(
            QString(golden).replace(QStringLiteral(".out"), QStringLiteral(".err")));
        const QByteArray stderrText = python.readAllStandardError();
        if (expectedError.open(QIODevice::ReadOnly)) {
            QCOMPARE(python.exitCode(), 1);
            QCOMPARE(stderrText.trimmed().split('\n').last(), expectedError.readAll().trimmed());
        } else {
            QCOMPARE(python.exitCode(), 0);
            QCOMPARE(stderrText, QByteArray());
        }
    }
};

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
