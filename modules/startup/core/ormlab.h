// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

namespace Startup {

/**
 * The startup's slow ORM page, for real: a seeded SQLite database (through QtSql) and one page,
 * "the 50 latest videos with uploader name and comment count", fetched three ways.
 */
namespace OrmLab {

/** How big the generated database is. */
struct Size
{
    int users = 5000;
    int videos = 30000;
    int comments = 300000;
    std::uint64_t seed = 2011;

    bool operator==(const Size &other) const = default;
};

/** One row of the page. */
struct Row
{
    qint64 videoId = 0;
    QString title;
    QString uploader;
    qint64 comments = 0;
    bool operator==(const Row &other) const = default;
};

/** One way of fetching the page: its rows, how many queries it sent, how long it took. */
struct Fetch
{
    QString strategy; // "orm-n-plus-1", "orm-join", "raw-sql"
    QList<Row> rows;
    int queries = 0;
    double ms = 0;
    QStringList log;  // every SQL statement sent, in order
    QStringList plan; // SQLite's EXPLAIN QUERY PLAN of its main statement(s)
};

/** A strategy's name in words ("the ORM, one query per row (N+1)"). */
QString strategyName(const QString &strategy);
/** Why FETCH took the time it did, in words, from its query plan. */
QString explain(const Fetch &fetch, const Size &size);

/** The folder Curtain keeps generated databases in: the user's data folder. */
QString dataFolder();
/** The database for SIZE in FOLDER: one file per size, so a changed size never reuses another. */
QString pathFor(const QString &folder, const Size &size);

/** What open() found and did. */
struct Opened
{
    bool generated = false; // made now (it was missing)
    bool rebuilt = false;   // it was damaged or of another size, and made again
    QString note;           // in words, when something was made or mended
};

/**
 * Opens the database at PATH as connection NAME with the comment index as COMMENTINDEX asks,
 * generating it first if it is missing, and making it again if it is damaged (SQLite's
 * quick_check, the row counts) or holds another size. Generation writes a file of its own and
 * renames it into place, so two first runs at once both succeed and a half-made file never looks
 * finished. A file that is not one of Curtain's databases is never touched: *error names it.
 */
bool open(const QString &path,
          const QString &name,
          const Size &size,
          QString *error,
          const std::function<void(double)> &progress = {},
          Opened *opened = nullptr,
          bool commentIndex = true);

/** ORM-style: one query for the videos, then one per video for its uploader and one for its
 *  comment count: 1 + 2N queries. */
Fetch nPlusOne(QSqlDatabase &db, int pageSize = 50);
/** What an ORM writes for select_related + annotate(Count): one JOIN with a GROUP BY. */
Fetch join(QSqlDatabase &db, int pageSize = 50);
/** Hand-written SQL (the .extra() way out): the page first, then a count per row, in one query. */
Fetch rawSql(QSqlDatabase &db, int pageSize = 50);

} // namespace OrmLab

} // namespace Startup
