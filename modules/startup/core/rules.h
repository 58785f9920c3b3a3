// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "schema.h"

#include <QJsonObject>

#include <optional>
#include <vector>

namespace Startup {

/**
 * The rules Startup Sim's sentences are read off: pure functions of the plotted points and their
 * 95 % intervals, and of the queue-length samples a run recorded. A sentence says what a rule
 * found, and nothing where no rule fires.
 */
namespace Rules {

/** A plotted point: the mean over the replications and its 95 % confidence interval. */
struct Point
{
    double x = 0;
    double mean = 0;
    double low = 0;
    double high = 0;
    // Each replication's value (NaN where it measured none): the same seeds at every point of
    // a sweep, so two points' runs pair up. Empty where they are not known.
    std::vector<double> runs = {};
    // Whether Student's t reached past what the quantity can be, and the interval was cut there.
    bool cut = false;
};

/** Below this many runs, Student's t makes a 95 % interval so wide that a value inside it says
 *  little: a sentence that finds agreement says so. */
constexpr int FewRuns = 5;

/** The fewest paired runs a what-if's change is told apart from chance with: two pairs give
 *  Student's t one degree of freedom, their spread a guess from one difference. */
constexpr int MinPairs = 3;

/** The fewest points a plateau has: two overlapping points are not yet a plateau. */
constexpr int MinPlateau = 3;

/** The interval of a mean over replications: MEAN ± HALFWIDTH, kept inside what METRIC can be
 *  (never below LEAST, itself at least 0; a share never above 1). */
Point interval(
    double x, double mean, double halfWidth, const Schema::Metric &metric, double least = 0);

/** The least value METRIC can take in a run of INPUT (the scenario as run): 0 unless the metric
 *  names an input that bounds it (a delivery's latency is at least the network's delay). */
double least(const Schema::Metric &metric, const QJsonObject &input);

/** The exact (Clopper-Pearson) 95 % interval of a share that was 0 or 1 in every one of N
 *  trials: [0, 1 - 0.025^(1/N)] or [0.025^(1/N), 1]. Runs that all agree give Student's t no
 *  spread, yet a handful of videos, every one kept, does not make the share certain. */
Point allOrNone(double share, double n);

/** Whether the intervals of A and B share a value: then the runs cannot tell them apart. */
bool overlap(const Point &a, const Point &b);

/** Whether the intervals of POINTS[FIRST..LAST] all share one value (the highest low is at most
 *  the lowest high). */
bool shareAValue(const std::vector<Point> &points, int first, int last);

/** The difference B - A of runs paired replication by replication (the same seeds; a run that
 *  measured nothing, NaN, drops its pair): its mean and 95 % half-width (Student's t). Empty
 *  with fewer than two pairs. */
struct Difference
{
    double mean = 0;
    double half = 0;
    std::size_t pairs = 0; // the runs both sides measured
};
std::optional<Difference> pairedDifference(const std::vector<double> &a,
                                           const std::vector<double> &b);

/** Whether A's and B's runs, paired replication by replication (the same seeds), differ by
 *  more than chance: the paired difference's 95 % interval (Student's t) leaves out zero.
 *  False with fewer than two pairs. */
bool pairedApart(const Point &a, const Point &b);

/** The plateau: the first index from which every point to the end shares one value, with at
 *  least MinPlateau points, and whose runs, paired, show no point apart from another (a curve
 *  whose every seed climbs is not flat, however wide its intervals); -1 when there is none. */
int plateauStart(const std::vector<Point> &points);

/** The knee: the plateau's start when the point just before it is apart from it (their
 *  intervals do not overlap) and the means past it move per step at most half as far as at
 *  that step (the curve bends there); -1 otherwise. */
int knee(const std::vector<Point> &points);

/** The point with the best mean as BETTER reads it; -1 for Better::Neither or no points. */
int best(const std::vector<Point> &points, Schema::Better better);

/** The points whose intervals overlap point BEST's, in order (BEST among them). */
std::vector<int> likeBest(const std::vector<Point> &points, int best);

/** What a run's queue-length samples after its warm-up say. */
struct QueueFacts
{
    int samples = 0;         // after the warm-up
    int empty = 0;           // of them, with nobody waiting in the broker's queue
    double atEnd = 0;        // the last sample
    bool grewAllDay = false; // never empty after the warm-up, and longest at the end
};

/** The facts of one run's result (its "over_time" samples), from WARMUPMINUTES on. */
QueueFacts queueFacts(const QJsonObject &result, double warmupMinutes);

} // namespace Rules

} // namespace Startup
