// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/timeline.h>

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSlider;

namespace Scheduler {

class ReplayScene;
class TimelineView;

/**
 * Scheduler Lab's Timeline page: the runs of a batch stacked on one time axis, and one of them
 * replayed in slow motion on the cores it really ran on (the scene above the timeline), with a
 * Replay button, a speed, a scrubber and the narration of the moment. The replayed run's lanes
 * are kept in sight.
 */
class ReplayPage final : public QWidget
{
    Q_OBJECT

public:
    explicit ReplayPage(QWidget *parent = nullptr);

    TimelineView *timelineView() const { return m_timeline; }
    ReplayScene *scene() const { return m_scene; }

    /** Draws STACKED on one axis and replays the run at CURRENT from its start. */
    void showRuns(std::vector<Timeline> stacked, int current);
    /** Shows nothing, as before the first run. */
    void clear();
    /** Whether there is no run to replay. */
    bool isEmpty() const;
    /** Moves the playhead to FRACTION (0..1) of the replayed run. */
    void seek(double fraction);
    /** Stops and moves the playhead to time T of the replayed run (clamped to it). */
    void seekTime(std::int64_t t);
    /** The time under the playhead. */
    std::int64_t playhead() const;
    /** The run replayed. */
    const Timeline &replayed() const;
    /** How much of the replayed run is behind the playhead (0..1). */
    double played() const;
    /** Stops the replay at the run's end. */
    void toEnd();
    /** Stops the replay, leaving the playhead where it is. */
    void pause();
    /** What the narration says of the moment shown. */
    QString narration() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void togglePlay();
    /** Shows the moment AT: playhead, scene, narration and scrubber. */
    void showAt(std::int64_t at);
    void advance();
    /** Scrolls the timeline to the lanes of the run being replayed. */
    void showCurrentRun();

    bool m_hasRun = false;
    QTimer m_timer;
    ReplayScene *m_scene = nullptr;
    TimelineView *m_timeline = nullptr;
    QScrollArea *m_timelineScroll = nullptr;
    QPushButton *m_play = nullptr;
    QComboBox *m_speed = nullptr;
    QSlider *m_scrubber = nullptr;
    QLabel *m_narration = nullptr;
};

} // namespace Scheduler
