// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace Scheduler {

/** Runs as they ran, saved for later: a presenter's fallback, and what a deck's demo can open. */
struct SavedRuns
{
    std::vector<RunRecord> runs;    // with their recordings
    std::vector<int> batches;       // per run: runs made by one Run press share a number
    std::vector<RunRecord> compare; // the Compare chart's runs (measurements only)
    int compareRepetitions = 0;
};

/**
 * The file format of saved runs: one JSON document ("format": "curtain-scheduler-runs") with
 * every option, every measurement and every recorded event, so that a run loads back equal to
 * the run that was saved.
 */
namespace RunFile {

/**
 * A run's events are saved packed: "events_packed" holds, in base64, one PackedEventBytes record
 * per event, little-endian: the time in ns after the run's start (int64), the worker (int32), the
 * state (uint8, the protocol's LaneState), the flags (uint8, EventFlag), the core (int16, -1
 * unknown) and the other worker (int32, -1 none). Files with "events" as arrays of
 * [ns, worker, state id, flags, core, other] (before the packing) are read too.
 */
constexpr int PackedEventBytes = 20;

/** The largest saved-runs file load() reads. */
constexpr qint64 MaxBytes = 256ll << 20;

QByteArray serialize(const SavedRuns &saved);
/** Parses a saved-runs document; *error names SOURCE and the field that is wrong. */
std::optional<SavedRuns> parse(const QByteArray &bytes, const QString &source, QString *error);

/** Saves atomically (QSaveFile): the old file survives any failure. */
bool save(const QString &path, const SavedRuns &saved, QString *error);
std::optional<SavedRuns> load(const QString &path, QString *error);

} // namespace RunFile

} // namespace Scheduler
