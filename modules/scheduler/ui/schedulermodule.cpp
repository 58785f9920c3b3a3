#include "schedulermodule.h"

#include <readingmodule.h>

std::unique_ptr<Module> createSchedulerModule()
{
    ModuleInfo info;
    info.id = QStringLiteral("scheduler");
    info.title = QObject::tr("Scheduler Lab");
    info.summary = QObject::tr("Threads, processes, coroutines and the GIL");
    info.description = QObject::tr(
        "Threads or processes? Why does a second thread not make Python code faster? Run real "
        "work on your own cores and see every lock wait, GIL hand-off, process spawn and pickle, "
        "as the async talk at the meetup described them.");
    info.iconPath = QStringLiteral(":/icons/scheduler.svg");
    return std::make_unique<ReadingModule>(std::move(info),
                                           QStringLiteral(":/scheduler/introduction.html"));
}
