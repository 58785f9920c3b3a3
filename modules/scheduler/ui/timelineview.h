// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/density.h>
#include <scheduler/timeline.h>

#include <QWidget>

#include <utility>

namespace Scheduler {

/**
 * Paints recorded runs on one time axis, one under the other (each from its own start): per run
 * the GIL owner's lane (gil model), the lock holder's lane (shared dict), one lane per worker
 * coloured by state with task starts ticked, arrows from a lock's waiter to its holder, and the
 * replay position. Wheel zooms, dragging pans, hovering says what a segment is. All time-to-pixel
 * maths is TimeAxis's, on times relative to each run's start.
 */
class TimelineView final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    /** Shows one run. */
    void setTimeline(const Timeline &timeline);
    /** Shows several runs stacked; CURRENT is the one the replay follows. */
    void setTimelines(std::vector<Timeline> timelines, int current);
    /** The run the replay follows (an empty timeline before any run). */
    const Timeline &timeline() const;
    const std::vector<Timeline> &timelines() const { return m_timelines; }
    int currentIndex() const { return m_current; }
    /** The replay position as a time of the current run (ns); drawn across every run. */
    void setPlayhead(std::int64_t t);
    std::int64_t playhead() const;
    /** The axis, in ns since each run's start. */
    const TimeAxis &axis() const { return m_axis; }
    /** Shows the whole of the longest run. */
    void resetZoom();
    /** What is under the point POS, or an empty string. */
    QString describeAt(const QPoint &pos) const;
    /** The legend's words, in its order: a colour for each state some stretch drawn is in. */
    QStringList legendLabels() const;
    /** The y of the middle of worker LANE's row of run INDEX (for tests and hit-testing). */
    int laneCentre(int index, int lane) const;
    /** The rows of the current (replayed) run, top to bottom, in widget coordinates. */
    std::pair<int, int> currentRows() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /** The colour a state is drawn in. */
    static QColor colour(WorkerState state, bool dark);
    /** The colour of "holds the lock". */
    static QColor lockColour(bool dark);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    static QColor workOutColour(WorkerState state, bool dark);
    enum class RowKind { Title, Gil, Lock, Worker };
    struct Row
    {
        RowKind kind;
        int timeline;
        int lane; // worker index for Worker rows; a Python run's process for Gil rows
    };

    std::vector<Row> rows() const;
    /** Whether a Python program's run is shown (its legend adds the kernel's states). */
    bool anyPython() const;
    int rowHeight() const;
    int labelWidth() const;
    int rowTop(int row) const;
    int rowAt(int y) const;
    int axisTop() const;
    std::int64_t span() const;
    void updateAxisGeometry();

    std::vector<Timeline> m_timelines;
    std::vector<WorkerState> m_drawn; // every state some stretch of m_timelines is in: the legend
    /** A run's rows as density, for views where their stretches crowd (empty: few stretches). */
    struct Densities
    {
        std::vector<Density> lanes; // by lane: slot = the state
        std::vector<Density> gils;  // by process (one for a model's run): slot = holder's shade
    };
    std::vector<Densities> m_density; // by run
    int m_current = 0;
    TimeAxis m_axis;
    std::int64_t m_playhead = 0; // ns since the start
    QPoint m_dragFrom;
};

} // namespace Scheduler
