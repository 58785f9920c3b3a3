#include "startupmodule.h"

#include <readingmodule.h>

std::unique_ptr<Module> createStartupModule()
{
    ModuleInfo info;
    info.id = QStringLiteral("startup");
    info.title = QObject::tr("Startup Sim");
    info.summary = QObject::tr("A startup's video queue, live feed and slow queries");
    info.description = QObject::tr(
        "“One minute of video must be done in one minute.” Simulate the startup's transcoding "
        "queue and real-time feed, check the simulation against queueing theory, and find out "
        "why 5 % of its ORM queries are slow, on a real SQLite database.");
    info.iconPath = QStringLiteral(":/icons/startup.svg");
    return std::make_unique<ReadingModule>(std::move(info),
                                           QStringLiteral(":/startup/introduction.html"));
}
