#include "classforgemodule.h"

#include <readingmodule.h>

std::unique_ptr<Module> createClassForgeModule()
{
    ModuleInfo info;
    info.id = QStringLiteral("classforge");
    info.title = QObject::tr("Class Forge");
    info.summary = QObject::tr("How Python builds a class, step by step");
    info.description = QObject::tr(
        "A class statement is a program that runs. Watch CPython resolve the metaclass, prepare "
        "the namespace, run the body, call __new__ and __init__, and bind the name, using the "
        "examples from the talk “Metaclasses: look behind the curtain”.");
    info.iconPath = QStringLiteral(":/icons/classforge.svg");
    return std::make_unique<ReadingModule>(std::move(info),
                                           QStringLiteral(":/classforge/introduction.html"));
}
