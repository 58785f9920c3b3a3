// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/appearance.h>
#include <kit/subcommand.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Shell {

/** What the command line asks `curtain` to do. */
struct CliRequest
{
    enum class Action {
        Gui,
        Screenshot,
        Help,
        Version,
        ListModules,
        Subcommand,
        SubcommandHelp,
        Error
    };

    Action action = Action::Gui;
    QString moduleId;                            // --module
    std::optional<double> fontScale;             // --font-scale
    std::optional<Kit::Appearance::Theme> theme; // --theme
    QString screenshotPath;                      // --screenshot
    const Kit::Subcommand *subcommand = nullptr; // for Action::Subcommand
    QStringList subcommandArguments;
    QString error; // for Action::Error: one line naming the culprit
};

/**
 * Parses ARGUMENTS (argv, program name first). A first argument that is not an option names a
 * subcommand from SUBCOMMANDS; everything after it belongs to that subcommand.
 */
CliRequest parseCommandLine(const QStringList &arguments,
                            const QStringList &moduleIds,
                            const QList<Kit::Subcommand> &subcommands);

/** The text of `curtain --help`. */
QString helpText(const QList<Kit::Subcommand> &subcommands);
/** What `curtain SUBCOMMAND --help` prints: its synopsis and what it does. */
QString subcommandHelpText(const Kit::Subcommand &subcommand);

} // namespace Shell
