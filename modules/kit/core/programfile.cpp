// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "programfile.h"

#include "jsonio.h"

#include <QFileInfo>
#include <QSaveFile>

namespace Kit::ProgramFile {

std::optional<QByteArray> read(const QString &path, QString *error)
{
    QString problem;
    std::optional<QByteArray> bytes = JsonIo::readFile(path, &problem, MaxBytes);
    if (!bytes && error)
        *error
            = problem
              + QStringLiteral(" (Curtain opens programs up to %1 MiB)").arg(MaxBytes / (1 << 20));
    return bytes;
}

bool write(const QString &path, const QByteArray &source, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(source) == source.size() && file.commit())
        return true;
    if (error)
        *error = QStringLiteral("%1: cannot save: %2. Choose another folder or name.")
                     .arg(path, file.errorString());
    return false;
}

QString displayName(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("program.py") : QFileInfo(path).fileName();
}

} // namespace Kit::ProgramFile
