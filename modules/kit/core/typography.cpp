// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "typography.h"

#include <QRegularExpression>

namespace Kit {

QString bindUnits(QString text)
{
    // A digit, one plain space, then the word or unit it counts.
    static const QRegularExpression counted(QStringLiteral("(\\d) (?=[^\\s])"));
    return text.replace(counted, QStringLiteral("\\1\u00a0"));
}

QString breakableWords(const QString &text, int longer)
{
    QStringList words = text.split(QLatin1Char(' '));
    for (QString &word : words) {
        if (word.size() <= longer)
            continue;
        QString broken;
        for (const QChar ch : std::as_const(word)) {
            broken.append(ch);
            if (ch == QLatin1Char('.') || ch == QLatin1Char(',') || ch == QLatin1Char('('))
                broken.append(QChar(0x200B)); // a zero-width space: a break, nothing to see
        }
        word = broken;
    }
    return words.join(QLatin1Char(' '));
}

} // namespace Kit
