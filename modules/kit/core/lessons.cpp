// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lessons.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace Kit {

std::optional<Lesson> Lesson::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    Lesson lesson;
    lesson.path = path;
    lesson.source = file.readAll();

    static const QRegularExpression leadingNumber(QStringLiteral("^\\d+_"));
    QString title = QFileInfo(path).completeBaseName().remove(leadingNumber);
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    lesson.title = title;

    QStringList intro;
    for (const QString &line : QString::fromUtf8(lesson.source).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char('#')))
            break;
        intro.append(line.mid(1).trimmed());
    }
    lesson.intro = intro.join(QLatin1Char(' ')).simplified();
    return lesson;
}

QList<Lesson> loadLessons(const QString &directory, QStringList *errors)
{
    QList<Lesson> lessons;
    const QDir dir(directory);
    for (const QString &name : dir.entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name)) {
        QString error;
        if (auto lesson = Lesson::load(dir.filePath(name), &error))
            lessons.append(*lesson);
        else if (errors)
            errors->append(error);
    }
    return lessons;
}

} // namespace Kit
