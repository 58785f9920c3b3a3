// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/preset.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Present {

/** A problem in a deck, at a line of its file (1 is the first). */
struct DeckProblem
{
    int line = 0;
    QString message;
    /** "line N: message", as a slide's card and the console show it. */
    QString text() const;
};

/** One `key: value` line of a demo block. */
struct DemoEntry
{
    QString key;
    QString value;
    int line = 0;
};

/** A fenced ```demo MODULE block: the module's id and its preset, as written. */
struct DemoBlock
{
    QString module;
    QList<DemoEntry> entries;
    int line = 0; // the opening fence
    /** The value of KEY, or FALLBACK when the block does not set it. */
    QString value(const QString &key, const QString &fallback = {}) const;
};

/** One slide: what the audience sees (Markdown), the presenter's notes, its demo. */
struct Slide
{
    int line = 0;        // its first line in the file
    QString title;       // its first heading, without the #s
    QString markdown;    // the visible text: no notes, no demo block, no comments
    QString notes;       // Markdown, for the console only
    int items = 0;       // `+` list items, revealed one per stop
    qint64 targetMs = 0; // the time the deck gives it (a `Time: 2m` line), 0 when none
    std::optional<DemoBlock> demo;
    QString code;         // the slide's first ```python block (a demo's `source: slide`)
    QStringList pictures; // resolved paths of the pictures it shows
    QList<DeckProblem> problems;
    // The visible lines, and for each the `+` item it belongs to (-1: none): markdownAt's input.
    QStringList visibleLines;
    QList<int> itemOfLine;

    /** The visible Markdown with the first REVEALED `+` items shown (as ordinary items) and the
     *  others left out. */
    QString markdownAt(int revealed) const;
    /** The demo's preset as its module takes it (files relative to DECKDIR, the slide's code);
     *  empty when the slide has no demo. */
    Kit::DemoPreset demoPreset(const QString &deckDir) const;
};

/**
 * A deck: Markdown slides separated by `---` lines, with `Notes:`, `+` items revealed per click,
 * pictures relative to the file and live demo blocks (docs/decks.md). Parsing never fails: each
 * problem is kept with its line, on the slide it belongs to, and the rest of the deck is usable.
 */
struct Deck
{
    QString path;  // the file, when read from one
    QString title; // the first heading of the first slide
    QList<Slide> slides;
    QByteArray content;    // the file's bytes, when read from one (what trusting it trusts)
    qint64 durationMs = 0; // the talk's length (front matter's `duration:`), 0 when not given

    /** Parses TEXT; pictures resolve against BASEDIR. */
    static Deck parse(const QString &text, const QString &baseDir);
    /** Reads and parses the file PATH; on a read error, *ERROR names the file and why. Files over
     *  MaxBytes are refused. */
    static std::optional<Deck> read(const QString &path, QString *error);

    static constexpr qint64 MaxBytes = qint64(4) * 1024 * 1024;

    /** Every problem of every slide, in line order. */
    QList<DeckProblem> problems() const;
    /** The folder pictures and demo files are relative to. */
    QString baseDir() const;
    /** The slide of this deck that is WAS (a slide of an earlier read of it, at index NEAR): the
     *  same title and text, else the same title, nearest NEAR; else NEAR, clamped. */
    int find(const Slide &was, int near) const;
    /** The sum of the slides' targets before slide SLIDE (0: none set). */
    qint64 targetBefore(int slide) const;
    /** Whether any slide has a target. */
    bool hasTargets() const;
};

/** A time written for people: "30m", "30 min", "1h 30m", "90s", "25:00" (minutes and seconds),
 *  "1:30:00"; nullopt when it is none of those or not above zero. */
std::optional<qint64> parseDuration(const QString &text);
/** MS as a talk's clock shows it: "4:05", "1:02:03". */
QString durationText(qint64 ms);

} // namespace Present
