// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "timelineview.h"

#include <kit/ink.h>
#include <kit/stage.h>

#include <QGuiApplication>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace Scheduler {

using namespace Kit;

namespace {

const Timeline &emptyTimeline()
{
    static const Timeline empty;
    return empty;
}

/** Black or white, whichever reads better on FILL. */
QColor textOn(const QColor &fill)
{
    return Ink::textOn(fill, QGuiApplication::palette());
}

struct LegendItem
{
    QColor colour;
    QString label;
    WorkerState state = WorkerState::Idle; // drawn as this state is (a pattern, some)
};

/**
 * A stretch of STATE in R: its colour; on a CPU without the GIL, working's green crossed with
 * released's blue (computing, yet the GIL is let go).
 */
void fillState(QPainter &painter, const QRectF &r, WorkerState state, bool dark)
{
    if (state != WorkerState::CpuNoGil) {
        painter.fillRect(r, TimelineView::colour(state, dark));
        return;
    }
    painter.fillRect(r, TimelineView::colour(WorkerState::Running, dark));
    painter.fillRect(r,
                     QBrush(TimelineView::colour(WorkerState::BlockedIo, dark), Qt::BDiagPattern));
}

/** The legend: what each colour drawn means (DRAWN, the states some stretch is in), in a
 *  fixed order; a state no stretch is in is not listed. */
std::vector<LegendItem>
legendItems(bool dark, bool anyLock, bool python, const std::vector<WorkerState> &drawn)
{
    std::vector<LegendItem> items;
    std::vector<WorkerState> states{WorkerState::Running,
                                    WorkerState::WaitingGil,
                                    WorkerState::WaitingLock,
                                    WorkerState::BlockedIo,
                                    WorkerState::Spawning,
                                    WorkerState::Encoding,
                                    WorkerState::Ready,
                                    WorkerState::Idle};
    if (python) {
        // What the kernel says besides: no core while holding the GIL, a CPU without it.
        states.insert(states.begin() + 1,
                      {WorkerState::Preempted,
                       WorkerState::Stalled,
                       WorkerState::CpuNoGil,
                       WorkerState::WaitingCpu});
        std::erase(states, WorkerState::Ready);
    }
    std::erase_if(states, [&drawn](WorkerState state) {
        return std::find(drawn.begin(), drawn.end(), state) == drawn.end();
    });
    for (WorkerState state : states) {
        items.push_back({TimelineView::colour(state, dark),
                         state == WorkerState::Ready      ? QObject::tr("ready")
                         : state == WorkerState::Encoding ? QObject::tr("encoding or decoding")
                         : state == WorkerState::Spawning && python ? QObject::tr("starting")
                                                                    : stateName(state)});
    }
    if (anyLock)
        items.push_back({TimelineView::lockColour(dark), QObject::tr("holds the lock")});
    return items;
}

/** A stretch this narrow (in pixels) is drawn again, this wide, over its neighbours when it is
 *  alone among wide ones: it happened, and a neighbour drawn after it would hide it. */
constexpr double Sliver = 2.0;

/** Where a row's bars go: the axis, the run's start (time 0 on it), and the bars' top and
 *  height. */
struct Bars
{
    const TimeAxis &axis;
    std::int64_t origin;
    double top;
    double height;
};

/**
 * Paints one lane's segments in [FIRST, LAST) (by start, none overlapping another KEEP accepts),
 * as many as a million, in time that grows with the pixels, not the segments, once they crowd:
 * a stretch at least Sliver px wide is drawn by DRAWWIDE; narrower ones fall into the pixel
 * columns they cover, and each column is drawn as density, its height shared among the
 * colours (COLOUROF) of what it holds by the time each took. Returns the narrow ones that were
 * alone between wide ones (the caller draws them again as slivers, over everything).
 */
template<typename It, typename Keep, typename ColourOf, typename DrawWide>
std::vector<const Segment *> paintLane(QPainter &painter,
                                       const Bars &bars,
                                       It first,
                                       It last,
                                       Keep &&keep,
                                       ColourOf &&colourOf,
                                       DrawWide &&drawWide)
{
    const TimeAxis &axis = bars.axis;
    const double left = axis.left;
    const double right = axis.left + axis.width;
    std::vector<const Segment *> lone;
    int column = std::numeric_limits<int>::min();
    std::vector<std::pair<QRgb, double>> shares; // the column's colours, time in px
    auto flush = [&] {
        double total = 0;
        for (const auto &share : shares)
            total += share.second;
        double y = bars.top;
        for (const auto &[rgb, w] : shares) {
            const double h = total > 0 ? bars.height * w / total : bars.height;
            painter.fillRect(QRectF(column, y, 1.0, h), QColor::fromRgba(rgb));
            y += h;
        }
        shares.clear();
    };
    const Segment *runFirst = nullptr;
    int runCount = 0;
    auto endRun = [&] {
        if (runCount == 1)
            lone.push_back(runFirst);
        runCount = 0;
    };
    for (It it = first; it != last; ++it) {
        const Segment &s = *it;
        if (s.start - bars.origin > axis.viewEnd)
            break;
        if (s.end - bars.origin < axis.viewStart || !keep(s))
            continue;
        const double x0 = std::clamp(axis.x(s.start - bars.origin), left, right);
        const double x1 = std::clamp(axis.x(s.end - bars.origin), left, right);
        if (x1 - x0 >= Sliver) {
            flush();
            endRun();
            drawWide(QRectF(x0, bars.top, x1 - x0, bars.height), s);
            continue;
        }
        if (runCount++ == 0)
            runFirst = &s;
        const QRgb rgb = colourOf(s).rgba();
        const int lastColumn = int(std::floor(std::max(x0, x1 - 1e-9)));
        for (int c = int(std::floor(x0)); c <= lastColumn; ++c) {
            if (c != column) {
                flush();
                column = c;
            }
            // At least a sliver of weight: an instant (a zero-length stretch) still shows.
            const double w = std::max(std::min(x1, c + 1.0) - std::max(x0, double(c)), 1e-3);
            auto found = std::find_if(shares.begin(), shares.end(), [rgb](const auto &share) {
                return share.first == rgb;
            });
            if (found == shares.end())
                shares.emplace_back(rgb, w);
            else
                found->second += w;
        }
    }
    flush();
    endRun();
    return lone;
}

/**
 * Paints a crowded row from its density D at LEVEL (two or more buckets to a pixel): each pixel
 * column's height shared among the slots' COLOURS by the time each took; a run of columns all
 * in one slot drawn as one bar.
 */
void paintDensity(QPainter &painter,
                  const Bars &bars,
                  const Density &d,
                  int level,
                  const std::array<QColor, Density::Slots> &colours)
{
    const TimeAxis &axis = bars.axis;
    const std::int64_t w = d.bucketWidth(level);
    const std::vector<Density::Bucket> &buckets = d.level(level);
    if (buckets.empty())
        return;
    const std::int64_t j0
        = std::max<std::int64_t>(0, (bars.origin + axis.viewStart - d.origin()) / w);
    const std::int64_t j1 = std::min<std::int64_t>(std::int64_t(buckets.size()) - 1,
                                                   (bars.origin + axis.viewEnd - d.origin()) / w);
    int column = std::numeric_limits<int>::min();
    Density::Bucket sum{};
    int runSlot = -1; // columns [runFrom, runTo) all in one slot, not drawn yet
    int runFrom = 0;
    int runTo = 0;
    auto drawRun = [&] {
        if (runSlot >= 0)
            painter.fillRect(QRectF(runFrom, bars.top, runTo - runFrom, bars.height),
                             colours[std::size_t(runSlot)]);
        runSlot = -1;
    };
    auto flush = [&] {
        double total = 0;
        int biggest = 0;
        for (int k = 0; k < Density::Slots; ++k) {
            total += sum[std::size_t(k)];
            if (sum[std::size_t(k)] > sum[std::size_t(biggest)])
                biggest = k;
        }
        if (total <= 0) {
            drawRun();
        } else if (sum[std::size_t(biggest)] >= total * 0.995) {
            if (runSlot == biggest && runTo == column) {
                runTo = column + 1;
            } else {
                drawRun();
                runSlot = biggest;
                runFrom = column;
                runTo = column + 1;
            }
        } else {
            drawRun();
            double y = bars.top;
            for (int k = 0; k < Density::Slots; ++k) {
                if (sum[std::size_t(k)] <= 0)
                    continue;
                const double h = bars.height * sum[std::size_t(k)] / total;
                painter.fillRect(QRectF(column, y, 1.0, h), colours[std::size_t(k)]);
                y += h;
            }
        }
        sum = Density::Bucket{};
    };
    const double left = axis.left;
    const double right = axis.left + axis.width;
    for (std::int64_t j = j0; j <= j1; ++j) {
        const double x = axis.x(d.origin() + j * w + w / 2 - bars.origin);
        if (x < left || x >= right)
            continue;
        const int c = int(std::floor(x));
        if (c != column) {
            if (column != std::numeric_limits<int>::min())
                flush();
            column = c;
        }
        for (int k = 0; k < Density::Slots; ++k)
            sum[std::size_t(k)] += buckets[std::size_t(j)][std::size_t(k)];
    }
    if (column != std::numeric_limits<int>::min())
        flush();
    drawRun();
}

/** A GIL hold's slot in its row's density: its holder's shade (0 to 2), 3 preempted or stalled. */
int gilSlot(const Segment &s)
{
    return s.state == WorkerState::Preempted || s.state == WorkerState::Stalled ? 3 : s.lane % 3;
}

/** Lane LANE's segments of T that may show from VIEWSTART (ns since its start) on. */
std::pair<std::vector<Segment>::const_iterator, std::vector<Segment>::const_iterator>
laneFrom(const Timeline &t, int lane, std::int64_t viewStart)
{
    // Grouped by lane, by time inside one: the lane's range, then its first stretch still
    // going at VIEWSTART (a lane's stretches do not overlap, so their ends are in order too).
    const auto [begin, end]
        = std::equal_range(t.segments.begin(),
                           t.segments.end(),
                           Segment{lane},
                           [](const Segment &a, const Segment &b) { return a.lane < b.lane; });
    const auto first = std::partition_point(
        begin, end, [&](const Segment &s) { return s.end - t.start < viewStart; });
    return {first, end};
}

/** Whether a lock is held in any of TIMELINES (the legend then explains its band). */
bool anyLockHeld(const std::vector<Timeline> &timelines)
{
    return std::any_of(timelines.begin(), timelines.end(), [](const Timeline &t) {
        return !t.lockSegments.empty();
    });
}

void fillLegend(QPainter &painter, const QRect &r, const LegendItem &item, bool dark)
{
    if (item.state == WorkerState::CpuNoGil)
        fillState(painter, r, item.state, dark);
    else
        painter.fillRect(r, item.colour);
}

/** Lays the legend out in lines that fit WIDTH; returns each item's top-left. */
std::vector<QPoint> legendLayout(const std::vector<LegendItem> &items,
                                 const QFontMetrics &metrics,
                                 int left,
                                 int width,
                                 int *lines)
{
    std::vector<QPoint> at;
    const int box = metrics.height() * 2 / 3;
    int x = left;
    int line = 0;
    for (const LegendItem &item : items) {
        const int w = box + 4 + metrics.horizontalAdvance(item.label) + 12;
        if (x + w > left + width && x > left) {
            x = left;
            ++line;
        }
        at.emplace_back(x, line * metrics.height());
        x += w;
    }
    *lines = items.empty() ? 0 : line + 1;
    return at;
}

/** A lane's label: a task's or greenlet's under its thread, marked as one. */
QString rowLabel(const Timeline &t, int lane)
{
    return t.isTask(lane) ? QStringLiteral("\u21b3 %1").arg(t.laneName(lane)) : t.laneName(lane);
}

/** A process's GIL row: "GIL owner" for a program of one process, each process's else. */
QString gilLabel(const Timeline &t, int process)
{
    if (!t.isPython() || t.processCount() == 1)
        return QObject::tr("GIL owner");
    return QObject::tr("GIL: %1").arg(t.processName(process));
}

} // namespace

