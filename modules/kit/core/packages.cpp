// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "packages.h"

#include <QStringList>

namespace Kit {

QString debianPackageFor(const QString &message)
{
    // The libraries of the talks' lessons, each Debian's python3-<name>.
    static const QStringList known{QStringLiteral("django"),
                                   QStringLiteral("sqlalchemy"),
                                   QStringLiteral("formencode"),
                                   QStringLiteral("gevent"),
                                   QStringLiteral("greenlet"),
                                   QStringLiteral("celery"),
                                   QStringLiteral("redis"),
                                   QStringLiteral("tornado")};
    // "No module named 'django.db'" -> django
    const QString module = message.section(QLatin1Char('\''), 1, 1).section(QLatin1Char('.'), 0, 0);
    return known.contains(module) ? QStringLiteral("python3-") + module : QString();
}

} // namespace Kit
