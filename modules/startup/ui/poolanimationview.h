// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <startup/poolanimation.h>

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace Startup {

/**
 * The transcoding run played back with every job where it is: waiting in the broker's queue,
 * prefetched and hoarded inside a machine, in a machine's slot, or at the outside service;
 * machines booting, running or crashed; synced to simulated time at a chosen speed.
 */
class PoolAnimationView final : public QWidget
{
    Q_OBJECT

public:
    explicit PoolAnimationView(QWidget *parent = nullptr);

    /** SERVICE: the scenario sends overflow to an outside service (drawn as its own column). */
    void setFrames(std::vector<PoolFrame> frames, int slotsPerMachine, bool service = false);
    /** Simulated minutes per real second. */
    void setSpeed(double minutesPerSecond) { m_speed = minutesPerSecond; }
    void play();
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    /** Shows frame INDEX. */
    void showFrame(std::size_t index);
    /** Whether the last frame is showing (the button then reads Play again). */
    bool atEnd() const { return !m_frames.empty() && m_current + 1 >= m_frames.size(); }
    const std::vector<PoolFrame> &frames() const { return m_frames; }
    std::size_t currentFrame() const { return m_current; }
    std::size_t frameCount() const { return m_frames.size(); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void frameChanged(std::size_t index);
    /** Playback started or stopped (by itself at the end, too). */
    void playingChanged(bool playing);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<PoolFrame> m_frames;
    int m_slots = 1;
    bool m_service = false;
    std::size_t m_current = 0;
    double m_speed = 60;
    double m_elapsed = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace Startup
