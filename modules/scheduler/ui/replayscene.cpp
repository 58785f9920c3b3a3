#include "replayscene.h"

#include "timelineview.h"

#include <QPainter>

namespace {

QString workers(const std::vector<int> &lanes)
{
    QStringList names;
    for (const int lane : lanes)
        names.append(QString::number(lane + 1));
    return names.isEmpty() ? QStringLiteral("–") : names.join(QStringLiteral(", "));
}

} // namespace

ReplayScene::ReplayScene(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduler.replayScene"));
    setAccessibleName(tr("Replay: who runs where"));
}

QSize ReplayScene::sizeHint() const
{
    return {600, fontMetrics().height() * 5};
}

void ReplayScene::setFrame(const ReplayFrame &frame, Model model, int cores)
{
    m_frame = frame;
    m_model = model;
    m_cores = std::max(cores, 1);
    m_shown = true;
    update();
}

void ReplayScene::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor text = palette().color(QPalette::WindowText);
    const int line = fontMetrics().height();
    if (!m_shown) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   tr("During a replay: the cores and who runs on them, the GIL and who waits for what."));
        return;
    }

    // The cores, each with the worker computing on it.
    const int coreWidth = std::min(width() / 3 / m_cores, line * 8);
    for (int core = 0; core < m_cores; ++core) {
        const QRect box(8 + core * (coreWidth + 8), 6, coreWidth, line * 2 + 8);
        const bool busy = core < int(m_frame.onCores.size());
        p.setPen(QPen(text, 1));
        p.setBrush(busy ? TimelineView::colour(WorkerState::Running, dark)
                        : palette().color(QPalette::Base));
        p.drawRoundedRect(box, 6, 6);
        p.drawText(box.adjusted(0, 2, 0, -line),
                   Qt::AlignHCenter | Qt::AlignTop,
                   tr("core %1").arg(core + 1));
        const QString who
            = busy ? tr("worker %1").arg(m_frame.onCores[std::size_t(core)] + 1) : tr("idle");
        QFont bold = font();
        bold.setBold(busy);
        p.setFont(bold);
        p.drawText(box.adjusted(0, line, 0, 0), Qt::AlignHCenter | Qt::AlignVCenter, who);
        p.setFont(font());
        // The GIL token sits on the core of the thread that holds it.
        if (m_model == Model::Gil && busy
            && m_frame.onCores[std::size_t(core)] == m_frame.gilHolder) {
            const QRectF token(
                box.right() - line * 1.6, box.top() - line * 0.4, line * 2, line * 1.2);
            p.setBrush(QColor(0xff, 0xc8, 0x3d));
            p.setPen(QPen(Qt::black, 1));
            p.drawRoundedRect(token, line * 0.6, line * 0.6);
            p.drawText(token, Qt::AlignCenter, tr("GIL"));
        }
    }

    // Everyone else, grouped by what they wait for.
    const int x = 8 + m_cores * (coreWidth + 8) + 12;
    QStringList lines;
    if (!m_frame.wantCore.empty())
        lines.append(tr("want a core: worker %1").arg(workers(m_frame.wantCore)));
    if (m_model == Model::Gil)
        lines.append(tr("waiting for the GIL: worker %1").arg(workers(m_frame.waitingGil)));
    for (const auto &[waiter, holder] : m_frame.waitingLock) {
        lines.append(
            holder >= 0
                ? tr("worker %1 waits for the lock worker %2 holds").arg(waiter + 1).arg(holder + 1)
                : tr("worker %1 waits for a lock").arg(waiter + 1));
    }
    lines.append(tr("blocked in I/O: worker %1").arg(workers(m_frame.blockedIo)));
    if (m_model == Model::Coroutines)
        lines.append(tr("event loop's ready queue: %1").arg(workers(m_frame.ready)));
    if (m_model == Model::Processes)
        lines.append(tr("messages in flight (spawn, encode, decode): worker %1")
                         .arg(workers(m_frame.messaging)));
    p.setPen(text);
    for (int i = 0; i < lines.size(); ++i)
        p.drawText(QPoint(x, 6 + line * (i + 1)), lines.at(i));
}
