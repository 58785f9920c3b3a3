// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The real runs' process group (realservices.h): what a service starts stays in the group and
// ends with it; lines come back whole; a program that is not there is named; and Curtain's own
// redis-server starts on a private socket, answers, and ends (skipped, naming the package, where
// it is not installed).

#include <startup/realservices.h>

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Startup::Real;

namespace {

ServiceSpec shell(const QString &name, const QString &script, const QString &folder)
{
    ServiceSpec s;
    s.name = name;
    s.program = QStringLiteral("/bin/sh");
    s.arguments = {QStringLiteral("-c"), script};
    s.workingDirectory = folder;
    s.logFile = folder + QStringLiteral("/") + name + QStringLiteral(".log");
    return s;
}

bool answersPing(const QString &socketPath)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray path = socketPath.toLocal8Bit();
    qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
    bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    char answer[8] = {};
    ok = ok && ::write(fd, "PING\r\n", 6) == 6 && ::read(fd, answer, 5) == 5
         && qstrcmp(answer, "+PONG") == 0;
    ::close(fd);
    return ok;
}

} // namespace

class TestRealServices : public QObject
{
    Q_OBJECT

private slots:
    void whatAServiceStartsEndsWithTheGroup()
    {
        QTemporaryDir folder;
        ServiceGroup group;
        QString error;
        // A service that starts a grandchild in the background, as Celery starts its pool.
        const pid_t a = group.start(
            shell(QStringLiteral("a"), QStringLiteral("sleep 300 & sleep 300"), folder.path()),
            &error);
        const pid_t b = group.start(
            shell(QStringLiteral("b"), QStringLiteral("sleep 300"), folder.path()), &error);
        QVERIFY2(a > 0 && b > 0, qPrintable(error));
        QCOMPARE(group.group(), a);
        QTRY_VERIFY(group.members().size() >= 4); // two shells, two or three sleeps
        QVERIFY(group.isRunning(b));
        QVERIFY(group.endAll());
        QVERIFY(ServiceGroup::processesInGroup(a).empty());
        QString how;
        QVERIFY(!group.isRunning(b, &how));
        QVERIFY2(how.contains(QLatin1String("b was killed by signal 9")), qPrintable(how));
    }

    void linesComeBackWhole()
    {
        QTemporaryDir folder;
        ServiceGroup group;
        QString error;
        ServiceSpec s = shell(QStringLiteral("talker"),
                              QStringLiteral("printf 'one\\ntw'; sleep 0.2; printf 'o\\nlast'"),
                              folder.path());
        s.readOutput = true;
        const pid_t pid = group.start(s, &error);
        QVERIFY2(pid > 0, qPrintable(error));
        QList<QByteArray> lines;
        bool ended = false;
        for (int i = 0; i < 200 && !ended; ++i)
            lines += group.readLines(pid, 50, &ended);
        QVERIFY(ended);
        QCOMPARE(lines, (QList<QByteArray>{"one", "two", "last"}));
    }

    void aMissingProgramIsNamed()
    {
        ServiceGroup group;
        QString error;
        ServiceSpec s;
        s.name = QStringLiteral("redis-server");
        s.program = QStringLiteral("/nonexistent/redis-server");
        QCOMPARE(group.start(s, &error), pid_t(-1));
        QVERIFY2(error.contains(QLatin1String("cannot start redis-server")), qPrintable(error));
        QVERIFY(group.endAll());
    }

    void redisStartsOnAPrivateSocketAndEnds()
    {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (program.isEmpty())
            QSKIP("needs the Debian package redis-server");
        QTemporaryDir folder;
        const QString socket = folder.filePath(QStringLiteral("redis.sock"));
        ServiceSpec s;
        s.name = QStringLiteral("redis-server");
        s.program = program;
        s.arguments = {QStringLiteral("--port"),
                       QStringLiteral("0"),
                       QStringLiteral("--unixsocket"),
                       socket,
                       QStringLiteral("--save"),
                       QString(),
                       QStringLiteral("--dir"),
                       folder.path()};
        s.workingDirectory = folder.path();
        s.logFile = folder.filePath(QStringLiteral("redis.log"));
        ServiceGroup group;
        QString error;
        const pid_t pid = group.start(s, &error);
        QVERIFY2(pid > 0, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(answersPing(socket), 20000);
        QVERIFY(group.endAll());
        QVERIFY(!group.isRunning(pid));
        QVERIFY(!answersPing(socket));
    }
};

QTEST_GUILESS_MAIN(TestRealServices)
#include "tst_realservices.moc"
