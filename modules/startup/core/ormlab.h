#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

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
    QStringList log; // every SQL statement sent, in order
};

/** The default place for the database: the user's data folder. */
QString defaultPath();

/**
 * Opens the database at PATH as connection NAME, generating it first if it is not there yet
 * (into a temporary file renamed into place, so a half-made file never looks finished).
 */
bool open(const QString &path,
          const QString &name,
          const Size &size,
          QString *error,
          const std::function<void(double)> &progress = {});

/** ORM-style: one query for the videos, then one per video for its uploader and one for its
 *  comment count: 1 + 2N queries. */
Fetch nPlusOne(QSqlDatabase &db, int pageSize = 50);
/** What an ORM writes for select_related + annotate(Count): one JOIN with a GROUP BY. */
Fetch join(QSqlDatabase &db, int pageSize = 50);
/** Hand-written SQL (the .extra() way out): the page first, then a count per row, in one query. */
Fetch rawSql(QSqlDatabase &db, int pageSize = 50);

} // namespace OrmLab
