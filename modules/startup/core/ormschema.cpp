// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ormschema.h"

#include "schemabinder.h"

#include <QObject>

namespace Startup {

namespace {

constexpr QLatin1String Id("orm");

void bindFields(Schema::Binder &b, Scenario::OrmSpec &spec)
{
    b.text(QLatin1String("database"), spec.database, QObject::tr("Database"))
        .about(QObject::tr("A file path; empty: Curtain's data folder"))
        .notInForm();
    b.whole(QLatin1String("users"), spec.size.users, QObject::tr("Users")).range(1, 1000000);
    b.whole(QLatin1String("videos"), spec.size.videos, QObject::tr("Videos")).range(1, 1000000);
    b.whole(QLatin1String("comments"), spec.size.comments, QObject::tr("Comments"))
        .range(0, 5000000);
    b.whole(QLatin1String("page_size"), spec.pageSize, QObject::tr("Page size"))
        .unit(QObject::tr("videos"))
        .about(QObject::tr("The latest videos the page shows"))
        .range(1, 10000);
    b.boolean(QLatin1String("comment_index"),
              spec.commentIndex,
              QObject::tr("Index on comments(video_id)"))
        .about(QObject::tr("The index that lets SQLite find a video's comments without reading "
                           "them all"));
    b.seed(spec.size.seed);
}

} // namespace

Schema::Model Schema::ormModel()
{
    Model m = modelOf(Id, QObject::tr("Slow ORM page"), &bindFields, {});
    m.replicable = false; // its numbers are timings, measured once per run
    return m;
}

std::optional<Scenario::OrmSpec>
Scenario::parseOrm(const QJsonObject &object, const QString &source, QString *error)
{
    return Schema::parse(object, Id, source, error, &bindFields);
}

} // namespace Startup
