// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "poolanimationview.h"

#include <kit/plotstyle.h>

#include <QPainter>

namespace Startup {

using namespace Kit;

PoolAnimationView::PoolAnimationView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("startup.animation"));
    setAccessibleName(tr("The transcoding pool, played back"));
    m_timer.setInterval(40);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_elapsed += m_clock.restart() / 1000.0;
        const std::size_t index = frameAt(m_frames, m_elapsed, m_speed);
        showFrame(index);
        if (index + 1 >= m_frames.size())
            pause();
    });
}

QSize PoolAnimationView::sizeHint() const
{
    return {600, fontMetrics().height() * 12};
}

QSize PoolAnimationView::minimumSizeHint() const
{
    // Seven lines: the day and the counts (up to four at a stage's width), then the boxes.
    return {fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 7};
}

void PoolAnimationView::setFrames(std::vector<PoolFrame> frames, int slotsPerMachine, bool service)
{
    pause();
    m_frames = std::move(frames);
    m_slots = std::max(1, slotsPerMachine);
    m_service = service;
    m_elapsed = 0;
    m_current = 0;
    update();
    if (!m_frames.empty())
        emit frameChanged(0);
}

void PoolAnimationView::play()
{
    if (m_frames.empty())
        return;
    if (atEnd())
        m_elapsed = 0; // Play again
    else
        m_elapsed = (m_frames[m_current].minute - m_frames.front().minute) / m_speed;
    m_clock.start();
    m_timer.start();
    emit playingChanged(true);
}

void PoolAnimationView::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void PoolAnimationView::showFrame(std::size_t index)
{
    if (m_frames.empty())
        return;
    m_current = std::min(index, m_frames.size() - 1);
    update();
    emit frameChanged(m_current);
}

