#include "actions.h"

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
    action->setShortcuts(shortcuts);
    action->setStatusTip(withoutMnemonic(text));
    return action;
}
