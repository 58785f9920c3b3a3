// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "transcoding.h"

#include <QJsonArray>
#include <QRectF>
#include <QSizeF>
#include <optional>
#include <vector>

namespace Startup {

/**
 * Where the transcoding animation draws things, as plain maths: the queue as a column of
 * squares, each machine as a box with one cell per slot, and the frame to show for a moment of
 * playback. Widgets only paint what this says.
 */
struct PoolLayout
{
    QRectF queueArea;
    std::vector<QRectF> queueCells; // one per waiting job (capped; the rest is a number)
    int hiddenQueue = 0;            // jobs waiting beyond the drawn cells
    std::vector<QRectF> machines;   // one per machine in the frame, in order
    std::vector<std::vector<QRectF>> slotCells;     // per machine, one per slot
    std::vector<std::vector<QRectF>> reservedCells; // per machine, one per prefetched job (capped)
    std::vector<int> hiddenReserved;                // per machine, prefetched jobs not drawn
    QRectF serviceArea;                             // the outside service, when it is shown
    std::vector<QRectF> serviceCells;               // one per job at the service (capped)
    int hiddenService = 0;

    /** Lays FRAME out in an area of SIZE, with SLOTSPERMACHINE cells per machine; SERVICE
     *  reserves a column for the outside service on the right. Every job of the frame is in a
     *  cell or counted as hidden: queued, prefetched inside a machine, in a slot, at the service.
     */
    static PoolLayout
    of(const PoolFrame &frame, QSizeF size, int slotsPerMachine, bool service = false);
};

/** Playback: which frame to show after ELAPSEDSECONDS of real time at SPEED simulated minutes a
 * second. */
std::size_t frameAt(const std::vector<PoolFrame> &frames, double elapsedSeconds, double speed);

/**
 * A presenter's clicker through the playback: the frames a press stops at, one each PERIOD
 * simulated minutes from the first frame (the last frame at or before each such minute, each
 * once), ending with the last frame.
 */
std::vector<std::size_t> playbackStops(const std::vector<PoolFrame> &frames, double periodMinutes);

/** A deck's `step:` for the playback, "30m" or "2h" (1 minute to 24 hours), in minutes; nullopt
 *  and *ERROR when it is not one. */
std::optional<double> parseStepPeriod(const QString &text, QString *error = nullptr);

/** FRAMES as compact JSON (for passing a result across threads and saving it). */
QJsonArray framesToJson(const std::vector<PoolFrame> &frames);
/** The frames back from framesToJson(). */
std::vector<PoolFrame> framesFromJson(const QJsonArray &json);

} // namespace Startup
