#include "poolanimationview.h"

#include <QPainter>

PoolAnimationView::PoolAnimationView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("startup.animation"));
    setAccessibleName(tr("The transcoding pool, played back"));
    setMinimumHeight(160);
    m_timer.setInterval(40);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_elapsed += m_clock.restart() / 1000.0;
        const std::size_t index = frameAt(m_frames, m_elapsed, m_speed);
        showFrame(index);
        if (index + 1 >= m_frames.size())
            pause();
    });
}

void PoolAnimationView::setFrames(std::vector<PoolFrame> frames, int slotsPerMachine)
{
    pause();
    m_frames = std::move(frames);
    m_slots = std::max(1, slotsPerMachine);
    m_elapsed = 0;
    showFrame(0);
}

void PoolAnimationView::play()
{
    if (m_frames.empty())
        return;
    if (m_current + 1 >= m_frames.size())
        m_elapsed = 0;
    else
        m_elapsed = (m_frames[m_current].minute - m_frames.front().minute) / m_speed;
    m_clock.start();
    m_timer.start();
}

void PoolAnimationView::pause()
{
    m_timer.stop();
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
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    if (m_frames.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(
            rect(), Qt::AlignCenter, tr("Run the transcoding scenario to watch its pool at work."));
        return;
    }
    const PoolFrame &frame = m_frames[m_current];
    const int line = fontMetrics().height();
    const QRect canvas = rect().adjusted(0, line + 4, 0, 0);
    const PoolLayout layout = PoolLayout::of(frame, canvas.size(), m_slots);
    p.translate(canvas.topLeft());

    const int hours = int(frame.minute / 60);
    const int minutes = int(frame.minute) % 60;
    p.setPen(text);
    p.drawText(QPoint(8, -4),
               tr("day %1, %2:%3 · %4 uploads waiting · %5 arrived, %6 done")
                   .arg(hours / 24 + 1)
                   .arg(hours % 24, 2, 10, QLatin1Char('0'))
                   .arg(minutes, 2, 10, QLatin1Char('0'))
                   .arg(frame.queue)
                   .arg(frame.arrived)
                   .arg(frame.completed));
    // The broker queue.
    p.setPen(QPen(text, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(layout.queueArea);
    p.drawText(layout.queueArea.adjusted(0, 2, 0, 0), Qt::AlignHCenter | Qt::AlignTop, tr("queue"));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x56, 0xb4, 0xe9));
    for (const QRectF &cell : layout.queueCells)
        p.drawRect(cell);
    if (layout.hiddenQueue > 0) {
        p.setPen(text);
        p.drawText(layout.queueArea.adjusted(0, line + 2, 0, 0),
                   Qt::AlignHCenter | Qt::AlignTop,
                   tr("+%1").arg(layout.hiddenQueue));
    }
    // The machines.
    for (std::size_t i = 0; i < layout.machines.size(); ++i) {
        const PoolFrame::Machine &m = frame.machines[i];
        const QRectF box = layout.machines[i];
        QColor fill = palette().color(QPalette::Window);
        QString state = tr("running");
        if (m.state == PoolFrame::Machine::State::Booting) {
            fill = QColor(0xcc, 0xcc, 0xcc);
            state = tr("booting");
        } else if (m.state == PoolFrame::Machine::State::Crashed) {
            fill = QColor(0xff, 0xd7, 0xd5);
            state = tr("crashed");
        }
        p.setPen(QPen(text, 1));
        p.setBrush(fill);
        p.drawRoundedRect(box, 5, 5);
        p.setPen(Qt::black);
        p.drawText(box.adjusted(4, 2, -4, 0),
                   Qt::AlignLeft | Qt::AlignTop,
                   tr("#%1 %2%3")
                       .arg(m.id + 1)
                       .arg(state, m.reserved > 0 ? tr(" · holds %1").arg(m.reserved) : QString()));
        for (int s = 0; s < int(layout.slotCells[i].size()); ++s) {
            const bool busy = s < m.busySlots;
            p.setPen(QPen(Qt::black, 1));
            p.setBrush(busy ? QColor(0x00, 0x9e, 0x73) : QColor(0xf4, 0xf4, 0xf4));
            p.drawRect(layout.slotCells[i][std::size_t(s)]);
        }
        if (m.state == PoolFrame::Machine::State::Crashed) {
            p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 3));
            p.drawLine(box.topLeft(), box.bottomRight());
            p.drawLine(box.topRight(), box.bottomLeft());
        }
    }
}
