// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/lessons.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestLessonsLoader : public QObject
{
    Q_OBJECT

private slots:
    void titlesAndIntrosComeFromTheFile()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("04_import_time_bug.py")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# Metaclass bugs fire\n# at import time.\n\nclass A:\n    pass\n");
        file.close();
        QFile other(dir.filePath(QStringLiteral("01_person.py")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("class P: pass\n");
        other.close();

        const QList<Kit::Lesson> lessons = Kit::loadLessons(dir.path());
        QCOMPARE(lessons.size(), 2);
        QCOMPARE(lessons.at(0).title, QStringLiteral("Person"));
        QCOMPARE(lessons.at(0).intro, QString());
        QCOMPARE(lessons.at(1).title, QStringLiteral("Import time bug"));
        QCOMPARE(lessons.at(1).intro, QStringLiteral("Metaclass bugs fire at import time."));
        QVERIFY(lessons.at(1).source.startsWith("# Metaclass"));
    }

    void unreadableLessonIsNamed()
    {
        QString error;
        QVERIFY(!Kit::Lesson::load(QStringLiteral("/nonexistent/01_x.py"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/01_x.py")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestLessonsLoader)
#include "tst_lessonsloader.moc"
