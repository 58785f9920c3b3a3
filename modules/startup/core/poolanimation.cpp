// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "poolanimation.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace Startup {

namespace {

/** Up to COUNT squares of side CELL filling AREA row by row from the top-left; returns how many
 *  did not fit. */
int fillCells(const QRectF &area, double cell, int count, std::vector<QRectF> *cells)
{
    const int perRow = std::max(1, int((area.width() + 2) / (cell + 2)));
    const int rows = std::max(0, int((area.height() + 2) / (cell + 2)));
    const int shown = std::min(count, perRow * rows);
    for (int i = 0; i < shown; ++i) {
        const int row = i / perRow;
        const int column = i % perRow;
        cells->emplace_back(
            area.left() + column * (cell + 2), area.top() + row * (cell + 2), cell, cell);
    }
    return count - shown;
}

} // namespace

PoolLayout PoolLayout::of(const PoolFrame &frame, QSizeF size, int slotsPerMachine, bool service)
{
    PoolLayout layout;
    const double margin = 8;
    const double columnWidth = std::max(40.0, size.width() * 0.16);
    layout.queueArea = QRectF(margin, margin, columnWidth, size.height() - 2 * margin);
    // Queue: squares stacked bottom-up in columns of 4.
    const double cell = std::clamp(columnWidth / 4 - 2, 4.0, 24.0);
    const double captionRoom = cell * 1.5; // the column's name on top
    const int perColumn = std::max(1, int((layout.queueArea.height() - captionRoom) / (cell + 2)));
    const int capacity = perColumn * 4;
    const int shown = std::min(frame.queue, capacity);
    layout.hiddenQueue = frame.queue - shown;
    for (int i = 0; i < shown; ++i) {
        const int column = i % 4;
        const int row = i / 4;
        layout.queueCells.emplace_back(layout.queueArea.left() + column * (cell + 2),
                                       layout.queueArea.bottom() - (row + 1) * (cell + 2),
                                       cell,
                                       cell);
    }
    double right = size.width() - margin;
    if (service) {
        layout.serviceArea
            = QRectF(right - columnWidth, margin, columnWidth, size.height() - 2 * margin);
        right = layout.serviceArea.left() - 2 * margin;
        layout.hiddenService = fillCells(layout.serviceArea.adjusted(2, captionRoom, -2, -2),
                                         cell,
                                         frame.outsourced,
                                         &layout.serviceCells);
    }
    // Machines: a grid of boxes in the middle, as square as the space allows.
    const int n = int(frame.machines.size());
    if (n == 0)
        return layout;
    const QRectF area(layout.queueArea.right() + 3 * margin,
                      margin,
                      right - layout.queueArea.right() - 3 * margin,
                      size.height() - 2 * margin);
    const int columns
        = std::max(1, int(std::ceil(std::sqrt(n * area.width() / std::max(1.0, area.height())))));
    const int rows = int(std::ceil(double(n) / columns));
    const double w = area.width() / columns;
    const double h = area.height() / std::max(1, rows);
    for (int i = 0; i < n; ++i) {
        const int row = i / columns;
        const int column = i % columns;
        const QRectF box(area.left() + column * w + 4, area.top() + row * h + 4, w - 8, h - 8);
        layout.machines.push_back(box);
        const int slotCount = std::max(1, slotsPerMachine);
        std::vector<QRectF> cells;
        cells.reserve(std::size_t(slotCount));
        const double slotWidth = (box.width() - 8) / slotCount;
        const QRectF slotBand(box.left() + 4,
                              box.bottom() - box.height() * 0.4,
                              box.width() - 8,
                              box.height() * 0.35);
        for (int s = 0; s < slotCount; ++s)
            cells.emplace_back(slotBand.left() + s * slotWidth + 1,
                               slotBand.top(),
                               slotWidth - 2,
                               slotBand.height());
        layout.slotCells.push_back(cells);
        // Prefetched jobs sit inside the machine, above its slots: hoarded while waiting.
        std::vector<QRectF> held;
        const QRectF heldBand(box.left() + 4,
                              box.top() + box.height() * 0.3,
                              box.width() - 8,
                              slotBand.top() - box.top() - box.height() * 0.3 - 3);
        const double small = std::clamp(heldBand.height() / 2 - 2, 3.0, cell);
        layout.hiddenReserved.push_back(
            fillCells(heldBand, small, frame.machines[std::size_t(i)].reserved, &held));
        layout.reservedCells.push_back(held);
    }
    return layout;
}

