// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/cpuload.h>

#include <QTimer>
#include <QWidget>

class QLabel;

namespace Scheduler {

class CoreBars;

/**
 * What the whole machine is doing, every program, not only ours: a bar per core and a caption
 * saying how many cores' worth other programs use (and when that makes timings unreliable).
 * Between runs it samples itself once a second while shown; during a run whoever shows the
 * run's live numbers calls sample() with them.
 */
class MachineMeter final : public QWidget
{
    Q_OBJECT

public:
    explicit MachineMeter(QWidget *parent = nullptr);

    /** Reads the cores since the last reading and shows it. */
    void sample();
    /** A run started (the meter waits to be sampled) or ended (it samples itself again). */
    void setRunning(bool running);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    CpuSampler m_cpu;
    QTimer m_idleTimer;
    bool m_running = false;
    QLabel *m_caption = nullptr;
    CoreBars *m_bars = nullptr;
};

} // namespace Scheduler
