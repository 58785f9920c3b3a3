// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cli.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace Shell {

using namespace Kit;

namespace {

struct Options
{
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            QStringLiteral("Show this help and exit.")};
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                               QStringLiteral("Print the version and exit.")};
    QCommandLineOption listModules{
        QStringLiteral("list-modules"),
        QStringLiteral("List the modules, one 'id<TAB>title' per line.")};
    QCommandLineOption module{QStringLiteral("module"),
                              QStringLiteral("Open module ID (see --list-modules) at start."),
                              QStringLiteral("ID")};
    QCommandLineOption fontScale{QStringLiteral("font-scale"),
                                 QStringLiteral("Scale all text and plots by F (0.5 to 4)."),
                                 QStringLiteral("F")};
    QCommandLineOption theme{QStringLiteral("theme"),
                             QStringLiteral("Colour theme: light, dark or system."),
                             QStringLiteral("NAME")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QStringLiteral("Show the window at 1280x800, save it as a PNG to FILE and exit. Needs no "
                       "display."),
        QStringLiteral("FILE")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({help, version, listModules, module, fontScale, theme, screenshot});
    }
};

CliRequest failure(const QString &message)
{
    CliRequest request;
    request.action = CliRequest::Action::Error;
    request.error = message;
    return request;
}

} // namespace

CliRequest parseCommandLine(const QStringList &arguments,
                            const QStringList &moduleIds,
                            const QList<Subcommand> &subcommands)
{
    if (arguments.size() > 1 && !arguments.at(1).startsWith(QLatin1Char('-'))) {
        const QString &name = arguments.at(1);
        const Subcommand *subcommand = findSubcommand(subcommands, name);
        // `curtain TALK.md`, as a file manager opens a deck: present it.
        if (!subcommand && name.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
            && findSubcommand(subcommands, QStringLiteral("present"))) {
            CliRequest request;
            request.action = CliRequest::Action::Subcommand;
            request.subcommand = findSubcommand(subcommands, QStringLiteral("present"));
            request.subcommandArguments = arguments.mid(1);
            return request;
        }
        if (!subcommand) {
            return failure(
                QStringLiteral("unknown subcommand '%1' (see 'curtain --help')").arg(name));
        }
        CliRequest request;
        request.action = CliRequest::Action::Subcommand;
        request.subcommand = subcommand;
        request.subcommandArguments = arguments.mid(2);
        // `curtain trace-threads --help`: what the subcommand takes, wherever the flag is.
        if (request.subcommandArguments.contains(QStringLiteral("--help"))
            || request.subcommandArguments.contains(QStringLiteral("-h")))
            request.action = CliRequest::Action::SubcommandHelp;
        return request;
    }

    const Options options;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    options.addTo(parser);
    if (!parser.parse(arguments)) {
        // Name the option as the user typed it ("--frobnicate"), not as Qt stores it.
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            QString typed = unknown.first();
            for (const QString &argument : arguments.mid(1)) {
                static const QRegularExpression dashes(QStringLiteral("^-+"));
                if (QString(argument).remove(dashes).section(QLatin1Char('='), 0, 0) == typed) {
                    typed = argument.section(QLatin1Char('='), 0, 0);
                    break;
                }
            }
            return failure(QStringLiteral("unknown option '%1' (see 'curtain --help')").arg(typed));
        }
        QString message = parser.errorText();
        if (message.endsWith(QLatin1Char('.')))
            message.chop(1);
        return failure(message + QStringLiteral(" (see 'curtain --help')"));
    }
    if (!parser.positionalArguments().isEmpty()) {
        return failure(QStringLiteral("unexpected argument '%1' (see 'curtain --help')")
                           .arg(parser.positionalArguments().first()));
    }

    CliRequest request;
    if (parser.isSet(options.help)) {
        request.action = CliRequest::Action::Help;
        return request;
    }
    if (parser.isSet(options.version)) {
        request.action = CliRequest::Action::Version;
        return request;
    }
    if (parser.isSet(options.listModules)) {
        request.action = CliRequest::Action::ListModules;
        return request;
    }
    if (parser.isSet(options.module)) {
        request.moduleId = parser.value(options.module);
        if (request.moduleId != QLatin1String("home") && !moduleIds.contains(request.moduleId)) {
            return failure(QStringLiteral("unknown module '%1' for --module (one of: home, %2)")
                               .arg(request.moduleId, moduleIds.join(QStringLiteral(", "))));
        }
    }
    if (parser.isSet(options.fontScale)) {
        bool ok = false;
        const double scale = parser.value(options.fontScale).toDouble(&ok);
        if (!ok || scale < Appearance::MinFontScale || scale > Appearance::MaxFontScale) {
            return failure(QStringLiteral("invalid --font-scale '%1': give a number from %2 to %3")
                               .arg(parser.value(options.fontScale))
                               .arg(Appearance::MinFontScale)
                               .arg(Appearance::MaxFontScale));
        }
        request.fontScale = scale;
    }
    if (parser.isSet(options.theme)) {
        request.theme = Appearance::themeFromName(parser.value(options.theme));
        if (!request.theme) {
            return failure(QStringLiteral("invalid --theme '%1': use light, dark or system")
                               .arg(parser.value(options.theme)));
        }
    }
    if (parser.isSet(options.screenshot)) {
        request.screenshotPath = parser.value(options.screenshot);
        if (request.screenshotPath.isEmpty())
            return failure(QStringLiteral("--screenshot needs a file name"));
        request.action = CliRequest::Action::Screenshot;
    }
    return request;
}

QString subcommandHelpText(const Subcommand &subcommand)
{
    return QStringLiteral("Usage: curtain %1\n%2.\n\nExit status: 0 success, 1 a failure while "
                          "running, 2 a bad command line or input. See 'curtain --help' for the "
                          "others.\n")
        .arg(subcommand.synopsis, subcommand.summary);
}

QString helpText(const QList<Subcommand> &subcommands)
{
    const Options options;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Curtain: see how Python really works underneath."));
    options.addTo(parser);
    QString text = parser.helpText();
    // helpText() names the program from QCoreApplication, which may not exist yet.
    text.replace(QRegularExpression(QStringLiteral("^Usage: \\S*")),
                 QStringLiteral("Usage: curtain"));
    text += QStringLiteral("\nSubcommands (the engines print JSON and need no display):\n");
    for (const Subcommand &subcommand : subcommands) {
        text += QStringLiteral("  curtain %1\n      %2\n")
                    .arg(subcommand.synopsis, subcommand.summary);
    }
    if (findSubcommand(subcommands, QStringLiteral("present"))) {
        text
            += QStringLiteral("  curtain DECK.md\n      The same as curtain present DECK.md (how a "
                              "file manager opens a deck)\n");
    }
    text += QStringLiteral(
        "\nFiles:\n"
        "  ~/.config/Curtain/curtain.conf\n"
        "      Settings: window, last module, theme, zoom, each module's state\n"
        "  share/curtain/lessons, share/curtain/scenarios, share/curtain/decks\n"
        "      The lessons, example scenarios and talks installed with Curtain\n"
        "\nExit status:\n"
        "  0 success, 1 a failure while running, 2 a bad command line or input\n");
    return text;
}

} // namespace Shell
