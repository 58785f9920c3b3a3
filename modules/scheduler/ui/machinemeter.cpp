// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "machinemeter.h"

#include "timelineview.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace Scheduler {

/** One bar per core, filled by how busy it is (every program on the machine, not only ours). */
class CoreBars final : public QWidget
{
public:
    explicit CoreBars(QWidget *parent)
        : QWidget(parent)
    {
        setAccessibleName(tr("Busy share of each core of the machine"));
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setBusy(std::vector<double> busy)
    {
        const bool relayout = busy.size() != m_busy.size();
        m_busy = std::move(busy);
        if (relayout)
            updateGeometry();
        update();
    }
    QSize sizeHint() const override
    {
        const int n = std::max<int>(1, int(m_busy.size()));
        return {n * (cellWidth() + 4), fontMetrics().height() + 8};
    }
    QSize minimumSizeHint() const override { return {cellWidth() + 4, sizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const int n = std::max<int>(1, int(m_busy.size()));
        const double w = double(width()) / n;
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        const QColor fill = TimelineView::colour(WorkerState::Running, dark);
        for (int i = 0; i < int(m_busy.size()); ++i) {
            const QRectF cell(i * w + 2, 0, w - 4, height());
            p.fillRect(cell, palette().color(QPalette::Base));
            const double busy = std::clamp(m_busy[std::size_t(i)], 0.0, 1.0);
            p.fillRect(QRectF(cell.left(), cell.top(), cell.width() * busy, cell.height()), fill);
            p.setPen(palette().color(QPalette::Mid));
            p.drawRect(cell.adjusted(0, 0, -1, -1));
            // The words sit on a plate of the base colour: readable over any fill.
            const QString label = w >= cellWidth()
                                      ? tr("core %1: %2 %").arg(i + 1).arg(qRound(busy * 100))
                                      : tr("%1 %").arg(qRound(busy * 100));
            const QRectF plate = QRectF(p.fontMetrics().boundingRect(label)).adjusted(-3, 0, 3, 0);
            QRectF placed(0, 0, plate.width(), plate.height());
            placed.moveCenter(cell.center());
            p.fillRect(placed, palette().color(QPalette::Base));
            p.setPen(palette().color(QPalette::Text));
            p.drawText(placed, Qt::AlignCenter, label);
        }
    }

private:
    int cellWidth() const { return fontMetrics().horizontalAdvance(tr("core 16: 100 %")) + 12; }

    std::vector<double> m_busy;
};

MachineMeter::MachineMeter(QWidget *parent)
    : QWidget(parent)
{
    // The caption on its own line, the meters under it across the whole width.
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    m_caption = new QLabel(tr("Whole machine, every program:"), this); // until the first sample
    m_caption->setObjectName(QStringLiteral("scheduler.machine"));
    m_caption->setWordWrap(true);
    column->addWidget(m_caption);
    m_bars = new CoreBars(this);
    m_bars->setObjectName(QStringLiteral("scheduler.cores"));
    column->addWidget(m_bars);
    m_idleTimer.setInterval(1000); // between runs: what the machine is doing anyway
    connect(&m_idleTimer, &QTimer::timeout, this, &MachineMeter::sample);
}

void MachineMeter::sample()
{
    m_bars->setBusy(m_cpu.sample());
    const double others = m_cpu.others();
    // One sentence of about the same length either way, so the line does not come and go and
    // shift the pictures under it as the load crosses the mark.
    m_caption->setText(
        (others > CpuLoad::UnreliableAbove
             ? tr("Whole machine: other programs use %1 cores' worth, enough to make timings "
                  "unreliable.")
             : tr("Whole machine: other programs use %1 cores' worth, too little to disturb "
                  "the timings."))
            .arg(others, 0, 'f', 1));
}

void MachineMeter::setRunning(bool running)
{
    m_running = running;
    if (running) {
        m_idleTimer.stop();
        m_cpu.sample(); // the run's first reading starts here
        return;
    }
    sample();
    if (isVisible())
        m_idleTimer.start();
}

void MachineMeter::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_cpu.sample();
    if (!m_running) {
        m_idleTimer.start();
        // A first figure within a quarter of a second, not a caption over empty bars for one.
        QTimer::singleShot(250, this, [this] {
            if (!m_running && isVisible())
                sample();
        });
    }
}

void MachineMeter::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_idleTimer.stop();
}

} // namespace Scheduler
