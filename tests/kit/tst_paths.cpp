// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/paths.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;

class TestPaths : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;

    QString makeFile(const QString &relative, QFile::Permissions permissions)
    {
        const QString path = m_root.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n");
        file.close();
        file.setPermissions(permissions);
        return path;
    }

private slots:
    void init()
    {
        qunsetenv("CURTAIN_LIBEXEC_DIR");
        qunsetenv("CURTAIN_DATA_DIR");
    }

    void layoutIsRelativeToTheApp_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::newRow("build tree") << QStringLiteral("build");
        QTest::newRow("installed under /usr") << QStringLiteral("usr");
        QTest::newRow("unpacked tarball") << QStringLiteral("opt/curtain-0.1");
    }

    void layoutIsRelativeToTheApp()
    {
        QFETCH(QString, prefix);
        const QString appDir = m_root.filePath(prefix + QStringLiteral("/bin"));
        QCOMPARE(Paths::libexecDir(appDir),
                 m_root.filePath(prefix + QStringLiteral("/libexec/curtain")));
        QCOMPARE(Paths::dataDir(appDir),
                 m_root.filePath(prefix + QStringLiteral("/share/curtain")));
    }

    void findsAnExecutableHelper()
    {
        const QString helper = makeFile(QStringLiteral("p/libexec/curtain/curtain-runner"),
                                        QFile::ReadOwner | QFile::ExeOwner);
        QString error;
        QCOMPARE(Paths::helperPath(m_root.filePath(QStringLiteral("p/bin")),
                                   QStringLiteral("curtain-runner"),
                                   &error),
                 helper);
        QVERIFY(error.isEmpty());
    }

    void missingHelperSaysWhereItLooked()
    {
        QString error;
        const QString appDir = m_root.filePath(QStringLiteral("q/bin"));
        QVERIFY(Paths::helperPath(appDir, QStringLiteral("curtain-worker"), &error).isEmpty());
        QVERIFY2(
            error.contains(m_root.filePath(QStringLiteral("q/libexec/curtain/curtain-worker"))),
            qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("not found")));
    }

    void nonExecutableHelperIsRefused()
    {
        makeFile(QStringLiteral("r/libexec/curtain/curtain-runner"), QFile::ReadOwner);
        QString error;
        QVERIFY(Paths::helperPath(m_root.filePath(QStringLiteral("r/bin")),
                                  QStringLiteral("curtain-runner"),
                                  &error)
                    .isEmpty());
        QVERIFY2(error.contains(QStringLiteral("not executable")), qPrintable(error));
    }

    void environmentOverridesTheLayout()
    {
        qputenv("CURTAIN_LIBEXEC_DIR",
                m_root.filePath(QStringLiteral("elsewhere/helpers")).toLocal8Bit());
        qputenv("CURTAIN_DATA_DIR",
                m_root.filePath(QStringLiteral("elsewhere/data")).toLocal8Bit());
        QCOMPARE(Paths::libexecDir(QStringLiteral("/nowhere/bin")),
                 m_root.filePath(QStringLiteral("elsewhere/helpers")));
        QCOMPARE(Paths::dataDir(QStringLiteral("/nowhere/bin")),
                 m_root.filePath(QStringLiteral("elsewhere/data")));
    }

    void dataPathFindsFilesAndNamesMissingOnes()
    {
        makeFile(QStringLiteral("d/share/curtain/lessons/a.py"), QFile::ReadOwner);
        const QString appDir = m_root.filePath(QStringLiteral("d/bin"));
        QString error;
        QCOMPARE(Paths::dataPath(appDir, QStringLiteral("lessons/a.py"), &error),
                 m_root.filePath(QStringLiteral("d/share/curtain/lessons/a.py")));
        QVERIFY(Paths::dataPath(appDir, QStringLiteral("lessons/b.py"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("lessons/b.py")), qPrintable(error));
    }

    void theBuildTreeHasTheInstalledLayout()
    {
        // Tests live outside bin/, so ask about the real app directory of this build.
        QVERIFY(QDir(Paths::dataDir(QStringLiteral(CURTAIN_BUILD_BIN_DIR))).exists());
        QVERIFY(QFileInfo::exists(Paths::dataDir(QStringLiteral(CURTAIN_BUILD_BIN_DIR))
                                  + QStringLiteral("/lessons/classforge/01_person.py")));
    }
};

QTEST_GUILESS_MAIN(TestPaths)
#include "tst_paths.moc"
