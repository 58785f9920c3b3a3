// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Present {

/** One thing a presenter does with a key: an action of presenter mode's two windows. */
struct PresenterKey
{
    QString id;           // "present.next": the action's object name
    QString text;         // a few words: the action's text, and the console's line of keys
    QString description;  // what it does, one line of Markdown, for the list of keys
    QStringList keys;     // the default keys, in QKeySequence's portable text ("PgDown", "Ctrl++")
    QString when;         // when it applies, if not always ("after a number"): then it goes first
    bool eachKey = false; // an action a key, "ID.KEY" (the digits of a slide's number)
    bool brief = false;   // named on the console's line of keys
};

/**
 * Presenter mode's keys, in one table: the presenter's actions are made from it, and so are the
 * console's help and the list of keys in docs/decks.md (a test compares the two). Clicker keys
 * are among the defaults: Page Down/Up, Right/Left, Space, B and . (a clicker's "blank").
 */
namespace PresenterKeys {

/** Every key of presenter mode, in the order the list shows them. */
const QList<PresenterKey> &all();
/** The row ID, or nullptr. */
const PresenterKey *find(const QString &id);
/** KEY (portable text) in words for people: "PgDown" is "Page Down", "Esc" is "Escape". */
QString words(const QString &key);
/** The keys of ROW for people: "`Page Up`, `Left`", "`0` … `9`", with when it applies. */
QString keysText(const PresenterKey &row);
/** The list of keys, a Markdown table: what docs/decks.md and the console's help show. */
QString markdown();
/** One line for the console: each brief row's first key and text. */
QString brief();

} // namespace PresenterKeys

} // namespace Present
