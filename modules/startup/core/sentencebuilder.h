// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "narration.h"

#include <optional>

namespace Startup {

namespace Narration {

/** Writes a sentence piece by piece: words as they are, numbers with where they come from. */
class Builder
{
public:
    explicit Builder(QString rule = {}) { m_sentence.rule = std::move(rule); }

    Builder &operator<<(const QString &words);
    Builder &operator<<(const Quote &quote);
    /** A piece written by another builder, with its quotes. */
    Builder &operator<<(const Sentence &piece);
    Builder &fact(const QString &key, const QJsonValue &value);
    bool isEmpty() const { return m_sentence.text.isEmpty(); }
    /** The sentence, its first letter a capital. */
    Sentence done() const;
    /** The piece as it is, for another builder. */
    const Sentence &piece() const { return m_sentence; }

private:
    Sentence m_sentence;
};

/** VALUE of METRIC, read at SOURCE. */
Quote quote(double value, const Schema::Metric &metric, const QString &source);
/** VALUE of METRIC as a lower bound ("at least ..."), read at SOURCE: rounded down, never up. */
Quote lowerBound(double value, const Schema::Metric &metric, const QString &source);
/** An input or an x, read at SOURCE. */
Quote input(double value, const QString &source);
/** A count (replications, notifications), read at SOURCE. */
Quote count(double value, const QString &source);

/** A and B of METRIC, read at SOURCE_A and SOURCE_B, with as many more decimals as it takes
 *  (up to four) for two different values not to read alike. */
std::pair<Quote, Quote> apart(double a,
                              double b,
                              const Schema::Metric &metric,
                              const QString &sourceA,
                              const QString &sourceB);

/** N in words ("five"), for a small count a sentence says without quoting a value. */
QString wordFor(int n);
/** "about one time in four": how often at least one of N 95 % intervals misses by chance. */
QString oneMissOf(int n);

/** PIECES as "a, b and c" (LAST in place of "and": "a, b or c"). */
Sentence listed(const QList<Sentence> &pieces, const QString &last = {});

/** A metric's value at PATH ("points.3.mean") of RESULT. */
double numberAt(const QJsonObject &result, const QString &path);
/** Whether RESULT holds a number at PATH: null where no run measured it (no delivery, no
 * latency). */
bool measuredAt(const QJsonObject &result, const QString &path);

/**
 * The sentence on causes: which what-ifs of BREAKDOWN (at SOURCE in the result, e.g.
 * "breakdowns.1") moved its METRIC'th metric by a real difference, and which made none. PLACE
 * starts it ("At instances 8"); BRIEF names only the strongest cause. None when the breakdown
 * has no what-if. UNFINISHED, when given, says how few videos finished ("only 25.4 % of the
 * videos that arrived finished"): a turnaround is of finished videos only, and the sentence
 * says so, since a what-if that leaves videos unfinished changes which videos are counted.
 */
std::optional<Sentence> causes(const QJsonObject &breakdown,
                               const QString &source,
                               const QString &model,
                               int metric,
                               const Sentence &place,
                               bool brief,
                               const std::optional<Sentence> &unfinished = std::nullopt);

} // namespace Narration

} // namespace Startup
