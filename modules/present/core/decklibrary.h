// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deck.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Present {

/**
 * Where decks live: the talks installed with Curtain (share/curtain/decks, or CURTAIN_DATA_DIR's
 * decks/), found by file or by name ("metaclasses"), and the one way a deck is opened for
 * presenting, exporting or checking.
 */
namespace DeckLibrary {

/** The folder of the decks installed with Curtain. */
QString dir();
/** The decks installed with Curtain (their files, by name). */
QStringList builtIn();
/** Their names ("async-python", "metaclasses", ...), as `curtain present NAME` takes them. */
QStringList names();
/** Whether PATH is one of the decks installed with Curtain. */
bool isBuiltIn(const QString &path);
/** The file of a built-in deck NAME ("metaclasses" or "metaclasses.md"), or NAME itself when it
 *  is a file or names no built-in deck. */
QString resolve(const QString &name);

/** Reads the deck file PATH; nullopt and *ERROR (naming the file) when it cannot be read or has
 *  no slides. A deck with problems is read: its slides say what is wrong. */
std::optional<Deck> read(const QString &path, QString *error);
/** read() of resolve(NAME); a NAME that is neither a file nor a built-in deck's is said so, with
 *  the built-in decks' names. */
std::optional<Deck> open(const QString &name, QString *error);

} // namespace DeckLibrary

} // namespace Present
