// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "schema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Startup {

/**
 * Every sentence and table Startup Sim shows, read off the results by explicit rules (rules.h):
 * the views only display what this returns. A sentence carries the numbers it quotes, each with
 * the path in the result it was read from, so tests can check that every quoted number is on the
 * plot, in the table beside it, or an input; where no rule fires, nothing is said.
 */
namespace Narration {

/** A number a sentence quotes: as written, its value, and the dotted path in the JSON the
 *  sentence was read from ("points.5.mean", "spec.replications"; "input.KEY" for a field of the
 *  scenario). */
struct Quote
{
    QString text;
    double value = 0;
    QString source;
};

/** A sentence: the rule that said it, its words, what it quotes, and the facts a test checks
 *  it against ({"points": [5, 6, 7]}, {"point": 7, "causes": ["hoarding"]}). ADVICE: it speaks
 *  to the learner at the module's form ("untick it and run again"); a presenter's stage, where
 *  the form is not shown, leaves it out. */
struct Sentence
{
    QString rule;
    QString text;
    QList<Quote> quotes;
    QJsonObject facts;
    bool advice = false;
};

/** A table as shown: headers (each with its unit) and rows of cells; CHOSEN, the row of what
 *  the scenario chose (the feed's delivery), set in bold, or -1. */
struct Table
{
    QStringList headers;
    QList<QStringList> rows;
    int chosen = -1;
};

/** The sentences as JSON: [{"rule", "text", "quotes": [{"text", "value", "source"}]}], with
 *  "advice": true on a sentence that speaks to the learner at the form. */
QJsonArray toJson(const QList<Sentence> &sentences);
/** SENTENCES back from toJson(). */
QList<Sentence> fromJson(const QJsonArray &sentences);
/** The sentences as the views show them: one a line, each number kept on the line of its unit
 *  (Kit::bindUnits). */
QString lines(const QList<Sentence> &sentences);
/** SENTENCES without those that speak to the learner at the form: what a stage says. */
QList<Sentence> withoutAdvice(const QList<Sentence> &sentences);

/** VALUE of METRIC as written everywhere (a share as a percentage; a metric's own decimals). */
QString format(double value, const Schema::Metric &metric);
/** VALUE of METRIC quoted from SOURCE with at least the decimals of LIKE (an interval's ends
 *  written to the precision of the mean they are around). */
Quote quoteLike(double value,
                const Schema::Metric &metric,
                const QString &source,
                const Quote &like);
/** VALUE of METRIC written as a lower bound: rounded down to the digits format() shows. */
QString formatLowerBound(double value, const Schema::Metric &metric);
/** The unit METRIC's values are written in ("%" for a share). */
QString unit(const Schema::Metric &metric);
/** A swept or input value as written. */
QString formatInput(double value);

// ---- sweeps

/** The sentences under a sweep's plot, from Sweep::run's result: what changed for the sweep,
 *  the interval, the ends, a plateau and its knee, the best point, the queue, and the causes at
 *  both ends from the what-if runs. */
QList<Sentence> sweep(const QJsonObject &result);
/** The table beside the plot: each point's x, mean, interval, and the queue's samples. */
Table sweepTable(const QJsonObject &result);
/** Point INDEX of a sweep's RESULT in words: "instances 8". */
QString pointName(const QJsonObject &result, int index);

// ---- "what made it late"

/** The title of MODEL's breakdown, which the learner opens ("What made it late?"). */
QString breakdownTitle(const QString &model);
/** Breakdown BREAKDOWN (Counterfactual::breakdown's) of MODEL for its METRIC'th metric: one
 *  row per what-if. */
Table breakdownTable(const QJsonObject &breakdown, const QString &model, int metric);
/** How to read a breakdown: the pairing, when a change is told apart, that effects overlap. */
QList<Sentence> breakdownMethod(const QJsonObject &breakdown);

// ---- results pages (Report::run's results)

/** The fields the scenario left out and took from the defaults ("defaults" in REPORT, read at
 *  "input"), so that a missing field is never silent. None when it gave every one. */
std::optional<Sentence> defaults(const QJsonObject &report);

/** The transcoding day: the promise with its interval, turnarounds, machines, losses, cost,
 *  the queue in the day plotted, and what made videos late. */
QList<Sentence> transcoding(const QJsonObject &report);
/** The feed: the latency curves' cut, which delivery is fastest, what was missed and why. */
QList<Sentence> feed(const QJsonObject &report);
/** The feed's table: one row per delivery, units on every column, missed as "N of M (x %)". */
Table feedTable(const QJsonObject &report);
/** M/M/c: how often the theory lies inside the simulation's intervals. */
QList<Sentence> mmc(const QJsonObject &result);
Table mmcTable(const QJsonObject &result);
/** The slow ORM: which database, with or without the comment index. */
QList<Sentence> orm(const QJsonObject &result);
Table ormTable(const QJsonObject &result);

} // namespace Narration

} // namespace Startup
