// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ormlab.h"
#include "schema.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Startup {

namespace Schema {
/** The `orm` model: its fields (read into Scenario::OrmSpec); timings, so not replicable. */
Model ormModel();
} // namespace Schema

namespace Scenario {

/** The slow-ORM scenario: where the database lives, how big it is, the page size. */
struct OrmSpec
{
    QString database; // empty: the user's data folder
    OrmLab::Size size;
    int pageSize = 50;
    bool commentIndex = true; // the index on comments(video_id)

    bool operator==(const OrmSpec &other) const = default;
};

/** Reads an `orm` scenario from OBJECT; on failure *error names the field. */
std::optional<OrmSpec> parseOrm(const QJsonObject &object, const QString &source, QString *error);

} // namespace Scenario

} // namespace Startup
