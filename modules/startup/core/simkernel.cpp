// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "simkernel.h"

#include <kit/stats.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace Startup {

using namespace Kit;

namespace Sim {

namespace {

std::uint64_t splitmix(std::uint64_t &x)
{
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

std::uint64_t substreamSeed(std::uint64_t seed, std::uint64_t index) noexcept
{
    // Hashed, so the seed is far from SEED + k * the golden gamma that stream 0's state walks.
    std::uint64_t x = seed ^ (index * 0xD1B54A32D192ED03ULL);
    splitmix(x);
    return splitmix(x);
}

Random::Random(std::uint64_t seed)
{
    for (auto &word : m_state)
        word = splitmix(seed);
}

std::uint64_t Random::next() noexcept
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double Random::normal() noexcept
{
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Random::empirical(const std::vector<double> &values,
                         const std::vector<double> &weights) noexcept
{
    double total = 0;
    for (const double w : weights)
        total += w;
    double pick = uniform() * total;
    for (std::size_t i = 0; i < values.size() && i < weights.size(); ++i) {
        if (pick < weights[i])
            return values[i];
        pick -= weights[i];
    }
    return values.empty() ? 0.0 : values.back();
}

void Calendar::schedule(double time, Action action)
{
    m_events.push({time, m_sequence++, std::move(action)});
}

bool Calendar::step()
{
    if (m_events.empty())
        return false;
    // Move the action out before popping: it may schedule more events.
    Event event = std::move(const_cast<Event &>(m_events.top()));
    m_events.pop();
    m_now = event.time;
    ++m_executed;
    event.action();
    return true;
}

bool Calendar::stepUntil(double horizon)
{
    if (m_events.empty())
        return false;
    if (m_events.top().time > horizon) {
        m_now = std::max(m_now, horizon);
        return false;
    }
    return step();
}

double Tally::percentile(double q) const
{
    if (!m_sorted) {
        std::sort(m_values.begin(), m_values.end());
        m_sorted = true;
    }
    return Stats::quantileOfSorted(m_values, q);
}

void TimeAverage::reset(double time, double value)
{
    m_start = m_last = time;
    m_value = value;
    m_area = 0;
}

double TimeAverage::average(double time) const
{
    const double span = time - m_start;
    return span > 0 ? (m_area + m_value * (time - m_last)) / span : m_value;
}

std::size_t measuredCount(const std::vector<double> &samples)
{
    return std::size_t(
        std::count_if(samples.begin(), samples.end(), [](double x) { return !std::isnan(x); }));
}

double meanOf(const std::vector<double> &samples)
{
    double sum = 0;
    std::size_t n = 0;
    for (const double x : samples) {
        if (!std::isnan(x)) {
            sum += x;
            ++n;
        }
    }
    return n > 0 ? sum / double(n) : std::nan("");
}

double halfWidth95(const std::vector<double> &samples)
{
    const std::size_t n = measuredCount(samples);
    if (n < 2)
        return 0.0;
    const double mean = meanOf(samples);
    double ss = 0;
    for (const double x : samples) {
        if (!std::isnan(x))
            ss += (x - mean) * (x - mean);
    }
    const double sd = std::sqrt(ss / double(n - 1));
    // Student's t, 97.5th percentile, for n - 1 degrees of freedom.
    static const double t[]
        = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
           2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
           2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    const std::size_t df = n - 1;
    const double quantile = df <= 30 ? t[df - 1] : 1.96 + 2.4 / double(df);
    return quantile * sd / std::sqrt(double(n));
}

double erlangC(double arrivalRate, double serviceRate, int servers)
{
    const double a = arrivalRate / serviceRate; // offered load in Erlangs
    const double rho = a / servers;
    if (rho >= 1.0)
        return 1.0;
    // Sum a^k / k! for k < c, computed term by term to stay finite for large c.
    double term = 1.0;
    double sum = 1.0;
    for (int k = 1; k < servers; ++k) {
        term *= a / k;
        sum += term;
    }
    const double last = term * a / servers; // a^c / c!
    const double top = last / (1.0 - rho);
    return top / (sum + top);
}

} // namespace Sim

} // namespace Startup
