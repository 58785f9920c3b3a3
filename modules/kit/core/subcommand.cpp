// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "subcommand.h"

#include <algorithm>

namespace Kit {

const Subcommand *findSubcommand(const QList<Subcommand> &list, const QString &name)
{
    const auto it = std::find_if(
        list.cbegin(), list.cend(), [&](const Subcommand &s) { return s.name == name; });
    return it == list.cend() ? nullptr : &*it;
}

} // namespace Kit
