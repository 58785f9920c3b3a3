// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "decktrust.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>
#include <QStringList>

namespace Present {

namespace DeckTrust {

namespace {

const QString Setting = QStringLiteral("present/trustedDecks");
// Enough for years of talks; the oldest go first.
constexpr int Kept = 200;

} // namespace

QString key(const QString &path, const QByteArray &content)
{
    return QFileInfo(path).absoluteFilePath() + QLatin1Char('#')
           + QString::fromLatin1(
               QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

bool isTrusted(const QSettings &settings, const QString &key)
{
    return settings.value(Setting).toStringList().contains(key);
}

void remember(QSettings &settings, const QString &key)
{
    QStringList keys = settings.value(Setting).toStringList();
    keys.removeAll(key);
    keys.append(key);
    while (keys.size() > Kept)
        keys.removeFirst();
    settings.setValue(Setting, keys);
}

} // namespace DeckTrust

} // namespace Present
