// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Which C calls the thread recorder draws as letting the GIL go, waiting for a lock, or
// pickling: the rules on their own, in process.

#include <pyrunner/callrules.h>

#include <QTest>

using namespace PyRunner;
using namespace Protocol;

Q_DECLARE_METATYPE(PyRunner::Release)
Q_DECLARE_METATYPE(Protocol::LaneState)

class TestCallRules : public QObject
{
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Release>("release");
        QTest::addColumn<LaneState>("released");
        QTest::addColumn<LaneState>("holding");
        auto row = [](const char *name,
                      Release release,
                      LaneState released,
                      LaneState holding = LaneState::Running) {
            QTest::newRow(name) << QString::fromLatin1(name) << release << released << holding;
        };
        // Always around a system call.
        row("time.sleep", Release::Always, LaneState::BlockedIo);
        row("select.select", Release::Always, LaneState::BlockedIo);
        row("select.epoll.poll", Release::Always, LaneState::BlockedIo);
        row("posix.read", Release::Always, LaneState::BlockedIo);
        row("posix.waitpid", Release::Always, LaneState::BlockedIo);
        row("_io.FileIO.readinto", Release::Always, LaneState::BlockedIo);
        row("_socket.socket.recv", Release::Always, LaneState::BlockedIo);
        row("_socket.socket.connect", Release::Always, LaneState::BlockedIo);
        // Pickling keeps the GIL and is drawn as its own state.
        row("_pickle.dumps", Release::Holds, LaneState::BlockedIo, LaneState::Encoding);
        row("_pickle.Pickler.dump", Release::Holds, LaneState::BlockedIo, LaneState::Encoding);
        row("_pickle.loads", Release::Holds, LaneState::BlockedIo, LaneState::Decoding);
        row("_pickle.Unpickler.load", Release::Holds, LaneState::BlockedIo, LaneState::Decoding);
        // The process ends inside: os._exit in a forked child, os.abort.
        row("posix._exit", Release::Ends, LaneState::Done);
        row("posix.abort", Release::Ends, LaneState::Done);
        row("posix._exitx", Release::Maybe, LaneState::BlockedIo);
        // Locks and queues wait only when another thread has what they want.
        row("_thread.lock.acquire", Release::Maybe, LaneState::WaitingLock);
        row("_thread.RLock.acquire", Release::Maybe, LaneState::WaitingLock);
        row("_queue.SimpleQueue.get", Release::Maybe, LaneState::WaitingLock);
        row("_multiprocessing.SemLock.acquire", Release::Maybe, LaneState::WaitingLock);
        // Anything else: maybe, drawn as blocked when another thread was seen running.
        row("builtins.sum", Release::Maybe, LaneState::BlockedIo);
        row("time.monotonic", Release::Maybe, LaneState::BlockedIo);
        // Names are matched whole: a look-alike is not a sleep.
        row("time.sleepy", Release::Maybe, LaneState::BlockedIo);
        row("mytime.sleep", Release::Maybe, LaneState::BlockedIo);
        row("_pickle.dumpsx", Release::Maybe, LaneState::BlockedIo);
    }

    void classify()
    {
        QFETCH(QString, name);
        QFETCH(Release, release);
        QFETCH(LaneState, released);
        QFETCH(LaneState, holding);
        const CallInfo info = PyRunner::classify(name);
        QCOMPARE(info.name, name);
        QCOMPARE(info.release, release);
        QCOMPARE(info.released, released);
        QCOMPARE(info.holding, holding);
    }
};

QTEST_GUILESS_MAIN(TestCallRules)
#include "tst_callrules.moc"
