// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSize>
#include <QString>

namespace Present {

class Presenter;

/** Prints a deck: every stop, demos in their preset state, optionally with the speaker notes. */
namespace DeckExport {

struct Options
{
    bool notes = false;         // the notes under each slide
    QSize slideSize{1280, 720}; // the audience window's size while printing
    int demoTimeoutMs = 60000;  // the longest a demo may compute before its page is printed
};

/**
 * Writes every stop of the deck PRESENTER has open (started off screen) to the PDF OUT, one
 * page per stop. Returns the number of pages, or -1 with *ERROR naming the file and the problem.
 */
int write(Presenter &presenter, const QString &out, const Options &options, QString *error);

} // namespace DeckExport

} // namespace Present
