#include "poolanimation.h"

#include <algorithm>
#include <cmath>

PoolLayout PoolLayout::of(const PoolFrame &frame, QSizeF size, int slotsPerMachine)
{
    PoolLayout layout;
    const double margin = 8;
    const double queueWidth = std::max(40.0, size.width() * 0.18);
    layout.queueArea = QRectF(margin, margin, queueWidth, size.height() - 2 * margin);
    // Queue: squares stacked bottom-up in columns of 4.
    const double cell = std::clamp(queueWidth / 4 - 2, 4.0, 24.0);
    const int perColumn = std::max(1, int((layout.queueArea.height() - cell) / (cell + 2)));
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
    // Machines: a grid of boxes to the right, as square as the space allows.
    const int n = int(frame.machines.size());
    if (n == 0)
        return layout;
    const QRectF area(layout.queueArea.right() + 3 * margin,
                      margin,
                      size.width() - layout.queueArea.right() - 4 * margin,
                      size.height() - 2 * margin);
    const int columns
        = std::max(1, int(std::ceil(std::sqrt(n * area.width() / std::max(1.0, area.height())))));
    const int rows = int(std::ceil(double(n) / columns));
    const double w = area.width() / columns;
    const double h = area.height() / std::max(1, rows);
    for (int i = 0; i < n; ++i) {
        const QRectF box(
            area.left() + (i % columns) * w + 4, area.top() + (i / columns) * h + 4, w - 8, h - 8);
        layout.machines.push_back(box);
        std::vector<QRectF> cells;
        const int slotCount = std::max(1, slotsPerMachine);
        const double slotWidth = (box.width() - 8) / slotCount;
        for (int s = 0; s < slotCount; ++s)
            cells.emplace_back(box.left() + 4 + s * slotWidth + 1,
                               box.bottom() - box.height() * 0.45,
                               slotWidth - 2,
                               box.height() * 0.4);
        layout.slotCells.push_back(cells);
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

QJsonArray framesToJson(const std::vector<PoolFrame> &frames)
{
    QJsonArray out;
    for (const PoolFrame &f : frames) {
        QJsonArray machines;
        for (const PoolFrame::Machine &m : f.machines)
            machines.append(QJsonArray{m.id, int(m.state), m.busySlots, m.reserved});
        out.append(QJsonArray{f.minute, f.queue, double(f.arrived), double(f.completed), machines});
    }
    return out;
}

std::vector<PoolFrame> framesFromJson(const QJsonArray &json)
{
    std::vector<PoolFrame> frames;
    for (const QJsonValue &v : json) {
        const QJsonArray a = v.toArray();
        PoolFrame f;
        f.minute = a.at(0).toDouble();
        f.queue = a.at(1).toInt();
        f.arrived = static_cast<long long>(a.at(2).toDouble());
        f.completed = static_cast<long long>(a.at(3).toDouble());
        for (const QJsonValue &m : a.at(4).toArray()) {
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
