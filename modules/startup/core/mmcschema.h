// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "mmc.h"
#include "schema.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Startup {

/** The work a run of the M/M/c model implies: what its budget weighs. */
struct MmcWork
{
    double events = 0; // an arrival and a departure per job, warm-up included
    double bytes = 0;
};

/** The work PARAMS implies, counted as the engine runs it. */
MmcWork mmcWork(const MmcParams &params);

namespace Schema {
/** The `mmc` model: its fields (read into MmcParams), metrics, stability check and budget. */
Model mmcModel();
} // namespace Schema

namespace Scenario {
/**
 * Reads an `mmc` scenario from OBJECT (SOURCE names the file in messages). On failure returns
 * nothing and *error is one line naming the field and why.
 */
std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error);
} // namespace Scenario

} // namespace Startup