bool TimelineView::anyPython() const
{
    return std::any_of(
        m_timelines.begin(), m_timelines.end(), [](const Timeline &t) { return t.isPython(); });
}

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduler.timeline"));
    setAccessibleName(tr("Timeline of the run"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QColor TimelineView::colour(WorkerState state, bool dark)
{
    // Worked out once per state, theme and palette: painting asks for colours per stretch.
    struct Cache
    {
        QRgb base = 0;
        QRgb text = 0;
        std::array<std::optional<QColor>, Protocol::LaneStateCount> colours;
    };
    static std::array<Cache, 2> caches;
    const QPalette palette = QGuiApplication::palette();
    Cache &cache = caches[dark ? 1 : 0];
    const QRgb base = palette.color(QPalette::Base).rgba();
    const QRgb text = palette.color(QPalette::Text).rgba();
    if (cache.base != base || cache.text != text)
        cache = Cache{base, text, {}};
    std::optional<QColor> &made = cache.colours[std::size_t(state)];
    if (!made)
        made = workOutColour(state, dark);
    return *made;
}

QColor TimelineView::workOutColour(WorkerState state, bool dark)
{
    // A hue per state (Okabe–Ito where it can), made to stand out (3:1) from the palette's base.
    const auto hue = [&]() -> QColor {
        switch (state) {
        case WorkerState::Running:
            return dark ? QColor(0x3c, 0xc4, 0x8f) : QColor(0x00, 0x9e, 0x73);
        case WorkerState::WaitingGil:
            return dark ? QColor(0xff, 0x7a, 0x45) : QColor(0xd5, 0x5e, 0x00);
        case WorkerState::WaitingLock:
            return dark ? QColor(0xff, 0x5c, 0x8a) : QColor(0xc2, 0x18, 0x5b);
        case WorkerState::BlockedIo:
            return dark ? QColor(0x6c, 0xb8, 0xf0) : QColor(0x2b, 0x83, 0xc6);
        case WorkerState::Spawning:
            return dark ? QColor(0xc0, 0x9c, 0xff) : QColor(0x8e, 0x5c, 0xd9);
        case WorkerState::Encoding:
        case WorkerState::Decoding:
            return dark ? QColor(0xf0, 0xe4, 0x42) : QColor(0xb0, 0x7a, 0x00);
        case WorkerState::Ready:
            return dark ? QColor(0xe0, 0x8f, 0xc0) : QColor(0xa8, 0x4f, 0x86);
        case WorkerState::Preempted:
            return dark ? QColor(0xb8, 0xc4, 0x6a) : QColor(0x7a, 0x86, 0x20);
        case WorkerState::Stalled: // a brown beside preempted's olive: the GIL held, no core
            return dark ? QColor(0xc8, 0x9f, 0x78) : QColor(0x7b, 0x52, 0x2c);
        case WorkerState::CpuNoGil:
            return dark ? QColor(0x4d, 0xd0, 0xc8) : QColor(0x00, 0x7f, 0x7a);
        case WorkerState::WaitingCpu:
            return dark ? QColor(0x9a, 0xa8, 0xb0) : QColor(0x5f, 0x6f, 0x78);
        case WorkerState::Idle:
        case WorkerState::Done:
            break;
        }
        return {};
    }();
    const QColor base = QGuiApplication::palette().color(QPalette::Base);
    if (!hue.isValid()) {
        // Idle is the absence of work: a quiet tint of the text colour, not a colour of its own.
        return Ink::tint(QGuiApplication::palette().color(QPalette::Text), base, 0.22);
    }
    return Ink::atLeast(hue, base);
}

QColor TimelineView::lockColour(bool dark)
{
    return Ink::atLeast(dark ? QColor(0xff, 0xd1, 0x66) : QColor(0x6a, 0x3d, 0x9a),
                        QGuiApplication::palette().color(QPalette::Base));
}

void TimelineView::setTimeline(const Timeline &timeline)
{
    setTimelines({timeline}, 0);
}

void TimelineView::setTimelines(std::vector<Timeline> timelines, int current)
{
    m_timelines = std::move(timelines);
    m_drawn.clear();
    for (const Timeline &t : m_timelines) {
        for (const Segment &segment : t.segments) {
            if (std::find(m_drawn.begin(), m_drawn.end(), segment.state) == m_drawn.end())
                m_drawn.push_back(segment.state);
        }
    }
    m_density.clear();
    for (const Timeline &t : m_timelines) {
        Densities &d = m_density.emplace_back();
        for (int lane = 0; lane < t.lanes; ++lane) {
            const auto [begin, end] = laneFrom(t, lane, std::numeric_limits<std::int64_t>::min());
            d.lanes.push_back(Density::build(
                std::span<const Segment>(begin, end), t.start, t.end, [](const Segment &s) {
                    return int(s.state);
                }));
        }
        const int processes = t.isPython() ? t.processCount() : 1;
        for (int process = 0; process < processes; ++process) {
            d.gils.push_back(Density::build(t.gilSegments, t.start, t.end, [&](const Segment &s) {
                if (t.isPython() && t.processOf(s.lane) != process)
                    return -1;
                return gilSlot(s);
            }));
        }
    }
    m_current = m_timelines.empty() ? 0 : std::clamp(current, 0, int(m_timelines.size()) - 1);
    m_playhead = 0;
    updateGeometry();
    resetZoom();
}

const Timeline &TimelineView::timeline() const
{
    return m_timelines.empty() ? emptyTimeline() : m_timelines[std::size_t(m_current)];
}

std::int64_t TimelineView::span() const
{
    std::int64_t longest = 1;
    for (const Timeline &t : m_timelines)
        longest = std::max(longest, t.end - t.start);
    return longest;
}

void TimelineView::resetZoom()
{
    m_axis.viewStart = 0;
    m_axis.viewEnd = span();
    updateAxisGeometry();
    update();
}

void TimelineView::setPlayhead(std::int64_t t)
{
    m_playhead = t - timeline().start;
    update();
}

std::int64_t TimelineView::playhead() const
{
    return timeline().start + m_playhead;
}

std::vector<TimelineView::Row> TimelineView::rows() const
{
    std::vector<Row> rows;
    const bool titles = m_timelines.size() > 1;
    for (int i = 0; i < int(m_timelines.size()); ++i) {
        const Timeline &t = m_timelines[std::size_t(i)];
        if (titles)
            rows.push_back({RowKind::Title, i, -1});
        if (t.isPython()) {
            // Each process with its own GIL above its threads, a thread's tasks under it.
            int process = -1;
            for (const int lane : t.laneOrder()) {
                if (t.processOf(lane) != process) {
                    process = t.processOf(lane);
                    rows.push_back({RowKind::Gil, i, process});
                }
                rows.push_back({RowKind::Worker, i, lane});
            }
            continue;
        }
        if (t.model == Model::Gil)
            rows.push_back({RowKind::Gil, i, -1});
        if (!t.lockSegments.empty())
            rows.push_back({RowKind::Lock, i, -1});
        for (int lane = 0; lane < t.lanes; ++lane)
            rows.push_back({RowKind::Worker, i, lane});
    }
    return rows;
}

int TimelineView::rowHeight() const
{
    // On a presenter's stage the lanes lie closer (the room's font is large and the stage is
    // short): more lanes in sight, no less readable. (Staging is followed by the room's font,
    // whose change lays the view out anew.)
    return fontMetrics().height() + (Kit::isOnStage(this) ? 3 : 8);
}

int TimelineView::labelWidth() const
{
    int widest = fontMetrics().horizontalAdvance(tr("lock holder"));
    widest = std::max(widest, fontMetrics().horizontalAdvance(tr("GIL owner")));
    widest = std::max(widest, fontMetrics().horizontalAdvance(tr("worker %1").arg(64)));
    widest = std::max(widest, fontMetrics().horizontalAdvance(tr("transformer %1").arg(14)));
    // A Python program's threads by name ("Thread-1 (count)"), within reason.
    const int most = fontMetrics().averageCharWidth() * 26;
    for (const Timeline &t : m_timelines) {
        for (int lane = 0; lane < int(t.names.size()); ++lane)
            widest = std::max(widest,
                              std::min(most, fontMetrics().horizontalAdvance(rowLabel(t, lane))));
        for (int p = 0; t.isPython() && p < t.processCount(); ++p)
            widest
                = std::max(widest, std::min(most, fontMetrics().horizontalAdvance(gilLabel(t, p))));
    }
    return widest + 16;
}

int TimelineView::rowTop(int row) const
{
    return fontMetrics().height() / 2 + row * rowHeight();
}

int TimelineView::rowAt(int y) const
{
    const int count = int(rows().size());
    for (int row = 0; row < count; ++row) {
        if (y >= rowTop(row) && y < rowTop(row) + rowHeight())
            return row;
    }
    return -1;
}

int TimelineView::axisTop() const
{
    return rowTop(int(rows().size())) + 4;
}

int TimelineView::laneCentre(int index, int lane) const
{
    const std::vector<Row> all = rows();
    for (int row = 0; row < int(all.size()); ++row) {
        if (all[std::size_t(row)].kind == RowKind::Worker && all[std::size_t(row)].timeline == index
            && all[std::size_t(row)].lane == lane)
            return rowTop(row) + rowHeight() / 2;
    }
    return -1;
}

std::pair<int, int> TimelineView::currentRows() const
{
    const std::vector<Row> all = rows();
    int first = -1;
    int last = -1;
    for (int row = 0; row < int(all.size()); ++row) {
        if (all[std::size_t(row)].timeline != m_current)
            continue;
        if (first < 0)
            first = row;
        last = row;
    }
    if (first < 0)
        return {0, 0};
    return {rowTop(first), rowTop(last) + rowHeight()};
}

QStringList TimelineView::legendLabels() const
{
    QStringList labels;
    for (const LegendItem &item :
         legendItems(false, anyLockHeld(m_timelines), anyPython(), m_drawn))
        labels.append(item.label);
    return labels;
}

QSize TimelineView::sizeHint() const
{
    const int width = 640;
    // The legend's lines as paintEvent lays them out, at the width the view has once it has one.
    const int laidOut = testAttribute(Qt::WA_Resized) ? std::max(this->width(), 200) : width;
    int legendLines = 0;
    legendLayout(legendItems(false, anyLockHeld(m_timelines), anyPython(), m_drawn),
                 fontMetrics(),
                 4,
                 laidOut - 8,
                 &legendLines);
    const int rowCount = std::max<int>(3, int(rows().size()));
    return {width,
            fontMetrics().height() / 2 + rowCount * rowHeight() + 8
                + fontMetrics().height() * (2 + legendLines)};
}

QSize TimelineView::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 30, sizeHint().height()};
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
    updateGeometry(); // the legend may need more or fewer lines now
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor text = palette().color(QPalette::Text);
    if (m_timelines.empty() || timeline().lanes == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(8, 8, -8, -8),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         // The room has no Run button: it is told what will be here.
                         isOnStage(this)
                             ? tr("No run drawn here yet: every worker's states appear here, "
                                  "lane by lane, once one has run.")
                             : tr("Press Run: every worker's states appear here, lane by lane."));
        return;
    }
    const int h = rowHeight();
    const int bar = h - 6;
    const QFontMetrics metrics = fontMetrics();
    auto clipX = [this](double x) {
        return std::clamp(x, m_axis.left, m_axis.left + m_axis.width);
    };
    // A labelled bar: the label only when it fits whole.
    auto drawBar = [&](const QRectF &r, const QColor &fill, const QString &label) {
        painter.fillRect(r, fill);
        if (!label.isEmpty() && r.width() > metrics.horizontalAdvance(label) + 6) {
            painter.setPen(textOn(fill));
            painter.drawText(r, Qt::AlignCenter, label);
        }
    };

    // Each state's colour (a lane's density slot is its state) and each GIL slot's (gilSlot():
    // a holder's shade, or off its core), once a paint: a crowded view asks for one per stretch,
    // a million of them.
    static_assert(Protocol::LaneStateCount <= Density::Slots);
    std::array<QColor, Density::Slots> stateColours;
    for (int i = 0; i < Protocol::LaneStateCount; ++i)
        stateColours[std::size_t(i)] = colour(WorkerState(i), dark);
    std::array<QColor, Density::Slots> gilColours;
    for (int i = 0; i < 3; ++i)
        gilColours[std::size_t(i)]
            = stateColours[std::size_t(WorkerState::Running)].darker(100 + 20 * i);
    gilColours[3] = stateColours[std::size_t(WorkerState::Preempted)];
    const double nsPerPixel = double(m_axis.viewEnd - m_axis.viewStart) / m_axis.width;
    const std::vector<Row> all = rows();
    const int labelSpace = labelWidth() - 8; // measured once a paint: it reads every lane's name
    for (int row = 0; row < int(all.size()); ++row) {
        const Row &r = all[std::size_t(row)];
        const Timeline &t = m_timelines[std::size_t(r.timeline)];
        const int top = rowTop(row);
        const QRect label(4, top, labelSpace, h);
        painter.setPen(text);
        auto visible = [&](const Segment &s) {
            return s.end - t.start >= m_axis.viewStart && s.start - t.start <= m_axis.viewEnd;
        };
        // A lone stretch narrower than Sliver is drawn again, that wide, over its neighbours;
        // under the replay's cursor (2 px) wider still, so that it shows on both sides of it (a
        // step of a presenter's stops lands on such a hand-off, and its narration names it).
        const bool cursorShown
            = m_playhead > 0 && m_playhead >= m_axis.viewStart && m_playhead <= m_axis.viewEnd;
        const double cursorX = cursorShown ? m_axis.x(m_playhead) : -1e9;
        auto sliver = [cursorX](const QRectF &box) {
            const double wide = std::abs(box.center().x() - cursorX) < 4 ? 8.0 : Sliver;
            return QRectF(box.center().x() - wide / 2, box.top(), wide, box.height());
        };
        auto rectOf = [&](const Segment &s, double thickness) {
            const double x0 = clipX(m_axis.x(s.start - t.start));
            const double x1 = clipX(m_axis.x(s.end - t.start));
            return QRectF(x0, top + (h - thickness) / 2.0, std::max(1.0, x1 - x0), thickness);
        };
        switch (r.kind) {
        case RowKind::Title: {
            QFont bold = font();
            bold.setBold(true);
            painter.setFont(bold);
            const QString title = r.timeline == m_current ? tr("▶ %1").arg(t.title) : t.title;
            painter.drawText(QRect(4, top, width() - 8, h),
                             Qt::AlignVCenter | Qt::AlignLeft,
                             metrics.elidedText(title, Qt::ElideRight, width() - 8));
            painter.setFont(font());
            break;
        }
        case RowKind::Gil: {
            painter.drawText(
                label,
                Qt::AlignVCenter | Qt::AlignLeft,
                metrics.elidedText(gilLabel(t, r.lane), Qt::ElideRight, label.width()));
            auto holderColour = [&](const Segment &s) -> const QColor & {
                return gilColours[std::size_t(gilSlot(s))];
            };
            // By start: from the first hold that begins in view, back over any still going
            // there (one per process at most, each process's holds following one another).
            auto first = std::partition_point(
                t.gilSegments.begin(), t.gilSegments.end(), [&](const Segment &s) {
                    return s.start - t.start < m_axis.viewStart;
                });
            for (int back = 0; back < 256 && first != t.gilSegments.begin(); ++back)
                --first;
            const Bars bars{m_axis, t.start, top + (h - bar) / 2.0, double(bar)};
            const std::vector<Density> &gils = m_density[std::size_t(r.timeline)].gils;
            const Density *density
                = std::size_t(r.lane) < gils.size() ? &gils[std::size_t(r.lane)] : nullptr;
            const int level = density && !density->empty() ? density->levelFor(nsPerPixel) : -1;
            if (level >= 0
                && std::partition_point(
                       first,
                       t.gilSegments.cend(),
                       [&](const Segment &s) { return s.start - t.start <= m_axis.viewEnd; })
                           - first
                       > 3 * std::int64_t(m_axis.width)) {
                paintDensity(painter, bars, *density, level, gilColours);
                break;
            }
            const std::vector<const Segment *> lone = paintLane(
                painter,
                bars,
                first,
                t.gilSegments.cend(),
                // A Python process's row holds its own threads only: each process has its GIL.
                [&](const Segment &s) { return !t.isPython() || t.processOf(s.lane) == r.lane; },
                holderColour,
                [&](const QRectF &box, const Segment &s) {
                    // The holder as its lane says it: "2" for worker 2, "Thread-1" for a thread.
                    drawBar(box,
                            holderColour(s),
                            t.names.empty()
                                ? QString::number(s.lane + 1)
                                : t.laneName(s.lane).section(QStringLiteral(" ("), 0, 0));
                });
            // A hold narrower than a pixel or two (a thread back from I/O that takes the GIL for
            // microseconds) between wide ones, drawn again over its neighbours.
            for (const Segment *s : lone)
                painter.fillRect(sliver(rectOf(*s, bar)), gilColours[std::size_t(s->lane % 3)]);
            break;
        }
        case RowKind::Lock:
            painter.drawText(label, Qt::AlignVCenter | Qt::AlignLeft, tr("lock holder"));
            for (const Segment &s : t.lockSegments) {
                if (visible(s))
                    drawBar(rectOf(s, bar), lockColour(dark), QString::number(s.lane + 1));
            }
            break;
        case RowKind::Worker: {
            painter.drawText(
                label,
                Qt::AlignVCenter | Qt::AlignLeft,
                metrics.elidedText(rowLabel(t, r.lane), Qt::ElideRight, label.width()));
            const auto [first, end] = laneFrom(t, r.lane, m_axis.viewStart);
            const Bars bars{m_axis, t.start, top + (h - bar) / 2.0, double(bar)};
            // Crowded (three stretches to a pixel and more): drawn from the lane's density.
            const Density &density = m_density[std::size_t(r.timeline)].lanes[std::size_t(r.lane)];
            const int level = density.empty() ? -1 : density.levelFor(nsPerPixel);
            if (level >= 0
                && std::partition_point(
                       first,
                       end,
                       [&](const Segment &s) { return s.start - t.start <= m_axis.viewEnd; })
                           - first
                       > 3 * std::int64_t(m_axis.width)) {
                paintDensity(painter, bars, density, level, stateColours);
            } else {
                const std::vector<const Segment *> lone = paintLane(
                    painter,
                    bars,
                    first,
                    end,
                    [](const Segment &) { return true; },
                    [&](const Segment &s) -> const QColor & {
                        return stateColours[std::size_t(s.state)];
                    },
                    [&](const QRectF &box, const Segment &s) {
                        fillState(painter, box, s.state, dark);
                        if (s.holdsLock) { // a band along the bottom: it holds the lock meanwhile
                            painter.fillRect(
                                QRectF(
                                    box.left(), box.bottom() - bar / 4.0, box.width(), bar / 4.0),
                                lockColour(dark));
                        }
                    });
                // Stretches narrower than a pixel or two between wide ones again, over their
                // neighbours (see the GIL row): a worker that ran for microseconds between waits is
                // seen to have run.
                for (const Segment *s : lone)
                    fillState(painter, sliver(rectOf(*s, bar)), s->state, dark);
            }
            // Task starts: a tick above the bar.
            painter.setPen(QPen(text, 1));
            for (const Mark &m : t.taskStarts) {
                if (m.lane != r.lane || m.t - t.start < m_axis.viewStart
                    || m.t - t.start > m_axis.viewEnd)
                    continue;
                const double x = m_axis.x(m.t - t.start);
                painter.drawLine(QPointF(x, top + 1), QPointF(x, top + 3 + bar / 3.0));
            }
            break;
        }
        }
    }

    // Lock waits: a link from the waiter to the worker that held the lock when the wait began.
    // Where they would crowd into a zig-zag (a busy lock seen whole), only the waits under the
    // replay position are linked; zoom in to see every one.
    painter.setRenderHint(QPainter::Antialiasing);
    const double minGap = metrics.averageCharWidth() * 2.0;
    for (int i = 0; i < int(m_timelines.size()); ++i) {
        const Timeline &t = m_timelines[std::size_t(i)];
        std::vector<const Segment *> waits;
        for (int lane = 0; lane < t.lanes; ++lane) {
            for (auto [it, end] = laneFrom(t, lane, m_axis.viewStart);
                 it != end && it->start - t.start <= m_axis.viewEnd;
                 ++it) {
                if (it->state == WorkerState::WaitingLock && it->other >= 0
                    && it->start - t.start >= m_axis.viewStart)
                    waits.push_back(&*it);
            }
        }
        const bool crowded = double(waits.size()) * minGap > m_axis.width;
        const std::int64_t now = t.start + m_playhead;
        for (const Segment *s : waits) {
            const bool current = i == m_current && s->start <= now && now < s->end;
            if (crowded && !current)
                continue;
            painter.setPen(QPen(colour(WorkerState::WaitingLock, dark), current ? 2.5 : 1.5));
            const double x = m_axis.x(s->start - t.start);
            painter.drawLine(QPointF(x, laneCentre(i, s->lane)),
                             QPointF(x + 6, laneCentre(i, s->other)));
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);

    // Time axis along the bottom, in ms since each run's start.
    const int axisY = axisTop();
    painter.setPen(text);
    const std::vector<TimeAxis::Tick> ticks = m_axis.ticks(
        [&metrics](const QString &label) { return double(metrics.horizontalAdvance(label) + 12); });
    double labelsEnd = 0;
    for (const TimeAxis::Tick &tick : ticks) {
        const double x = m_axis.x(tick.t);
        painter.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
        const QString &label = tick.label;
        const double lx = std::min(x + 2, double(width() - metrics.horizontalAdvance(label) - 2));
        // The last label, pushed in from the right edge, is left out if it would run into the
        // one before: its tick says where it is.
        if (lx < labelsEnd)
            continue;
        painter.drawText(QPointF(lx, axisY + metrics.ascent() + 4), label);
        labelsEnd = lx + metrics.horizontalAdvance(label) + 4;
    }

    // Legend: what each colour means, wrapped to the width.
    {
        const std::vector<LegendItem> items
            = legendItems(dark, anyLockHeld(m_timelines), anyPython(), m_drawn);
        int lines = 0;
        const int left = 4;
        const std::vector<QPoint> at = legendLayout(items, metrics, left, width() - 8, &lines);
        const int y0 = axisY + metrics.height() + 8;
        const int box = metrics.height() * 2 / 3;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const QPoint p = at[i] + QPoint(0, y0);
            fillLegend(painter,
                       QRect(p.x(), p.y() + (metrics.height() - box) / 2, box, box),
                       items[i],
                       dark);
            painter.setPen(text);
            painter.drawText(QPoint(p.x() + box + 4, p.y() + metrics.ascent()), items[i].label);
        }
    }

    // The replay position, across every run.
    if (m_playhead > 0 && m_playhead >= m_axis.viewStart && m_playhead <= m_axis.viewEnd) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        const double x = m_axis.x(m_playhead);
        painter.drawLine(QPointF(x, 0), QPointF(x, axisY));
    }
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(1.2, event->angleDelta().y() / 120.0);
    m_axis.zoom(factor, event->position().x());
    m_axis.clamp(0, span());
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
        m_axis.clamp(0, span());
        m_dragFrom = now;
        update();
    }
}

