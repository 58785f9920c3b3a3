// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "rules.h"

#include "simkernel.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace Rules {

Point interval(double x, double mean, double halfWidth, const Schema::Metric &metric, double least)
{
    // Cutting an interval to the values the quantity can take keeps its coverage.
    const double top = metric.unit == QLatin1String("share") ? 1.0 : HUGE_VAL;
    const double bottom = std::max(0.0, least);
    Point p{x, mean, std::max(bottom, mean - halfWidth), std::min(top, mean + halfWidth)};
    // Past by more than float noise: every run at the least value gives a zero-width interval.
    const double noise = 1e-9 * std::max(1.0, std::abs(mean));
    p.cut = mean - halfWidth < bottom - noise || mean + halfWidth > top + noise;
    return p;
}

Point allOrNone(double share, double n)
{
    const double bound = n > 0 ? std::pow(0.025, 1.0 / n) : 0.0;
    return share >= 1 ? Point{0, 1, bound, 1} : Point{0, 0, 0, 1 - bound};
}

double least(const Schema::Metric &metric, const QJsonObject &input)
{
    if (metric.leastField.isEmpty())
        return 0;
    return std::max(0.0, input.value(metric.leastField).toDouble() * metric.leastScale);
}

bool overlap(const Point &a, const Point &b)
{
    return a.low <= b.high && b.low <= a.high;
}

bool shareAValue(const std::vector<Point> &points, int first, int last)
{
    double highestLow = -HUGE_VAL;
    double lowestHigh = HUGE_VAL;
    for (int i = first; i <= last; ++i) {
        highestLow = std::max(highestLow, points[std::size_t(i)].low);
        lowestHigh = std::min(lowestHigh, points[std::size_t(i)].high);
    }
    return highestLow <= lowestHigh;
}

std::optional<Difference> pairedDifference(const std::vector<double> &a,
                                           const std::vector<double> &b)
{
    std::vector<double> differences;
    for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) {
        if (!std::isnan(a[k]) && !std::isnan(b[k]))
            differences.push_back(b[k] - a[k]);
    }
    if (differences.size() < 2)
        return std::nullopt;
    return Difference{Sim::meanOf(differences), Sim::halfWidth95(differences), differences.size()};
}

bool pairedApart(const Point &a, const Point &b)
{
    const std::optional<Difference> d = pairedDifference(a.runs, b.runs);
    return d && (d->mean - d->half > 0 || d->mean + d->half < 0);
}

int plateauStart(const std::vector<Point> &points)
{
    const int last = int(points.size()) - 1;
    int start = -1;
    auto pairedFlat = [&points, last](int k) {
        for (int j = k + 1; j <= last; ++j) {
            if (pairedApart(points[std::size_t(k)], points[std::size_t(j)]))
                return false;
        }
        return true;
    };
    for (int k = last; k >= 0 && shareAValue(points, k, last) && pairedFlat(k); --k)
        start = k;
    return start >= 0 && last - start + 1 >= MinPlateau ? start : -1;
}

int knee(const std::vector<Point> &points)
{
    const int start = plateauStart(points);
    if (start <= 0)
        return -1;
    if (overlap(points[std::size_t(start - 1)], points[std::size_t(start)]))
        return -1;
    // A bend, not noise: past it the means move per step at most half as far as at the step
    // into it (overlapping intervals alone can hide a curve that keeps its slope).
    const int last = int(points.size()) - 1;
    const double into
        = std::abs(points[std::size_t(start)].mean - points[std::size_t(start - 1)].mean);
    const double after = std::abs(points[std::size_t(last)].mean - points[std::size_t(start)].mean)
                         / (last - start);
    return after <= 0.5 * into ? start : -1;
}

int best(const std::vector<Point> &points, Schema::Better better)
{
    if (better == Schema::Better::Neither || points.empty())
        return -1;
    int index = 0;
    for (int i = 1; i < int(points.size()); ++i) {
        const double m = points[std::size_t(i)].mean;
        const double b = points[std::size_t(index)].mean;
        if (better == Schema::Better::Lower ? m < b : m > b)
            index = i;
    }
    return index;
}

std::vector<int> likeBest(const std::vector<Point> &points, int best)
{
    std::vector<int> like;
    for (int i = 0; i < int(points.size()); ++i) {
        if (overlap(points[std::size_t(i)], points[std::size_t(best)]))
            like.push_back(i);
    }
    return like;
}

QueueFacts queueFacts(const QJsonObject &result, double warmupMinutes)
{
    const QJsonObject overTime = result.value(QStringLiteral("over_time")).toObject();
    const QJsonArray minutes = overTime.value(QStringLiteral("minute")).toArray();
    const QJsonArray queue = overTime.value(QStringLiteral("queue_length")).toArray();
    QueueFacts facts;
    double first = 0;
    double longest = 0;
    for (qsizetype i = 0; i < minutes.size() && i < queue.size(); ++i) {
        if (minutes.at(i).toDouble() < warmupMinutes)
            continue;
        const double q = queue.at(i).toDouble();
        if (facts.samples == 0)
            first = q;
        ++facts.samples;
        facts.empty += q == 0;
        longest = std::max(longest, q);
        facts.atEnd = q;
    }
    facts.grewAllDay
        = facts.samples >= 2 && facts.empty == 0 && facts.atEnd >= longest && facts.atEnd > first;
    return facts;
}

} // namespace Rules

} // namespace Startup
