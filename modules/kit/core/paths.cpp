// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Kit {

namespace {

QString fromEnvOr(const char *variable, const QString &appDir, const char *relative)
{
    const QString overridden = qEnvironmentVariable(variable);
    if (!overridden.isEmpty())
        return QDir::cleanPath(overridden);
    return QDir::cleanPath(appDir + QLatin1Char('/') + QLatin1String(relative));
}

} // namespace

namespace Paths {

QString libexecDir(const QString &appDir)
{
    return fromEnvOr("CURTAIN_LIBEXEC_DIR", appDir, CURTAIN_RELATIVE_LIBEXEC_DIR);
}

QString dataDir(const QString &appDir)
{
    return fromEnvOr("CURTAIN_DATA_DIR", appDir, CURTAIN_RELATIVE_DATA_DIR);
}

QString helperPath(const QString &appDir, const QString &name, QString *error)
{
    QString path = libexecDir(appDir) + QLatin1Char('/') + name;
    const QFileInfo info(path);
    if (info.isFile() && info.isExecutable())
        return path;
    if (error) {
        *error
            = info.exists()
                  ? QStringLiteral("helper %1 is not executable: check its permissions").arg(path)
                  : QStringLiteral("helper %1 not found: build the project (cmake --build build) "
                                   "or reinstall Curtain")
                        .arg(path);
    }
    return {};
}

QString dataPath(const QString &appDir, const QString &relative, QString *error)
{
    QString path = QDir::cleanPath(dataDir(appDir) + QLatin1Char('/') + relative);
    if (QFileInfo::exists(path))
        return path;
    if (error) {
        *error = QStringLiteral("data %1 not found: build the project (cmake --build build) or "
                                "reinstall Curtain")
                     .arg(path);
    }
    return {};
}

QString libexecDir()
{
    return libexecDir(QCoreApplication::applicationDirPath());
}

QString dataDir()
{
    return dataDir(QCoreApplication::applicationDirPath());
}

} // namespace Paths

} // namespace Kit