void PoolAnimationView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    p.fillRect(rect(), base);
    const QColor text = pal.color(QPalette::Text);
    const QColor queued = PlotStyle::seriesColor(0, base);  // waiting in the broker
    const QColor held = PlotStyle::seriesColor(1, base);    // prefetched inside a machine
    const QColor working = PlotStyle::seriesColor(2, base); // in a slot
    const QColor outside = PlotStyle::seriesColor(3, base); // at the service
    if (m_frames.empty()) {
        p.setPen(text);
        p.drawText(rect().adjusted(8, 8, -8, -8),
                   Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Run the transcoding scenario to watch its pool at work."));
        return;
    }
    const PoolFrame &frame = m_frames[m_current];
    const int line = fontMetrics().height();

    const int hours = int(frame.minute / 60);
    const int minutes = int(frame.minute) % 60;
    int held_ = 0, busy = 0;
    for (const auto &m : frame.machines) {
        held_ += m.reserved;
        busy += m.busySlots;
    }
    p.setPen(text);
    const QString title = tr("Day %1, %2:%3 · %4 arrived, %5 done")
                              .arg(hours / 24 + 1)
                              .arg(hours % 24, 2, 10, QLatin1Char('0'))
                              .arg(minutes, 2, 10, QLatin1Char('0'))
                              .arg(frame.arrived)
                              .arg(frame.completed);
    // Whole, on as many lines as the width needs: nothing is cut at a large zoom.
    const QRect titleRect = fontMetrics().boundingRect(
        QRect(8, 2, width() - 16, 10 * line), Qt::AlignLeft | Qt::TextWordWrap, title);
    p.drawText(titleRect, Qt::AlignLeft | Qt::TextWordWrap, title);
    // The legend is the count of each: a learner sees at once where the jobs are. It wraps.
    struct Key
    {
        QColor colour;
        QString words;
    };
    QList<Key> keys{{queued, tr("%1 in the queue").arg(frame.queue)},
                    {held, tr("%1 prefetched inside busy machines").arg(held_)},
                    {working, tr("%1 being transcoded").arg(busy)}};
    if (m_service)
        keys.append({outside, tr("%1 at the service").arg(frame.outsourced)});
    int x = 8;
    int y = titleRect.bottom() + 4;
    const int box = line * 2 / 3;
    for (const Key &k : keys) {
        const int w = box + 4 + fontMetrics().horizontalAdvance(k.words) + 14;
        if (x + w > width() && x > 8) {
            x = 8;
            y += line + 2;
        }
        p.fillRect(QRect(x, y + (line - box) / 2, box, box), k.colour);
        p.setPen(text);
        p.drawText(QPoint(x + box + 4, y + fontMetrics().ascent()), k.words);
        x += w;
    }
    const QRect canvas = rect().adjusted(0, y + line + 6, 0, 0);
    const PoolLayout layout = PoolLayout::of(frame, canvas.size(), m_slots, m_service);
    p.translate(canvas.topLeft());

    auto column = [&](const QRectF &area, const QString &name, int hidden) {
        p.setPen(QPen(pal.color(QPalette::Mid), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(area);
        p.setPen(text);
        // Centred over its column, but never out of the view at the left: "queue +11" is wider
        // than a narrow queue (it read "ueue +1").
        const QString label = hidden > 0 ? tr("%1 +%2").arg(name).arg(hidden) : name;
        const double wide = p.fontMetrics().horizontalAdvance(label) + 4;
        const double left = std::max(2.0, area.center().x() - wide / 2);
        p.drawText(QRectF(left, area.top() + 2, wide, area.height()),
                   Qt::AlignHCenter | Qt::AlignTop,
                   label);
    };
    column(layout.queueArea, tr("queue"), layout.hiddenQueue);
    p.setPen(Qt::NoPen);
    p.setBrush(queued);
    for (const QRectF &cell : layout.queueCells)
        p.drawRect(cell);
    if (m_service) {
        column(layout.serviceArea, tr("service"), layout.hiddenService);
        p.setPen(Qt::NoPen);
        p.setBrush(outside);
        for (const QRectF &cell : layout.serviceCells)
            p.drawRect(cell);
    }
    // The machines.
    for (std::size_t i = 0; i < layout.machines.size(); ++i) {
        const PoolFrame::Machine &m = frame.machines[i];
        const QRectF machine = layout.machines[i];
        QString state = tr("running");
        QColor fill = pal.color(QPalette::Window);
        if (m.state == PoolFrame::Machine::State::Booting) {
            fill = pal.color(QPalette::Mid);
            state = tr("booting");
        } else if (m.state == PoolFrame::Machine::State::Crashed) {
            state = tr("crashed");
        }
        p.setPen(QPen(pal.color(QPalette::Text), 1));
        p.setBrush(fill);
        p.drawRoundedRect(machine, 5, 5);
        p.setPen(m.state == PoolFrame::Machine::State::Booting ? pal.color(QPalette::Text) : text);
        // Its number and state; in a narrow box its number alone (the fill and the cross say
        // booting and crashed) rather than a word cut in half.
        QString label = tr("#%1 %2").arg(m.id + 1).arg(state);
        if (fontMetrics().horizontalAdvance(label) > int(machine.width()) - 8)
            label = tr("#%1").arg(m.id + 1);
        p.drawText(machine.adjusted(4, 2, -4, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   fontMetrics().elidedText(label, Qt::ElideRight, int(machine.width()) - 8));
        p.setPen(Qt::NoPen);
        p.setBrush(held);
        for (const QRectF &cell : layout.reservedCells[i])
            p.drawRect(cell);
        if (layout.hiddenReserved[i] > 0) {
            p.setPen(text);
            p.drawText(machine.adjusted(4, 0, -4, 0),
                       Qt::AlignRight | Qt::AlignTop,
                       tr("+%1").arg(layout.hiddenReserved[i]));
        }
        for (int s = 0; s < int(layout.slotCells[i].size()); ++s) {
            p.setPen(QPen(pal.color(QPalette::Text), 1));
            p.setBrush(s < m.busySlots ? working : pal.color(QPalette::Base));
            p.drawRect(layout.slotCells[i][std::size_t(s)]);
        }
        if (m.state == PoolFrame::Machine::State::Crashed) {
            p.setPen(QPen(PlotStyle::seriesColor(4, base), 3));
            p.drawLine(machine.topLeft(), machine.bottomRight());
            p.drawLine(machine.topRight(), machine.bottomLeft());
        }
    }
}

} // namespace Startup
