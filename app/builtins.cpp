// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "builtins.h"

#include "versions.h"

#include <classforge/classforgemodule.h>
#include <classforge/tracecommand.h>
#include <kit/jsonio.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>
#include <kit/paths.h>
#include <present/deckcommands.h>
#include <scheduler/measurecommand.h>
#include <scheduler/schedulermodule.h>
#include <scheduler/tracethreadscommand.h>
#include <startup/simulatecommand.h>
#include <startup/startupmodule.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Shell {

using namespace ClassForge;
using namespace Kit;
using namespace Present;
using namespace Scheduler;
using namespace Startup;

void registerBuiltInModules(ModuleRegistry &registry)
{
    for (auto *create : {&createClassForgeModule, &createSchedulerModule, &createStartupModule}) {
        QString error;
        if (!registry.add(create(), &error))
            qFatal("registerBuiltInModules: %s", qPrintable(error)); // a programming error
    }
}

namespace {

QStringList lessonFiles()
{
    QStringList files;
    const QString root = Paths::dataDir() + QStringLiteral("/lessons");
    QDirIterator it(root, {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(root).relativeFilePath(it.next()));
    files.sort();
    return files;
}

int runInfo(const ModuleRegistry &registry,
            const QStringList &args,
            QTextStream &out,
            QTextStream &err)
{
    if (!args.isEmpty()) {
        err << "curtain info: unexpected argument '" << args.first() << "' (info takes none)\n";
        return Subcommand::UsageError;
    }
    QJsonArray modules;
    for (const Module *module : registry.modules()) {
        modules.append(QJsonObject{{QStringLiteral("id"), module->id()},
                                   {QStringLiteral("title"), module->title()},
                                   {QStringLiteral("summary"), module->summary()}});
    }
    QJsonObject info = curtainVersions();
    info.insert(QStringLiteral("libexec_dir"), Paths::libexecDir());
    info.insert(QStringLiteral("data_dir"), Paths::dataDir());
    info.insert(QStringLiteral("data_dir_exists"), QDir(Paths::dataDir()).exists());
    info.insert(QStringLiteral("lessons"), QJsonArray::fromStringList(lessonFiles()));
    info.insert(QStringLiteral("modules"), modules);
    out << QJsonDocument(info).toJson(QJsonDocument::Indented);
    return 0;
}

} // namespace

QList<Subcommand> builtInSubcommands(const ModuleRegistry &registry)
{
    QList<Subcommand> list;
    list.append({QStringLiteral("info"),
                 QStringLiteral("info"),
                 QStringLiteral("Print versions, modules and where helpers and data are, as JSON"),
                 [&registry](const QStringList &args, QTextStream &out, QTextStream &err) {
                     return runInfo(registry, args, out, err);
                 }});
    list.append(traceClassSubcommand());
    list.append(measureSubcommand());
    list.append(traceThreadsSubcommand());
    list.append(simulateSubcommand());
    list.append(deckSubcommands(registry));
    return list;
}

} // namespace Shell
