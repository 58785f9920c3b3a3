// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

namespace Startup {

/**
 * Startup Sim's one entry: a scenario (JSON, as a file has it) in, a result (JSON) out. The view,
 * `curtain simulate` and sweeps all call it, so they check scenarios the same way (schema.h),
 * seed replications the same way, and report the same shape.
 */
namespace Simulation {

struct Request
{
    QJsonObject scenario;
    QString source;                    // names the scenario in messages ("transcoding.json")
    std::optional<std::uint64_t> seed; // overrides the scenario's
    int replications = 1;              // independent runs; metrics become means with ci95
    bool detail = false;               // also the series the view draws (frames, histograms)
    QString dataFolder;                // where the ORM's databases live unless the scenario says
};

/** How a long run talks back: a stop flag it checks, progress (0..1), partial results, and each
 *  replication the result counts (K from 0, with its own full result) for those who pair runs. */
struct Control
{
    const std::atomic<bool> *stop = nullptr;
    std::function<void(double)> progress;
    std::function<void(const QJsonObject &)> partial;
    std::function<void(int, const QJsonObject &)> replication;
};

/** The largest number of replications a request may ask for. */
constexpr int MaxReplications = 1000;

/** The seed replication K of a run seeded SEED uses: one scheme everywhere. */
std::uint64_t replicationSeed(std::uint64_t seed, int k);

/**
 * METRIC (a path) as ONE run measured it; NaN when the run has no such value (a feed that
 * delivered nothing has no latency), which means, intervals and pairs then leave out.
 */
double measured(const QJsonObject &one, const QString &metric);

/** Why REQUEST cannot run (scenario, seed, replications), naming the field; empty when it can. */
QString check(const Request &request);

/**
 * Runs REQUEST. The result holds "model", "seed" (as text), "replications", the first
 * replication's full result with every metric of the model replaced by its mean over the
 * replications, "ci95" (half-widths by metric path) when there are two or more, "stopped" when
 * CONTROL's stop ended it early, and "wall_ms". On a bad request: an empty object and *error.
 */
QJsonObject run(const Request &request, const Control &control, QString *error);

} // namespace Simulation

} // namespace Startup
