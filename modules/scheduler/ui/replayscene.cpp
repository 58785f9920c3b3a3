// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "replayscene.h"

#include <kit/ink.h>

#include "timelineview.h"

#include <QPainter>

#include <algorithm>

namespace Scheduler {

using namespace Kit;

ReplayScene::ReplayScene(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduler.replayScene"));
    setAccessibleName(tr("Replay: who runs on which core"));
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QSize ReplayScene::coreBox() const
{
    const QFontMetrics m = fontMetrics();
    return {m.horizontalAdvance(tr("worker 64")) + m.height() * 2, m.height() * 2 + 10};
}

int ReplayScene::coresPerRow(int width) const
{
    // The cores take at most three fifths of the width, the words the rest: two cores side by
    // side at a large zoom (stacked, they took a third of the page's height).
    const int available = width * 3 / 5;
    return std::max(1, available / (coreBox().width() + 8));
}

QString ReplayScene::name(int lane) const
{
    return lane < m_names.size() ? m_names.at(lane) : tr("worker %1").arg(lane + 1);
}

QString ReplayScene::workers(const std::vector<int> &lanes) const
{
    // "worker 2", "workers 1, 3", a pipeline's stages by name, or "nobody".
    if (lanes.empty())
        return tr("nobody");
    QStringList names;
    const bool numbered = m_names.isEmpty();
    for (const int lane : lanes)
        names.append(numbered ? QString::number(lane + 1) : name(lane));
    if (!numbered)
        return names.join(QStringLiteral(", "));
    return (names.size() == 1 ? tr("worker %1") : tr("workers %1"))
        .arg(names.join(QStringLiteral(", ")));
}

void ReplayScene::setLaneNames(const QStringList &names)
{
    if (names == m_names)
        return;
    m_names = names;
    updateGeometry();
    update();
}

void ReplayScene::setProcesses(std::vector<int> laneProcess, QStringList names)
{
    m_laneProcess = std::move(laneProcess);
    m_processNames = std::move(names);
    update();
}

bool ReplayScene::holdsGil(int lane) const
{
    if (m_frame.gilHolders.empty())
        return m_model == Model::Gil && lane == m_frame.gilHolder;
    return std::find(m_frame.gilHolders.begin(), m_frame.gilHolders.end(), lane)
           != m_frame.gilHolders.end();
}

QString ReplayScene::gilToken(int lane) const
{
    const int process
        = std::size_t(lane) < m_laneProcess.size() ? m_laneProcess[std::size_t(lane)] : 0;
    return m_processNames.size() > 1 ? tr("GIL %1").arg(process + 1) : tr("GIL");
}

QStringList ReplayScene::lines() const
{
    if (!m_shown)
        return {
            tr("During a replay: the cores and who runs on them, the GIL and who waits for what.")};
    QStringList lines;
    for (const auto &[lane, core] : m_frame.sharing)
        lines.append(tr("taking turns on core %1: %2").arg(core + 1).arg(name(lane)));
    if (!m_frame.unplaced.empty())
        lines.append(tr("computing on a core not shown: %1").arg(workers(m_frame.unplaced)));
    if (!m_frame.gilHolders.empty() && m_processNames.size() > 1) {
        // Each process has its own GIL: who waits for which.
        for (int p = 0; p < int(m_processNames.size()); ++p) {
            std::vector<int> waiting;
            for (const int lane : m_frame.waitingGil) {
                if (std::size_t(lane) < m_laneProcess.size()
                    && m_laneProcess[std::size_t(lane)] == p)
                    waiting.push_back(lane);
            }
            if (!waiting.empty())
                lines.append(tr("waiting for GIL %1 (%2's): %3")
                                 .arg(p + 1)
                                 .arg(m_processNames.at(p), workers(waiting)));
        }
        QStringList gils;
        for (int p = 0; p < int(m_processNames.size()) && p < 4; ++p)
            gils.append(tr("GIL %1 is %2's").arg(p + 1).arg(m_processNames.at(p)));
        if (m_processNames.size() > 4)
            gils.append(tr("…"));
        lines.append(tr("each process has its own GIL: %1").arg(gils.join(QStringLiteral(", "))));
    } else if (m_model == Model::Gil) {
        lines.append(tr("waiting for the GIL: %1").arg(workers(m_frame.waitingGil)));
    }
    if (!m_frame.stalled.empty())
        lines.append(tr("holding the GIL, made to wait by the kernel (stalled): %1")
                         .arg(workers(m_frame.stalled)));
    if (!m_frame.preempted.empty())
        lines.append(tr("holding the GIL but without a core (preempted): %1")
                         .arg(workers(m_frame.preempted)));
    if (!m_frame.noGilCpu.empty())
        lines.append(tr("on a CPU without the GIL: %1").arg(workers(m_frame.noGilCpu)));
    if (!m_frame.waitingCpu.empty())
        lines.append(tr("in C code without the GIL, waiting for a CPU: %1")
                         .arg(workers(m_frame.waitingCpu)));
    if (!m_frame.turns.empty())
        lines.append(tr("having their thread's turn: %1").arg(workers(m_frame.turns)));
    if (m_frame.lockHolder >= 0)
        lines.append(tr("holds the lock: %1").arg(name(m_frame.lockHolder)));
    for (const auto &[waiter, holder] : m_frame.waitingLock) {
        lines.append(holder >= 0
                         ? tr("%1 waits for the lock %2 held").arg(name(waiter), name(holder))
                         : tr("%1 waits for a lock").arg(name(waiter)));
    }
    // Only what can happen in this run: no I/O line for work that does none.
    if (!m_frame.blockedIo.empty() || m_hasIo)
        lines.append(tr("blocked in I/O: %1").arg(workers(m_frame.blockedIo)));
    if (m_model == Model::Coroutines)
        lines.append(tr("event loop's ready queue: %1").arg(workers(m_frame.ready)));
    if (m_model == Model::Processes)
        lines.append(
            tr("messages in flight (spawn, encode, decode): %1").arg(workers(m_frame.messaging)));
    return lines;
}

int ReplayScene::heightForWidth(int width) const
{
    const int perRow = coresPerRow(width);
    const int coreRows = m_cores.empty() ? 1 : (int(m_cores.size()) + perRow - 1) / perRow;
    const int coresHeight = 6 + coreRows * (coreBox().height() + 6) + fontMetrics().height() / 2;
    const int textWidth = std::max(1, width - 16 - perRow * (coreBox().width() + 8));
    int textHeight = 6;
    for (const QString &line : lines()) {
        textHeight += fontMetrics()
                          .boundingRect(QRect(0, 0, textWidth, 10000), Qt::TextWordWrap, line)
                          .height();
    }
    return std::max(coresHeight, textHeight + 6);
}

QSize ReplayScene::sizeHint() const
{
    return {640, heightForWidth(640)};
}

QSize ReplayScene::minimumSizeHint() const
{
    return {coreBox().width() * 2, coreBox().height() + 12};
}

void ReplayScene::setFrame(const ReplayFrame &frame, Model model, std::vector<int> cores)
{
    const bool relayout = cores != m_cores || !m_shown;
    m_frame = frame;
    m_model = model;
    m_cores = std::move(cores);
    m_shown = true;
    if (relayout)
        updateGeometry();
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
        p.setPen(text);
        p.drawText(
            rect().adjusted(8, 0, -8, 0), Qt::AlignCenter | Qt::TextWordWrap, lines().first());
        return;
    }

    // The cores, each with the worker computing on it.
    const QSize box = coreBox();
    const int perRow = coresPerRow(width());
    for (int i = 0; i < int(m_cores.size()); ++i) {
        const int core = m_cores[std::size_t(i)];
        const QRect cell(8 + (i % perRow) * (box.width() + 8),
                         6 + (i / perRow) * (box.height() + 6),
                         box.width(),
                         box.height());
        const int who = core < int(m_frame.cores.size()) ? m_frame.cores[std::size_t(core)] : -1;
        const bool busy = who >= 0;
        const QColor fill = busy ? TimelineView::colour(WorkerState::Running, dark)
                                 : palette().color(QPalette::Base);
        const QColor ink = busy ? Ink::textOn(fill, palette()) : palette().color(QPalette::Text);
        p.setPen(QPen(palette().color(QPalette::Mid), 1));
        p.setBrush(fill);
        p.drawRoundedRect(cell, 6, 6);
        p.setPen(ink);
        // The name sits left of centre when the GIL token takes the top right corner.
        const bool token = busy && holdsGil(who);
        p.drawText(cell.adjusted(4, 3, token ? -int(line * 2.1) : 0, -line),
                   (token ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::AlignTop,
                   tr("core %1").arg(core + 1));
        QFont bold = font();
        bold.setBold(busy);
        p.setFont(bold);
        p.drawText(cell.adjusted(3, line, -3, 0),
                   Qt::AlignHCenter | Qt::AlignVCenter,
                   QFontMetrics(bold).elidedText(
                       busy ? name(who) : tr("idle"), Qt::ElideRight, cell.width() - 6));
        p.setFont(font());
        // The GIL token sits on the core of the thread that holds it (a token per process:
        // each has its own GIL).
        if (token) {
            const QString text = gilToken(who);
            const double width
                = std::max(line * 2.0, fontMetrics().horizontalAdvance(text) + line * 0.6);
            const QRectF badge(
                cell.right() - width + line * 0.1, cell.top() - 2, width, line * 1.1);
            const QColor gold(0xff, 0xc8, 0x3d);
            p.setBrush(gold);
            p.setPen(QPen(Ink::textOn(gold, palette()), 1));
            p.drawRoundedRect(badge, line * 0.5, line * 0.5);
            p.drawText(badge, Qt::AlignCenter, text);
        }
    }

    // Everyone else, grouped by what they wait for.
    const int x = 8 + std::min<int>(perRow, int(m_cores.size())) * (box.width() + 8) + 8;
    p.setPen(text);
    int y = 6;
    for (const QString &l : lines()) {
        const QRect r = fontMetrics().boundingRect(
            QRect(x, y, std::max(1, width() - x - 8), 10000), Qt::TextWordWrap, l);
        p.drawText(QRect(x, y, std::max(1, width() - x - 8), r.height()), Qt::TextWordWrap, l);
        y += r.height();
    }
}

} // namespace Scheduler
