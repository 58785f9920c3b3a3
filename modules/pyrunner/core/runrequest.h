// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <protocol/protocol.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class QCommandLineOption;
class QCommandLineParser;
class QTextStream;

namespace PyRunner {

/** One program for curtain-runner to run, what to record of it, and its limits. */
struct RunRequest
{
    /** The largest program Curtain runs: a lesson is a few kilobytes. */
    static constexpr qint64 MaxSourceBytes = 8 << 20;

    /** What a classes run keeps. */
    struct Classes
    {
        int maxSteps = 20000;  // the trace stops after this many
        int keepSteps = 20000; // kept in full; past it, counted only
    };
    /** How a threads run records. */
    struct Threads
    {
        double switchIntervalMs = 0; // sys.setswitchinterval before the program (0: leave it)
        int maxChanges = 500000;     // state changes kept
    };

    Protocol::Mode mode = Protocol::Mode::Classes;
    QByteArray source; // the file's bytes, exactly
    QString filename;
    int timeoutMs = 3000;
    int maxOutputChars = 64 * 1024;
    int memoryMb = 512;
    QJsonObject env; // names to values set in the program's os.environ
    Classes classes;
    Threads threads;

    /** The request as the runner reads it (one JSON line), with ID. */
    QJsonObject toMessage(int id) const;
    /** The request MESSAGE says (the runner's side); absent keys keep their defaults. */
    static RunRequest fromMessage(const QJsonObject &message);
};

/**
 * The one FILE.py and the TIMEOUT option of a subcommand that runs a program in curtain-runner
 * (COMMAND names it in messages: "curtain trace-class"), as a request with the file read whole;
 * nullopt after saying on ERR what is wrong.
 */
std::optional<RunRequest> programRequest(const QCommandLineParser &parser,
                                         const QCommandLineOption &timeout,
                                         const QString &command,
                                         QTextStream &err);

} // namespace PyRunner
