// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The recorder's cost (issue #4: at most 25 ns an event, under 2 % on the cpu workload).
#include <scheduler/engine.h>
#include <scheduler/recorder.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Scheduler;

int main()
{
    // 1. Cost of one record(): a clock read and an append to the worker's own buffer.
    constexpr int events = 5000000;
    std::vector<double> perEvent;
    for (int round = 0; round < 5; ++round) {
        Recorder recorder(1, true, events);
        const std::int64_t start = monotonicNs();
        for (int i = 0; i < events; ++i)
            recorder.record(0, (i & 1) ? WorkerState::Running : WorkerState::BlockedIo);
        perEvent.push_back(double(monotonicNs() - start) / events);
    }
    std::sort(perEvent.begin(), perEvent.end());

    // 2. The cpu workload with recording on and off, interleaved, median of 7 each.
    auto wall = [](bool record) {
        MeasureOptions o;
        o.model = Model::Gil; // the model that records the most (every GIL hand-off)
        o.workload = Workload::Cpu;
        o.workers = 2;
        o.tasks = 8;
        o.taskMs = 10;
        o.record = record;
        return runMeasurement(o).wallMs;
    };
    std::vector<double> on, off;
    for (int i = 0; i < 7; ++i) {
        off.push_back(wall(false));
        on.push_back(wall(true));
    }
    std::sort(on.begin(), on.end());
    std::sort(off.begin(), off.end());
    const QJsonObject result{
        {QStringLiteral("record_ns_per_event_median"), perEvent[2]},
        {QStringLiteral("cpu_wall_ms_recording_on"), on[3]},
        {QStringLiteral("cpu_wall_ms_recording_off"), off[3]},
        {QStringLiteral("recording_slowdown_percent"), (on[3] - off[3]) / off[3] * 100.0}};
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
