// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runcontroller.h"

namespace Scheduler {

using namespace Kit;

RunController::RunController(QObject *parent)
    : QObject(parent)
{
    connect(&m_job, &BackgroundJob::finished, this, [this](bool stopped) {
        m_current = -1;
        emit batchFinished(stopped);
    });
}

bool RunController::start(const QList<MeasureOptions> &runs)
{
    return m_job.start([this, runs](const BackgroundJob::Context &c) {
        for (int i = 0; i < runs.size() && !c.stop.load(); ++i) {
            m_current = i;
            RunRecord result = runMeasurement(runs.at(i), &c.stop, &m_live);
            c.post([this, i, result = std::move(result)] { emit runFinished(i, result); });
        }
    });
}

} // namespace Scheduler
