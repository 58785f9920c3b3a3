// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace Kit {

class Module;

/** The modules the shell hosts, in navigator order; owns them. Filled explicitly in app/. */
class ModuleRegistry final
{
public:
    ModuleRegistry();
    ~ModuleRegistry();
    ModuleRegistry(const ModuleRegistry &) = delete;
    ModuleRegistry &operator=(const ModuleRegistry &) = delete;

    /** Adds MODULE; refuses (and *error says why) an invalid or duplicate id or an empty title. */
    bool add(std::unique_ptr<Module> module, QString *error = nullptr);

    /** The module with ID, or nullptr. */
    Module *find(const QString &id) const;
    /** All modules in the order they were added. */
    QList<Module *> modules() const;
    /** All ids in order. */
    QStringList ids() const;
    int size() const { return int(m_modules.size()); }

private:
    std::vector<std::unique_ptr<Module>> m_modules;
};

} // namespace Kit
