// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "feed.h"
#include "mmc.h"
#include "ormlab.h"
#include "transcoding.h"

#include <QJsonObject>
#include <QString>

#include <optional>

/** A Startup Sim scenario, checked against its schema (schema.h), as the engine's parameters.
 *  A scenario without "model" is read as the model asked for; one naming another is refused. */
namespace Scenario {

/**
 * Reads an `mmc` scenario from OBJECT (SOURCE names the file in messages). On failure returns
 * nothing and *error is one line naming the field and why.
 */
std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error);

/** The slow-ORM scenario: where the database lives, how big it is, the page size. */
struct OrmSpec
{
    QString database; // empty: the user's data folder
    OrmLab::Size size;
    int pageSize = 50;
    bool commentIndex = true; // the index on comments(video_id)
};

/** Reads an `orm` scenario from OBJECT; on failure *error names the field. */
std::optional<OrmSpec> parseOrm(const QJsonObject &object, const QString &source, QString *error);

/** Reads a `transcoding` scenario (see resources/scenarios/transcoding.json); *error names the
 *  field by its path, e.g. "pool.slots_per_instance". */
std::optional<TranscodingParams>
parseTranscoding(const QJsonObject &object, const QString &source, QString *error);

/** Reads a `feed` scenario; *error names the field. */
std::optional<FeedParams>
parseFeed(const QJsonObject &object, const QString &source, QString *error);

/** The models a scenario file may name. */
QStringList knownModels();

} // namespace Scenario
