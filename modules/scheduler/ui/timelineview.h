#pragma once

#include <timeline.h>

#include <QWidget>

/**
 * Paints a Timeline: one lane per worker coloured by state, the GIL owner's lane, arrows from a
 * lock's waiter to its holder, and the replay position. Wheel zooms, dragging pans, hovering
 * says what a segment is. All time-to-pixel maths is TimeAxis's.
 */
class TimelineView final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setTimeline(const Timeline &timeline);
    const Timeline &timeline() const { return m_timeline; }
    /** The replay position (ns); drawn as a vertical line. */
    void setPlayhead(std::int64_t t);
    std::int64_t playhead() const { return m_playhead; }
    const TimeAxis &axis() const { return m_axis; }
    /** Shows the whole run. */
    void resetZoom();
    /** What the segment under the point POS is, or an empty string. */
    QString describeAt(const QPoint &pos) const;

    /** The colour a state is drawn in. */
    static QColor colour(WorkerState state, bool dark);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    int laneCount() const;
    int laneHeight() const;
    int labelWidth() const;
    /** The lane (worker index, or -1 for the GIL lane) at Y, or -2. */
    int laneAt(int y) const;
    int laneTop(int lane) const;
    void updateAxisGeometry();

    Timeline m_timeline;
    TimeAxis m_axis;
    std::int64_t m_playhead = 0;
    QPoint m_dragFrom;
};
