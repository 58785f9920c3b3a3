// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "moduleregistry.h"

#include "module.h"

namespace Kit {

ModuleRegistry::ModuleRegistry() = default;
ModuleRegistry::~ModuleRegistry() = default;

bool ModuleRegistry::add(std::unique_ptr<Module> module, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!module)
        return fail(QStringLiteral("cannot register a null module"));
    const QString id = module->id();
    if (!Module::isValidId(id)) {
        return fail(QStringLiteral("module id '%1' is invalid: use lowercase letters, digits and "
                                   "'-', starting with a letter")
                        .arg(id));
    }
    if (find(id))
        return fail(QStringLiteral("module id '%1' is already registered").arg(id));
    if (module->title().trimmed().isEmpty())
        return fail(QStringLiteral("module '%1' has an empty title").arg(id));
    m_modules.push_back(std::move(module));
    return true;
}

Module *ModuleRegistry::find(const QString &id) const
{
    for (const auto &module : m_modules) {
        if (module->id() == id)
            return module.get();
    }
    return nullptr;
}

QList<Module *> ModuleRegistry::modules() const
{
    QList<Module *> list;
    list.reserve(qsizetype(m_modules.size()));
    for (const auto &module : m_modules)
        list.append(module.get());
    return list;
}

QStringList ModuleRegistry::ids() const
{
    QStringList list;
    for (const auto &module : m_modules)
        list.append(module->id());
    return list;
}

} // namespace Kit