std::size_t frameAt(const std::vector<PoolFrame> &frames, double elapsedSeconds, double speed)
{
    if (frames.empty())
        return 0;
    const double minute = frames.front().minute + elapsedSeconds * speed;
    const auto it
        = std::upper_bound(frames.begin(), frames.end(), minute, [](double m, const PoolFrame &f) {
              return m < f.minute;
          });
    return it == frames.begin() ? 0 : std::size_t(it - frames.begin() - 1);
}

std::vector<std::size_t> playbackStops(const std::vector<PoolFrame> &frames, double periodMinutes)
{
    std::vector<std::size_t> stops;
    if (frames.empty() || !(periodMinutes > 0))
        return stops;
    const double first = frames.front().minute;
    const double last = frames.back().minute;
    std::size_t at = 0;
    for (int k = 1; first + k * periodMinutes < last; ++k) {
        const double minute = first + k * periodMinutes;
        while (at + 1 < frames.size() && frames[at + 1].minute <= minute)
            ++at;
        if (at > 0 && (stops.empty() || stops.back() != at))
            stops.push_back(at);
    }
    if (frames.size() > 1 && (stops.empty() || stops.back() != frames.size() - 1))
        stops.push_back(frames.size() - 1);
    return stops;
}

std::optional<double> parseStepPeriod(const QString &text, QString *error)
{
    const QString value = text.trimmed();
    bool ok = false;
    double minutes = 0;
    if (value.endsWith(QLatin1Char('m')))
        minutes = value.chopped(1).trimmed().toDouble(&ok);
    else if (value.endsWith(QLatin1Char('h')))
        minutes = value.chopped(1).trimmed().toDouble(&ok) * 60.0;
    if (ok && minutes >= 1.0 && minutes <= 24.0 * 60.0)
        return minutes;
    if (error)
        *error = QCoreApplication::translate(
                     "Startup::PoolAnimation",
                     "\"%1\": step the playback by a period of simulated time, from 1m to 24h "
                     "(30m, 2h)")
                     .arg(value.left(40));
    return std::nullopt;
}

QJsonArray framesToJson(const std::vector<PoolFrame> &frames)
{
    QJsonArray out;
    for (const PoolFrame &f : frames) {
        QJsonArray machines;
        for (const PoolFrame::Machine &m : f.machines)
            machines.append(QJsonArray{m.id, int(m.state), m.busySlots, m.reserved});
        out.append(QJsonArray{
            f.minute, f.queue, double(f.arrived), double(f.completed), machines, f.outsourced});
    }
    return out;
}

std::vector<PoolFrame> framesFromJson(const QJsonArray &json)
{
    std::vector<PoolFrame> frames;
    for (const QJsonValue v : json) {
        const QJsonArray a = v.toArray();
        PoolFrame f;
        f.minute = a.at(0).toDouble();
        f.queue = a.at(1).toInt();
        f.arrived = static_cast<long long>(a.at(2).toDouble());
        f.completed = static_cast<long long>(a.at(3).toDouble());
        f.outsourced = a.at(5).toInt();
        for (const QJsonValue m : a.at(4).toArray()) {
            const QJsonArray fields = m.toArray();
            PoolFrame::Machine machine;
            machine.id = fields.at(0).toInt();
            machine.state = PoolFrame::Machine::State(std::clamp(fields.at(1).toInt(), 0, 2));
            machine.busySlots = fields.at(2).toInt();
            machine.reserved = fields.at(3).toInt();
            f.machines.push_back(machine);
        }
        frames.push_back(std::move(f));
    }
    return frames;
}

} // namespace Startup
