// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAction>
#include <QKeySequence>
#include <QList>
#include <QString>

namespace Kit {

/**
 * A new action owned by PARENT. ID is its dotted object name ("shell.fullScreen",
 * "scheduler.run"), TEXT its menu text (its accessible name once the & is stripped). SHORTCUTS
 * are set without empty and repeated keys (a standard key often equals its fallback).
 */
QAction *makeAction(QObject *parent,
                    const QString &id,
                    const QString &text,
                    const QList<QKeySequence> &shortcuts = {});

/** TEXT without its mnemonic markers: "&Full Screen" becomes "Full Screen". */
QString withoutMnemonic(QString text);

} // namespace Kit