QString TimelineView::describeAt(const QPoint &pos) const
{
    const int row = rowAt(pos.y());
    if (row < 0 || pos.x() < m_axis.left)
        return {};
    const Row r = rows()[std::size_t(row)];
    const Timeline &t = m_timelines[std::size_t(r.timeline)];
    const std::int64_t since = m_axis.t(pos.x());
    const std::int64_t at = t.start + since;
    const double ms = double(since) / 1e6;
    auto holderOf = [at](const std::vector<Segment> &segments) -> const Segment * {
        for (const Segment &s : segments) {
            if (at >= s.start && at < s.end)
                return &s;
        }
        return nullptr;
    };
    // A pixel that holds several stretches is described as the pixel: what share of its time
    // went to what (a million-change run seen whole puts thousands under the mouse).
    const std::int64_t pixelFrom = t.start + m_axis.t(std::floor(double(pos.x())));
    const std::int64_t pixelTo = t.start + m_axis.t(std::floor(double(pos.x())) + 1);
    auto shares = [&](auto first, auto last, auto keep, auto keyOf, int *count) {
        std::map<QString, std::int64_t> ns;
        for (auto it = first; it != last && it->start < pixelTo; ++it) {
            if (it->end <= pixelFrom || !keep(*it))
                continue;
            ns[keyOf(*it)] += std::min(it->end, pixelTo) - std::max(it->start, pixelFrom);
            ++*count;
        }
        std::vector<std::pair<std::int64_t, QString>> sorted;
        for (const auto &[key, time] : ns)
            sorted.emplace_back(time, key);
        std::sort(sorted.rbegin(), sorted.rend());
        QStringList parts;
        for (const auto &[time, key] : sorted)
            parts << tr("%1 %2 %").arg(key).arg(
                100.0 * double(time) / double(pixelTo - pixelFrom), 0, 'f', 0);
        return parts.join(QStringLiteral(", "));
    };
    auto pixelSpan = [&] {
        return tr("%1 to %2 ms")
            .arg(double(pixelFrom - t.start) / 1e6, 0, 'f', 2)
            .arg(double(pixelTo - t.start) / 1e6, 0, 'f', 2);
    };
    switch (r.kind) {
    case RowKind::Title:
        return t.title;
    case RowKind::Gil: {
        int count = 0;
        const auto first
            = std::partition_point(t.gilSegments.begin(),
                                   t.gilSegments.end(),
                                   [&](const Segment &s) { return s.start < pixelFrom; });
        const QString held = shares(
            first == t.gilSegments.begin() ? first : first - 1,
            t.gilSegments.end(),
            [&](const Segment &s) { return !t.isPython() || t.processOf(s.lane) == r.lane; },
            [&](const Segment &s) { return t.laneName(s.lane); },
            &count);
        if (count > 2)
            return tr("The GIL, %1 (a pixel, %2 holds): held by %3")
                .arg(pixelSpan())
                .arg(count)
                .arg(held);
        std::vector<Segment> own;
        for (const Segment &s : t.gilSegments) {
            if (!t.isPython() || t.processOf(s.lane) == r.lane)
                own.push_back(s);
        }
        const QString gil = t.isPython() && t.processCount() > 1
                                ? tr("the GIL of %1").arg(t.processName(r.lane))
                                : tr("the GIL");
        if (const Segment *s = holderOf(own)) {
            return tr("At %1 ms %2 holds %3 (for %4 ms)%5")
                .arg(ms, 0, 'f', 2)
                .arg(t.laneName(s->lane), gil)
                .arg(double(s->end - s->start) / 1e6, 0, 'f', 2)
                .arg(s->state == WorkerState::Preempted
                         ? tr(", but the kernel gave its core to something else")
                     : s->state == WorkerState::Stalled
                         ? tr(", but the kernel makes it wait, off its core")
                         : QString());
        }
        return tr("At %1 ms nobody holds %2").arg(ms, 0, 'f', 2).arg(gil);
    }
    case RowKind::Lock:
        if (const Segment *s = holderOf(t.lockSegments)) {
            return tr("At %1 ms %2 holds the lock (for %3 ms)")
                .arg(ms, 0, 'f', 2)
                .arg(t.laneName(s->lane))
                .arg(double(s->end - s->start) / 1e6, 0, 'f', 2);
        }
        return tr("At %1 ms nobody holds the lock").arg(ms, 0, 'f', 2);
    case RowKind::Worker:
        break;
    }
    {
        int count = 0;
        const auto [first, end] = laneFrom(t, r.lane, pixelFrom - t.start);
        const QString states = shares(
            first,
            end,
            [](const Segment &) { return true; },
            [](const Segment &s) { return stateName(s.state); },
            &count);
        if (count > 2)
            return tr("%1, %2 (a pixel, %3 stretches): %4")
                .arg(t.laneName(r.lane), pixelSpan())
                .arg(count)
                .arg(states);
    }
    const Segment *s = t.at(r.lane, at);
    if (!s)
        return {};
    QString name = t.laneName(r.lane);
    name[0] = name[0].toUpper();
    QString text = tr("%1 at %2 ms: %3 for %4 ms")
                       .arg(name)
                       .arg(ms, 0, 'f', 2)
                       .arg(stateName(s->state))
                       .arg(double(s->end - s->start) / 1e6, 0, 'f', 2);
    if (s->state == WorkerState::Running && s->cpu >= 0)
        text += tr(", on core %1").arg(s->cpu + 1);
    if (s->other >= 0
        && (s->state == WorkerState::WaitingLock || s->state == WorkerState::WaitingGil))
        text += tr(" (held by %1)").arg(t.laneName(s->other));
    if (s->holdsLock)
        text += tr("; it holds the lock");
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

} // namespace Scheduler
