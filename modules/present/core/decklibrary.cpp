// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "decklibrary.h"

#include <kit/paths.h>

#include <QDir>
#include <QFileInfo>

namespace Present {

using namespace Kit;

namespace DeckLibrary {

QString dir()
{
    return Paths::dataDir() + QStringLiteral("/decks");
}

QStringList builtIn()
{
    const QString folder = dir();
    QStringList decks;
    for (const QString &file :
         QDir(folder).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        decks.append(folder + QLatin1Char('/') + file);
    return decks;
}

QStringList names()
{
    QStringList list;
    for (const QString &deck : builtIn())
        list.append(QFileInfo(deck).completeBaseName());
    return list;
}

bool isBuiltIn(const QString &path)
{
    const QString folder = QDir(dir()).canonicalPath();
    return !folder.isEmpty() && QFileInfo(path).canonicalPath() == folder;
}

QString resolve(const QString &name)
{
    if (QFileInfo(name).isFile())
        return name;
    const QString folder = dir();
    for (const QString &candidate : {folder + QLatin1Char('/') + name,
                                     folder + QLatin1Char('/') + name + QStringLiteral(".md")}) {
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return name;
}

std::optional<Deck> read(const QString &path, QString *error)
{
    std::optional<Deck> deck = Deck::read(path, error);
    if (deck && deck->slides.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 has no slides").arg(path);
        return std::nullopt;
    }
    return deck;
}

std::optional<Deck> open(const QString &name, QString *error)
{
    const QString file = resolve(name);
    if (!QFileInfo::exists(file)) {
        if (error)
            *error = QStringLiteral("no deck %1: give a deck's file, or one of Curtain's own (%2)")
                         .arg(name, names().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    return read(file, error);
}

} // namespace DeckLibrary

} // namespace Present
