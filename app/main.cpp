// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// curtain: a headless subcommand runs under QCoreApplication; otherwise the shell starts.

#include "builtins.h"
#include "cli.h"
#include "shell/mainwindow.h"
#include "shell/screenshot.h"
#include "shell/signalbridge.h"

#include <kit/appearance.h>
#include <kit/curtainversion.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>

#include <QApplication>
#include <QGuiApplication>
#include <QSettings>
#include <QTextStream>

#include <cstdio>

namespace Shell {

using namespace Kit;

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Curtain"));
    QCoreApplication::setApplicationName(QStringLiteral("curtain"));
    // The desktop's name for us (the .desktop file, the window's app id under Wayland).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.curtainapp.Curtain"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CURTAIN_VERSION_STRING));
}

/** What every widget run of Curtain sets up once its QApplication exists. */
void prepareWidgetApplication()
{
    setApplicationNames();
    closeWindowsOnTerminationSignals();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/curtain.svg")));
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
           || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

/** Settings that are read as empty and never written: a screenshot leaves no trace. */
QSettings::Format volatileSettingsFormat()
{
    return QSettings::registerFormat(
        QStringLiteral("curtain-volatile"),
        [](QIODevice &, QSettings::SettingsMap &) { return true; },
        [](QIODevice &, const QSettings::SettingsMap &) { return true; });
}

int runShell(char **argv, ModuleRegistry &registry, const CliRequest &request)
{
    const bool screenshot = request.action == CliRequest::Action::Screenshot;
    if (!hasDisplay()) {
        if (!screenshot) {
            std::fputs("curtain: no display found (DISPLAY and WAYLAND_DISPLAY are unset): start "
                       "Curtain from a desktop session, or use --screenshot FILE or a "
                       "subcommand, which need none\n",
                       stderr);
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    // Qt's own options (-style, -platform) are not offered: our parser has already spoken.
    int qtArgc = 1;
    QApplication app(qtArgc, argv);
    prepareWidgetApplication();

    std::unique_ptr<QSettings> settings;
    if (screenshot) {
        settings
            = std::make_unique<QSettings>(QStringLiteral("/dev/null"), volatileSettingsFormat());
    } else {
        settings = std::make_unique<QSettings>();
    }

    MainWindow window(registry, *settings);
    Appearance *appearance = Appearance::instance();
    if (request.theme)
        appearance->setTheme(*request.theme);
    if (request.fontScale)
        appearance->setFontScale(*request.fontScale);
    if (!request.moduleId.isEmpty())
        window.showModule(request.moduleId);

    if (screenshot) {
        window.resize(1280, 800);
        saveScreenshotAfterFirstPaint(&window, request.screenshotPath);
    }
    window.show();
    return app.exec();
}

} // namespace

} // namespace Shell

using namespace Kit;
using namespace Shell;

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    ModuleRegistry registry;
    registerBuiltInModules(registry);
    const QList<Subcommand> subcommands = builtInSubcommands(registry);
    const CliRequest request = parseCommandLine(arguments, registry.ids(), subcommands);

    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (request.action) {
    case CliRequest::Action::Error:
        err << "curtain: " << request.error << Qt::endl;
        return Subcommand::UsageError;
    case CliRequest::Action::Help:
        out << helpText(subcommands);
        return 0;
    case CliRequest::Action::SubcommandHelp:
        out << subcommandHelpText(*request.subcommand);
        return 0;
    case CliRequest::Action::Version:
        out << "curtain " << CURTAIN_VERSION_STRING << Qt::endl;
        return 0;
    case CliRequest::Action::ListModules:
        for (const Module *module : registry.modules())
            out << module->id() << '\t' << module->title() << '\n';
        return 0;
    case CliRequest::Action::Subcommand: {
        if (request.subcommand->widgets) {
            // It draws: widgets, on the offscreen platform when there is no screen to draw on.
            if (!hasDisplay())
                qputenv("QT_QPA_PLATFORM", "offscreen");
            int qtArgc = 1;
            QApplication app(qtArgc, argv);
            prepareWidgetApplication();
            const int code = request.subcommand->run(request.subcommandArguments, out, err);
            out.flush();
            err.flush();
            return code;
        }
        QCoreApplication app(argc, argv);
        setApplicationNames();
        const int code = request.subcommand->run(request.subcommandArguments, out, err);
        out.flush();
        err.flush();
        return code;
    }
    case CliRequest::Action::Gui:
    case CliRequest::Action::Screenshot:
        break;
    }
    return runShell(argv, registry, request);
}
