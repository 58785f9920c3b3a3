// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>

#include <atomic>
#include <cstdint>
#include <functional>

namespace Startup {

/** The M/M/c validation model: Poisson arrivals, exponential service, C servers, FIFO. */
struct MmcParams
{
    double arrivalRate = 0.9;
    double serviceRate = 1.0;
    int servers = 1;
    long long jobs = 100000;      // jobs measured, after the warm-up
    long long warmupJobs = 10000; // jobs simulated first and then forgotten
    std::uint64_t seed = 1;

    bool operator==(const MmcParams &other) const = default;
};

/** The jobs a run of PARAMS simulates, warm-up included. */
long long totalJobs(const MmcParams &params);

/** What one run of the model measured (times in the model's unit). */
struct MmcResult
{
    double meanWait = 0;
    double meanResponse = 0;
    double meanQueueLength = 0;
    double utilization = 0;
    double probWait = 0;
    long long jobs = 0;
    std::uint64_t events = 0;
    double wallMs = 0;
    bool stopped = false;

    QJsonObject toJson() const;
};

/** The same quantities from queueing theory: Erlang C and Little's law. */
struct MmcTheory
{
    double probWait = 0;
    double meanWait = 0;
    double meanResponse = 0;
    double meanQueueLength = 0;
    double utilization = 0;

    static MmcTheory of(const MmcParams &params);
    QJsonObject toJson() const;
};

/**
 * Simulates PARAMS; deterministic for a seed. STOP ends it at once; PROGRESS, when given, hears
 * the share of jobs done (0..1) every few thousand jobs.
 */
MmcResult simulateMmc(const MmcParams &params,
                      const std::atomic<bool> *stop = nullptr,
                      const std::function<void(double)> &progress = {});

} // namespace Startup
