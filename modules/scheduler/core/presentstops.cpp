// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presentstops.h"

#include <QCoreApplication>

#include <algorithm>
#include <map>

namespace Scheduler {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Scheduler::StepRule", text);
}

constexpr std::int64_t NsPerMs = 1'000'000;
constexpr int FallbackStops = 20;

std::vector<std::int64_t> lockWaits(const Timeline &timeline)
{
    std::vector<std::int64_t> times;
    for (const Segment &s : timeline.segments) {
        if (s.state == WorkerState::WaitingLock)
            times.push_back(s.start);
    }
    return times;
}

std::vector<std::int64_t> taskStarts(const Timeline &timeline)
{
    // A task's mark can come a moment before its worker's running stretch: the stop is where the
    // worker is seen running it (the narration and the cores then say so), else the mark.
    std::vector<std::int64_t> times;
    times.reserve(timeline.taskStarts.size());
    for (const Mark &m : timeline.taskStarts) {
        std::int64_t at = m.t;
        std::int64_t best = -1;
        for (const Segment &s : timeline.segments) {
            if (s.lane == m.lane && s.state == WorkerState::Running && s.start >= m.t
                && (best < 0 || s.start < best))
                best = s.start;
        }
        if (best >= 0 && (timeline.end - timeline.start) / 50 >= best - m.t)
            at = best;
        times.push_back(at);
    }
    return times;
}

std::vector<std::int64_t> every(const Timeline &timeline, std::int64_t step)
{
    std::vector<std::int64_t> times;
    for (std::int64_t t = timeline.start + step; t < timeline.end; t += step)
        times.push_back(t);
    return times;
}

/** Keeps the first of stops closer together than GAP: at most about (end - start) / GAP. */
std::vector<std::int64_t> thinned(const std::vector<std::int64_t> &times, std::int64_t gap)
{
    std::vector<std::int64_t> kept;
    for (const std::int64_t t : times) {
        if (kept.empty() || t - kept.back() >= gap)
            kept.push_back(t);
    }
    return kept;
}

} // namespace

std::optional<StepRule> StepRule::parse(const QString &text, QString *error)
{
    const QString value = text.trimmed();
    StepRule rule;
    if (value == QLatin1String("events"))
        rule.by = By::Events;
    else if (value == QLatin1String("handoff"))
        rule.by = By::Handoff;
    else if (value == QLatin1String("lock"))
        rule.by = By::Lock;
    else if (value == QLatin1String("task"))
        rule.by = By::Task;
    else if (value.startsWith(QLatin1String("ms:"))) {
        bool ok = false;
        const double ms = value.mid(3).toDouble(&ok);
        if (!ok || !(ms >= 0.01 && ms <= 60'000)) {
            if (error)
                *error = tr("\"%1\": ms:N steps every N milliseconds of the run, N from 0.01 to "
                            "60000 (ms:5)")
                             .arg(value.left(40));
            return std::nullopt;
        }
        rule.by = By::Every;
        rule.everyNs = std::int64_t(ms * double(NsPerMs));
    } else {
        if (error)
            *error = tr("\"%1\" is not a way to step (%2)")
                         .arg(value.left(40), choices().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    return rule;
}

QStringList StepRule::choices()
{
    return {QStringLiteral("events"),
            QStringLiteral("handoff"),
            QStringLiteral("lock"),
            QStringLiteral("task"),
            QStringLiteral("ms:N")};
}

std::vector<std::int64_t> gilHandoffs(const Timeline &timeline)
{
    std::vector<const Segment *> held;
    held.reserve(timeline.gilSegments.size());
    for (const Segment &s : timeline.gilSegments)
        held.push_back(&s);
    std::stable_sort(held.begin(), held.end(), [](const Segment *a, const Segment *b) {
        return a->start < b->start;
    });
    std::map<int, int> lastHolder; // process -> the thread that held its GIL last
    std::vector<std::int64_t> times;
    for (const Segment *s : held) {
        const int process = timeline.processOf(s->lane);
        const auto last = lastHolder.find(process);
        if (last != lastHolder.end() && last->second != s->lane)
            times.push_back(s->start);
        lastHolder[process] = s->lane;
    }
    return times;
}

std::vector<std::int64_t>
presentStops(const Timeline &timeline, const StepRule &rule, bool *fellBack)
{
    if (fellBack)
        *fellBack = false;
    const std::int64_t span = timeline.end - timeline.start;
    if (span <= 0)
        return {};
    std::vector<std::int64_t> times;
    switch (rule.by) {
    case StepRule::By::Handoff:
        times = gilHandoffs(timeline);
        break;
    case StepRule::By::Lock:
        times = lockWaits(timeline);
        break;
    case StepRule::By::Task:
        times = taskStarts(timeline);
        break;
    case StepRule::By::Every:
        times = every(timeline, std::max<std::int64_t>(rule.everyNs, 1));
        break;
    case StepRule::By::Events:
        for (const auto &part : {gilHandoffs(timeline), lockWaits(timeline), taskStarts(timeline)})
            times.insert(times.end(), part.begin(), part.end());
        break;
    }
    std::erase_if(times, [&](std::int64_t t) { return t <= timeline.start || t >= timeline.end; });
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    // A clicker's worth: at most about MaxStops a run, whatever the rule (a lock wait every
    // millisecond would be a thousand presses).
    times = thinned(times, span / StepRule::MaxStops);
    if (times.empty() && rule.by != StepRule::By::Every) {
        if (fellBack)
            *fellBack = true;
        times = every(timeline, std::max<std::int64_t>(span / FallbackStops, 1));
    }
    times.push_back(timeline.end);
    return times;
}

} // namespace Scheduler
