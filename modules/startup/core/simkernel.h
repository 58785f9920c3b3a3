// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonValue>
#include <QString>

#include <cmath>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace Startup {

/**
 * The discrete-event kernel under every Startup Sim scenario: an event calendar, a seeded random
 * generator with its own distributions (so the same seed gives the same numbers on every
 * compiler and library), and online statistics.
 */
namespace Sim {

/** SplitMix64-seeded xoshiro256**: fast, and the same stream everywhere for the same seed. */
class Random
{
public:
    explicit Random(std::uint64_t seed);
    std::uint64_t next() noexcept;
    /** Uniform in [0, 1), 53 bits. */
    double uniform() noexcept { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) noexcept { return low + (high - low) * uniform(); }
    /** Exponential with RATE (mean 1/rate). */
    double exponential(double rate) noexcept { return exponentialMean(1.0 / rate); }
    /** Exponential with MEAN: one multiplication instead of a division, for hot loops. */
    double exponentialMean(double mean) noexcept { return -std::log(1.0 - uniform()) * mean; }
    /** Standard normal (Box-Muller, one value per call: nothing cached between calls). */
    double normal() noexcept;
    /** Lognormal whose underlying normal has MU and SIGMA. */
    double lognormal(double mu, double sigma) noexcept { return std::exp(mu + sigma * normal()); }
    /** One of VALUES, drawn with WEIGHTS (an empirical distribution). */
    double empirical(const std::vector<double> &values,
                     const std::vector<double> &weights) noexcept;

private:
    std::uint64_t m_state[4];
};

/** The seed of stream INDEX (1, 2, ...) of a run seeded with SEED: independent of stream 0 (the
 *  run's own, seeded with SEED) and of every other index. */
std::uint64_t substreamSeed(std::uint64_t seed, std::uint64_t index) noexcept;

/** Events in time order; equal times keep the order they were scheduled in (stable). */
class Calendar
{
public:
    using Action = std::function<void()>;

    void schedule(double time, Action action);
    /** Runs the next event; false when there is none. */
    bool step();
    /** Runs the next event if it is due at or before HORIZON; false otherwise (the clock then
     *  stands at HORIZON when events remain beyond it, or at the last event when none do). */
    bool stepUntil(double horizon);
    double now() const { return m_now; }
    bool empty() const { return m_events.empty(); }
    std::uint64_t executed() const { return m_executed; }

private:
    struct Event
    {
        double time;
        std::uint64_t sequence;
        Action action;
        bool operator>(const Event &other) const
        {
            return time != other.time ? time > other.time : sequence > other.sequence;
        }
    };
    std::priority_queue<Event, std::vector<Event>, std::greater<>> m_events;
    double m_now = 0;
    std::uint64_t m_sequence = 0;
    std::uint64_t m_executed = 0;
};

/**
 * Mean and variance in one pass, with sums shifted by the first value (stable without a division
 * per value, which matters in the hot loop), plus the values for percentiles when asked.
 */
class Tally
{
public:
    explicit Tally(bool keepValues = false)
        : m_keep(keepValues)
    {}
    void add(double x)
    {
        if (m_n == 0)
            m_shift = x;
        ++m_n;
        const double d = x - m_shift;
        m_sum += d;
        m_sumSquares += d * d;
        if (m_keep) {
            m_values.push_back(x);
            m_sorted = false;
        }
    }
    long long count() const { return m_n; }
    double mean() const { return m_n > 0 ? m_shift + m_sum / double(m_n) : 0.0; }
    double variance() const
    {
        return m_n > 1 ? (m_sumSquares - m_sum * m_sum / double(m_n)) / double(m_n - 1) : 0.0;
    }
    /** The Q-quantile (0..1) of the kept values, linear interpolation; 0 without values. */
    double percentile(double q) const;
    /** The kept values (in no promised order). */
    const std::vector<double> &values() const { return m_values; }

private:
    bool m_keep;
    long long m_n = 0;
    double m_shift = 0;
    double m_sum = 0;
    double m_sumSquares = 0;
    mutable std::vector<double> m_values;
    mutable bool m_sorted = true;
};

/** The time-weighted average of a piecewise-constant quantity (a queue length, busy servers). */
class TimeAverage
{
public:
    /** Starts (or restarts, for warm-up deletion) averaging at TIME with the current VALUE. */
    void reset(double time, double value);
    /** The quantity becomes VALUE at TIME. */
    void update(double time, double value)
    {
        m_area += m_value * (time - m_last);
        m_last = time;
        m_value = value;
    }
    /** The average up to TIME. */
    double average(double time) const;

private:
    double m_start = 0;
    double m_last = 0;
    double m_value = 0;
    double m_area = 0;
};

/**
 * A run's value that the run did not measure (a feed that delivered nothing has no latency) is
 * NaN among replications' values: the three below leave it out.
 */
std::size_t measuredCount(const std::vector<double> &samples);

/** The mean of SAMPLES' measured values, NaN when none was measured. */
double meanOf(const std::vector<double> &samples);

/** The half-width of a 95 % confidence interval for the mean of SAMPLES' measured values
 * (Student's t); 0 with fewer than two. */
double halfWidth95(const std::vector<double> &samples);

/** V as JSON, null when it is NaN (a value the run did not measure). */
inline QJsonValue measuredOrNull(double v)
{
    return std::isnan(v) ? QJsonValue() : QJsonValue(v);
}

/** Erlang C: the probability that an arrival waits in an M/M/c queue. */
double erlangC(double arrivalRate, double serviceRate, int servers);

} // namespace Sim

} // namespace Startup
