// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runnerclient.h"

#include <subcommand.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

/** `curtain trace-class FILE.py [--timeout SECONDS]`: the Class Forge engine, headless. */
Subcommand traceClassSubcommand();

/**
 * The one FILE.py and the TIMEOUT option of a subcommand that runs a program in curtain-runner
 * (COMMAND names it in messages: "curtain trace-class"), as a request with the file read whole;
 * nullopt after saying on ERR what is wrong.
 */
std::optional<TraceRequest> programRequest(const QCommandLineParser &parser,
                                           const QCommandLineOption &timeout,
                                           const QString &command,
                                           QTextStream &err);
