#include "timelineview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduler.timeline"));
    setAccessibleName(tr("Timeline of the run"));
    setMouseTracking(true);
    setMinimumHeight(160);
}

QColor TimelineView::colour(WorkerState state, bool dark)
{
    switch (state) {
    case WorkerState::Running:
        return dark ? QColor(0x3c, 0xc4, 0x8f) : QColor(0x00, 0x9e, 0x73);
    case WorkerState::WaitingGil:
        return dark ? QColor(0xff, 0x7a, 0x45) : QColor(0xd5, 0x5e, 0x00);
    case WorkerState::WaitingLock:
        return dark ? QColor(0xff, 0x5c, 0x8a) : QColor(0xc2, 0x18, 0x5b);
    case WorkerState::BlockedIo:
        return dark ? QColor(0x6c, 0xb8, 0xf0) : QColor(0x56, 0xb4, 0xe9);
    case WorkerState::Spawning:
        return dark ? QColor(0xc0, 0x9c, 0xff) : QColor(0x8e, 0x5c, 0xd9);
    case WorkerState::Encoding:
    case WorkerState::Decoding:
        return dark ? QColor(0xf0, 0xe4, 0x42) : QColor(0xe6, 0x9f, 0x00);
    case WorkerState::Ready:
        return dark ? QColor(0xcc, 0x79, 0xa7) : QColor(0xcc, 0x79, 0xa7);
    case WorkerState::Idle:
    case WorkerState::Done:
        break;
    }
    return dark ? QColor(0x44, 0x48, 0x50) : QColor(0xdd, 0xdf, 0xe3);
}

void TimelineView::setTimeline(const Timeline &timeline)
{
    m_timeline = timeline;
    m_playhead = timeline.start;
    resetZoom();
}

void TimelineView::resetZoom()
{
    m_axis.viewStart = m_timeline.start;
    m_axis.viewEnd = std::max(m_timeline.end, m_timeline.start + 1);
    updateAxisGeometry();
    update();
}

void TimelineView::setPlayhead(std::int64_t t)
{
    m_playhead = t;
    update();
}

int TimelineView::laneCount() const
{
    return m_timeline.lanes + (m_timeline.model == Model::Gil ? 1 : 0);
}

int TimelineView::laneHeight() const
{
    const int rows = std::max(1, laneCount());
    const int available = height() - fontMetrics().height() * 3;
    return std::clamp(available / rows, fontMetrics().height() + 4, fontMetrics().height() * 3);
}

int TimelineView::labelWidth() const
{
    return fontMetrics().horizontalAdvance(tr("GIL owner")) + 16;
}

int TimelineView::laneTop(int lane) const
{
    // The GIL lane (-1) sits on top, above worker 1.
    const int row = m_timeline.model == Model::Gil ? lane + 1 : lane;
    return fontMetrics().height() / 2 + row * laneHeight();
}

int TimelineView::laneAt(int y) const
{
    for (int lane = m_timeline.model == Model::Gil ? -1 : 0; lane < m_timeline.lanes; ++lane) {
        if (y >= laneTop(lane) && y < laneTop(lane) + laneHeight())
            return lane;
    }
    return -2;
}

