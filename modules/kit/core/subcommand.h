// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace Kit {

/** A `curtain NAME ...` command: headless ones run under QCoreApplication and need no display. */
struct Subcommand
{
    /** Exit code for a bad command line, shared by every subcommand and the top-level parser. */
    static constexpr int UsageError = 2;

    QString name;     // "trace-class"
    QString synopsis; // "trace-class FILE.py [--timeout SECONDS]"
    QString summary;  // one line for `curtain --help`
    std::function<int(const QStringList &args, QTextStream &out, QTextStream &err)> run;
    /** Whether it draws widgets (deck export, present): it then runs under QApplication, on the
     *  offscreen platform when there is no display. */
    bool widgets = false;
};

/** The subcommand called NAME in LIST, or nullptr. */
const Subcommand *findSubcommand(const QList<Subcommand> &list, const QString &name);

} // namespace Kit
