// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "actions.h"

namespace Kit {

QString withoutMnemonic(QString text)
{
    // "&&" is a literal ampersand; a lone "&" marks the mnemonic.
    static const QString placeholder(QChar(0xE000));
    text.replace(QStringLiteral("&&"), placeholder);
    text.remove(QLatin1Char('&'));
    text.replace(placeholder, QStringLiteral("&"));
    return text;
}

QAction *makeAction(QObject *parent,
                    const QString &id,
                    const QString &text,
                    const QList<QKeySequence> &shortcuts)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(id);
    // A platform's standard key may be empty or the same as a fallback given beside it: each key
    // once, or Qt finds the action ambiguous with itself and the key does nothing.
    QList<QKeySequence> keys;
    for (const QKeySequence &key : shortcuts) {
        if (!key.isEmpty() && !keys.contains(key))
            keys.append(key);
    }
    action->setShortcuts(keys);
    action->setStatusTip(withoutMnemonic(text));
    return action;
}

} // namespace Kit