void TimelineView::updateAxisGeometry()
{
    m_axis.left = labelWidth();
    m_axis.width = std::max(1, width() - labelWidth() - 8);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateAxisGeometry();
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor text = palette().color(QPalette::Text);
    if (m_timeline.lanes == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Press Run: every worker's states appear here, lane by lane."));
        return;
    }
    const int h = laneHeight();
    const int bar = std::max(4, h - 6);
    auto drawLane = [&](int lane, const std::vector<Segment> &segments, bool gil) {
        const int top = laneTop(lane);
        painter.setPen(text);
        painter.drawText(QRect(4, top, labelWidth() - 8, h),
                         Qt::AlignVCenter | Qt::AlignLeft,
                         gil ? tr("GIL owner") : tr("worker %1").arg(lane + 1));
        for (const Segment &s : segments) {
            if (!gil && s.lane != lane)
                continue;
            if (s.end < m_axis.viewStart || s.start > m_axis.viewEnd)
                continue;
            const double x0 = std::max(m_axis.x(s.start), m_axis.left);
            const double x1 = std::min(m_axis.x(s.end), m_axis.left + m_axis.width);
            const QRectF r(x0, top + (h - bar) / 2.0, std::max(1.0, x1 - x0), bar);
            QColor fill = gil ? TimelineView::colour(WorkerState::Running, dark)
                              : TimelineView::colour(s.state, dark);
            if (gil)
                fill = fill.darker(100 + 25 * (s.lane % 3));
            painter.fillRect(r, fill);
            if (gil
                && r.width() > painter.fontMetrics().horizontalAdvance(QStringLiteral("w9")) + 4) {
                painter.setPen(dark ? Qt::black : Qt::white);
                painter.drawText(r, Qt::AlignCenter, QString::number(s.lane + 1));
            }
        }
    };
    if (m_timeline.model == Model::Gil)
        drawLane(-1, m_timeline.gilSegments, true);
    for (int lane = 0; lane < m_timeline.lanes; ++lane)
        drawLane(lane, m_timeline.segments, false);

    // Lock waits: an arrow from the waiter to the worker that holds the lock.
    painter.setRenderHint(QPainter::Antialiasing);
    QPen arrow(TimelineView::colour(WorkerState::WaitingLock, dark), 1.5);
    painter.setPen(arrow);
    for (const Segment &s : m_timeline.segments) {
        if (s.state != WorkerState::WaitingLock || s.other < 0 || s.start < m_axis.viewStart
            || s.start > m_axis.viewEnd) {
            continue;
        }
        const double x = m_axis.x(s.start);
        const double y0 = laneTop(s.lane) + h / 2.0;
        const double y1 = laneTop(s.other) + h / 2.0;
        painter.drawLine(QPointF(x, y0), QPointF(x + 6, y1));
    }

    // Time axis along the bottom.
    const int axisY = laneTop(m_timeline.lanes) + 4;
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const double spanMs = double(m_axis.viewEnd - m_axis.viewStart) / 1e6;
    // A "nice" step (1, 2 or 5 times a power of ten) giving at most about eight labels.
    const double base = std::pow(10.0, std::floor(std::log10(std::max(spanMs / 8, 1e-6))));
    double step = base * 10;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (spanMs / (base * m) <= 8) {
            step = base * m;
            break;
        }
    }
    const double first = std::ceil(double(m_axis.viewStart - m_timeline.start) / 1e6 / step) * step;
    for (double ms = first; ms <= double(m_axis.viewEnd - m_timeline.start) / 1e6; ms += step) {
        const double x = m_axis.x(m_timeline.start + std::int64_t(ms * 1e6));
        painter.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
        painter.drawText(QPointF(x + 2, axisY + fontMetrics().ascent() + 4),
                         QStringLiteral("%1 ms").arg(ms, 0, 'g', 4));
    }

    // Legend: what each colour means.
    {
        int x = int(m_axis.left);
        const int y = axisY + fontMetrics().height() * 2;
        const int box = fontMetrics().height() * 2 / 3;
        for (WorkerState state : {WorkerState::Running,
                                  WorkerState::WaitingGil,
                                  WorkerState::WaitingLock,
                                  WorkerState::BlockedIo,
                                  WorkerState::Spawning,
                                  WorkerState::Encoding,
                                  WorkerState::Ready,
                                  WorkerState::Idle}) {
            const QString label = state == WorkerState::Ready ? tr("ready") : stateName(state);
            painter.fillRect(QRect(x, y - box, box, box), TimelineView::colour(state, dark));
            painter.setPen(text);
            painter.drawText(x + box + 4, y, label);
            x += box + 12 + fontMetrics().horizontalAdvance(label);
        }
    }

    // The replay position.
    if (m_playhead > m_timeline.start && m_playhead >= m_axis.viewStart
        && m_playhead <= m_axis.viewEnd) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        const double x = m_axis.x(m_playhead);
        painter.drawLine(QPointF(x, 0), QPointF(x, axisY));
    }
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(1.2, event->angleDelta().y() / 120.0);
    m_axis.zoom(factor, event->position().x());
    m_axis.clamp(m_timeline.start, std::max(m_timeline.end, m_timeline.start + 1));
    update();
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position().toPoint();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) {
        const QPoint now = event->position().toPoint();
        m_axis.pan(double(m_dragFrom.x() - now.x()));
        m_axis.clamp(m_timeline.start, std::max(m_timeline.end, m_timeline.start + 1));
        m_dragFrom = now;
        update();
    }
}

QString TimelineView::describeAt(const QPoint &pos) const
{
    const int lane = laneAt(pos.y());
    if (lane < -1 || pos.x() < m_axis.left)
        return {};
    const std::int64_t t = m_axis.t(pos.x());
    const double at = double(t - m_timeline.start) / 1e6;
    if (lane == -1) {
        for (const Segment &s : m_timeline.gilSegments) {
            if (t >= s.start && t < s.end) {
                return tr("At %1 ms worker %2 holds the GIL (for %3 ms)")
                    .arg(at, 0, 'f', 2)
                    .arg(s.lane + 1)
                    .arg(double(s.end - s.start) / 1e6, 0, 'f', 2);
            }
        }
        return tr("At %1 ms nobody holds the GIL").arg(at, 0, 'f', 2);
    }
    const Segment *s = m_timeline.at(lane, t);
    if (!s)
        return {};
    QString text = tr("Worker %1 at %2 ms: %3 for %4 ms")
                       .arg(lane + 1)
                       .arg(at, 0, 'f', 2)
                       .arg(stateName(s->state))
                       .arg(double(s->end - s->start) / 1e6, 0, 'f', 2);
    if (s->other >= 0
        && (s->state == WorkerState::WaitingLock || s->state == WorkerState::WaitingGil))
        text += tr(" (held by worker %1)").arg(s->other + 1);
    return text;
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}
