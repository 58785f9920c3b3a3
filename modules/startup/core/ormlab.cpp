// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ormlab.h"

#include "simkernel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QThread>
#include <QVariant>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace Startup {

namespace OrmLab {

namespace {

QString sizeKey(const Size &size)
{
    return QStringLiteral("u%1-v%2-c%3-s%4")
        .arg(size.users)
        .arg(size.videos)
        .arg(size.comments)
        .arg(size.seed);
}

/** EXPLAIN QUERY PLAN of SQL, one line per step. */
QStringList planOf(QSqlDatabase &db, const QString &sql)
{
    QStringList plan;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
        return {q.lastError().text()};
    while (q.next())
        plan.append(q.value(3).toString());
    return plan;
}

/** Sends SQL through Q, counting and logging it as a query log does. */
bool run(QSqlQuery &q, const QString &sql, Fetch &fetch)
{
    ++fetch.queries;
    fetch.log.append(sql.simplified());
    return q.exec(sql);
}

bool generate(const QString &path,
              const Size &size,
              QString *error,
              const std::function<void(double)> &progress)
{
    const QString connection
        = QStringLiteral("curtain-orm-generate-%1").arg(quintptr(QThread::currentThreadId()));
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            *error = QStringLiteral("%1: cannot create the database: %2")
                         .arg(path, db.lastError().text());
            ok = false;
        }
        QSqlQuery q(db);
        const QStringList schema{
            QStringLiteral("PRAGMA journal_mode = OFF"),
            QStringLiteral("PRAGMA synchronous = OFF"),
            QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE videos (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
                           "REFERENCES users(id), title TEXT NOT NULL, created INTEGER NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE comments (id INTEGER PRIMARY KEY, video_id INTEGER NOT NULL "
                "REFERENCES videos(id), user_id INTEGER NOT NULL, body TEXT NOT NULL)"),
            // What this file holds, so a later run knows it is Curtain's and of which size.
            QStringLiteral("CREATE TABLE curtain_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("INSERT INTO curtain_meta VALUES ('size', '%1')").arg(sizeKey(size))};
        for (const QString &sql : schema) {
            if (ok && !q.exec(sql)) {
                *error = QStringLiteral("%1: %2").arg(path, q.lastError().text());
                ok = false;
            }
        }
        Sim::Random random(size.seed);
        static const QStringList first{QStringLiteral("Ada"),
                                       QStringLiteral("Grace"),
                                       QStringLiteral("Linus"),
                                       QStringLiteral("Guido"),
                                       QStringLiteral("Barbara"),
                                       QStringLiteral("Ken"),
                                       QStringLiteral("Margaret"),
                                       QStringLiteral("Dennis")};
        static const QStringList words{QStringLiteral("sunset"),
                                       QStringLiteral("skate"),
                                       QStringLiteral("drone"),
                                       QStringLiteral("short"),
                                       QStringLiteral("trailer"),
                                       QStringLiteral("cut"),
                                       QStringLiteral("behind"),
                                       QStringLiteral("scenes"),
                                       QStringLiteral("reel")};
        auto pick = [&random](const QStringList &list) {
            return list.at(int(random.next() % std::uint64_t(list.size())));
        };
        const double total = double(size.users + size.videos + size.comments);
        double done = 0;
        if (ok)
            db.transaction();
        if (ok && q.prepare(QStringLiteral("INSERT INTO users (id, name) VALUES (?, ?)"))) {
            for (int id = 1; id <= size.users && ok; ++id) {
                q.addBindValue(id);
                q.addBindValue(QStringLiteral("%1 %2").arg(pick(first)).arg(id));
                ok = q.exec();
            }
            done += size.users;
        }
        if (progress)
            progress(done / total);
        if (ok
            && q.prepare(QStringLiteral(
                "INSERT INTO videos (id, user_id, title, created) VALUES (?, ?, ?, ?)"))) {
            for (int id = 1; id <= size.videos && ok; ++id) {
                // A few users upload most videos: the skew a real site has.
                const int user
                    = 1
                      + int(std::min<double>(size.users - 1,
                                             random.exponential(1.0 / (size.users / 10.0))));
                q.addBindValue(id);
                q.addBindValue(user);
                q.addBindValue(QStringLiteral("%1 %2 #%3").arg(pick(words), pick(words)).arg(id));
                q.addBindValue(qint64(1306800000) + qint64(id) * 60 + qint64(random.next() % 59));
                ok = q.exec();
            }
            done += size.videos;
        }
        if (progress)
            progress(done / total);
        if (ok
            && q.prepare(QStringLiteral(
                "INSERT INTO comments (video_id, user_id, body) VALUES (?, ?, ?)"))) {
            for (int n = 0; n < size.comments && ok; ++n) {
                // Newer videos draw more comments.
                const double u = random.uniform();
                const int video = std::max(1, size.videos - int(u * u * size.videos));
                q.addBindValue(video);
                q.addBindValue(1 + int(random.next() % std::uint64_t(size.users)));
                q.addBindValue(pick(words));
                ok = q.exec();
                if (progress && n % 50000 == 0)
                    progress((done + n) / total);
            }
        }
        const QStringList indexes{
            QStringLiteral("CREATE INDEX comments_video ON comments(video_id)"),
            QStringLiteral("CREATE INDEX videos_created ON videos(created)")};
        for (const QString &sql : indexes) {
            if (ok)
                ok = q.exec(sql);
        }
        if (ok)
            ok = db.commit();
        if (ok)
            ok = q.exec(QStringLiteral("PRAGMA journal_mode = DELETE"));
        if (!ok && error->isEmpty())
            *error = QStringLiteral("%1: cannot fill the database: %2")
                         .arg(path, q.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (progress && ok)
        progress(1.0);
    return ok;
}

} // namespace

QString dataFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString pathFor(const QString &folder, const Size &size)
{
    return folder + QStringLiteral("/startup-orm-%1.sqlite").arg(sizeKey(size));
}

namespace {

enum class Verdict { Sound, OtherSize, Damaged, NotOurs };

/** Whether the file at PATH is a sound Curtain database of SIZE; PROBLEM says what is wrong. */
Verdict inspect(const QString &path, const Size &size, QString *problem)
{
    const QString connection
        = QStringLiteral("curtain-orm-inspect-%1").arg(quintptr(QThread::currentThreadId()));
    Verdict verdict = Verdict::Sound;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QSqlQuery q(db);
        if (!db.open()) {
            verdict = Verdict::Damaged;
            *problem = db.lastError().text();
        } else if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next()
                   || q.value(0).toString() != QLatin1String("ok")) {
            verdict = Verdict::Damaged;
            *problem = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        } else if (!q.exec(QStringLiteral("SELECT value FROM curtain_meta WHERE key = 'size'"))
                   || !q.next()) {
            verdict = Verdict::NotOurs;
            *problem = QStringLiteral("it has no curtain_meta table");
        } else if (q.value(0).toString() != sizeKey(size)) {
            verdict = Verdict::OtherSize;
            *problem
                = QStringLiteral("it holds %1, not %2").arg(q.value(0).toString(), sizeKey(size));
        } else {
            // The rows a sound database of this size has.
            const std::pair<const char *, qint64> tables[]
                = {{"users", size.users}, {"videos", size.videos}, {"comments", size.comments}};
            for (const auto &[table, rows] : tables) {
                if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table)))
                    || !q.next() || q.value(0).toLongLong() != rows) {
                    verdict = Verdict::Damaged;
                    *problem = QStringLiteral("table %1 has %2 rows, not %3")
                                   .arg(QLatin1String(table))
                                   .arg(q.value(0).toLongLong())
                                   .arg(rows);
                    break;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return verdict;
}

/** Generates a database of SIZE and moves it into place at PATH, atomically. */
bool generateAt(const QString &path,
                const Size &size,
                QString *error,
                const std::function<void(double)> &progress)
{
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot create the folder %1 for the database: give \"database\" "
                                "a path in a folder you can write to")
                     .arg(folder);
        return false;
    }
    // A file of this process's own: two first runs at once each make theirs, and the rename
    // that puts one in place is atomic, so neither ever sees a half-made file.
    QTemporaryFile temporary(folder + QStringLiteral("/.%1-XXXXXX.part").arg(info.fileName()));
    if (!temporary.open()) {
        *error = QStringLiteral("cannot write in %1 (%2): give \"database\" a path in a folder "
                                "you can write to")
                     .arg(folder, temporary.errorString());
        return false;
    }
    temporary.close();
    const QString part = temporary.fileName();
    QFile::remove(part); // SQLite creates it afresh
    if (!generate(part, size, error, progress)) {
        QFile::remove(part);
        return false;
    }
    if (std::rename(QFile::encodeName(part).constData(), QFile::encodeName(path).constData())
        != 0) {
        *error = QStringLiteral("%1: cannot move the new database into place: %2")
                     .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        QFile::remove(part);
        return false;
    }
    return true;
}

} // namespace

bool open(const QString &path,
          const QString &name,
          const Size &size,
          QString *error,
          const std::function<void(double)> &progress,
          Opened *opened,
          bool commentIndex)
{
    Opened local;
    Opened &what = opened ? *opened : local;
    if (!QFileInfo::exists(path)) {
        if (!generateAt(path, size, error, progress))
            return false;
        what.generated = true;
        what.note = QStringLiteral("Made the database %1 (done once per size).").arg(path);
    } else {
        QString problem;
        switch (inspect(path, size, &problem)) {
        case Verdict::Sound:
            break;
        case Verdict::NotOurs:
            *error = QStringLiteral("%1 is not one of Curtain's databases (%2): name another file "
                                    "in \"database\", or leave it out")
                         .arg(path, problem);
            return false;
        case Verdict::Damaged:
            // Curtain's own files (named as pathFor() names them) are a cache: make them again.
            // Any other file might be someone's: say what is wrong and leave it alone.
            if (!QFileInfo(path).fileName().startsWith(QLatin1String("startup-orm-"))) {
                *error = QStringLiteral("%1 is not a sound SQLite database (%2): delete it, and "
                                        "Curtain makes a new one there, or name another file in "
                                        "\"database\"")
                             .arg(path, problem);
                return false;
            }
            [[fallthrough]];
        case Verdict::OtherSize:
            if (!generateAt(path, size, error, progress))
                return false;
            what.rebuilt = true;
            what.note = QStringLiteral("Made %1 again: %2.").arg(path, problem);
            break;
        }
    }
    QSqlDatabase db = QSqlDatabase::contains(name)
                          ? QSqlDatabase::database(name, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open()) {
        *error = QStringLiteral("%1: cannot open: %2").arg(path, db.lastError().text());
        return false;
    }
    // The comment index as the scenario asks: the one thing that decides N+1's cost here.
    QSqlQuery q(db);
    const QString sql = commentIndex
                            ? QStringLiteral("CREATE INDEX IF NOT EXISTS comments_video ON "
                                             "comments(video_id)")
                            : QStringLiteral("DROP INDEX IF EXISTS comments_video");
    if (!q.exec(sql)) {
        *error = QStringLiteral("%1: cannot %2 the comment index: %3")
                     .arg(path,
                          commentIndex ? QStringLiteral("create") : QStringLiteral("drop"),
                          q.lastError().text());
        return false;
    }
    return true;
}

QString strategyName(const QString &strategy)
{
    if (strategy == QLatin1String("orm-n-plus-1"))
        return QStringLiteral("the ORM, lazily: one query per row (N+1)");
    if (strategy == QLatin1String("orm-join"))
        return QStringLiteral("the ORM's JOIN (select_related + annotate)");
    if (strategy == QLatin1String("raw-sql"))
        return QStringLiteral("hand-written SQL (the talk's .extra() escape hatch)");
    return strategy;
}

QString explain(const Fetch &fetch, const Size &size)
{
    const QString plan = fetch.plan.join(QLatin1Char('\n'));
    const bool scansComments
        = plan.contains(QLatin1String("SCAN c")) || plan.contains(QLatin1String("SCAN comments"));
    if (fetch.strategy == QLatin1String("orm-n-plus-1")) {
        if (scansComments) {
            return QStringLiteral("%1 queries, and each comment count reads all %2 comments "
                                  "(SCAN comments): without an index on comments(video_id) "
                                  "every row of the page costs a full table scan.")
                .arg(fetch.queries)
                .arg(size.comments);
        }
        return QStringLiteral("%1 small queries, each one index lookup (SEARCH ... USING INDEX): "
                              "cheap one by one on a local file, but each is a round trip; on a "
                              "database server across a network, %1 round trips add up.")
            .arg(fetch.queries);
    }
    if (fetch.strategy == QLatin1String("orm-join")) {
        return QStringLiteral("One query, but it reads every one of the %1 videos (SCAN v), "
                              "counts each one's comments for the GROUP BY, and sorts them all "
                              "(TEMP B-TREE FOR ORDER BY) before it can keep the page: the fewest "
                              "queries, the most work.")
            .arg(size.videos);
    }
    if (scansComments) {
        return QStringLiteral("One query: the page first, by the index on created; then a count "
                              "per row, which without the comment index reads every comment.");
    }
    return QStringLiteral("One query: the page first (the newest videos, by the index on "
                          "created), then one indexed comment count per row of the page only.");
}

Fetch nPlusOne(QSqlDatabase &db, int pageSize)
{
    Fetch fetch;
    fetch.strategy = QStringLiteral("orm-n-plus-1");
    QElapsedTimer clock;
    clock.start();
    QSqlQuery videos(db);
    run(videos,
        QStringLiteral("SELECT id, user_id, title FROM videos ORDER BY created DESC LIMIT %1")
            .arg(pageSize),
        fetch);
    QList<std::pair<Row, qint64>> page;
    while (videos.next())
        page.append({Row{videos.value(0).toLongLong(), videos.value(2).toString(), {}, 0},
                     videos.value(1).toLongLong()});
    for (auto &[row, userId] : page) {
        // What video.uploader.name and video.comments.count() do, one lazy query at a time.
        QSqlQuery user(db);
        run(user, QStringLiteral("SELECT id, name FROM users WHERE id = %1").arg(userId), fetch);
        if (user.next())
            row.uploader = user.value(1).toString();
        QSqlQuery count(db);
        run(count,
            QStringLiteral("SELECT COUNT(*) FROM comments WHERE video_id = %1").arg(row.videoId),
            fetch);
        if (count.next())
            row.comments = count.value(0).toLongLong();
        fetch.rows.append(row);
    }
    fetch.ms = double(clock.nsecsElapsed()) / 1e6;
    if (fetch.log.size() >= 3) { // the page, then a row's uploader and its comment count
        fetch.plan = planOf(db, fetch.log.at(0));
        fetch.plan += planOf(db, fetch.log.at(2));
    }
    return fetch;
}

namespace {

/** A strategy that sends one statement and reads the page from it. */
Fetch singleQuery(QSqlDatabase &db, const QString &strategy, const QString &sql)
{
    Fetch fetch;
    fetch.strategy = strategy;
    QElapsedTimer clock;
    clock.start();
    QSqlQuery q(db);
    run(q, sql, fetch);
    while (q.next()) {
        fetch.rows.append({q.value(0).toLongLong(),
                           q.value(1).toString(),
                           q.value(2).toString(),
                           q.value(3).toLongLong()});
    }
    fetch.ms = double(clock.nsecsElapsed()) / 1e6;
    fetch.plan = planOf(db, sql);
    return fetch;
}

} // namespace

Fetch join(QSqlDatabase &db, int pageSize)
{
    return singleQuery(db,
                       QStringLiteral("orm-join"),
                       QStringLiteral("SELECT v.id, v.title, u.name, COUNT(c.id) FROM videos v "
                                      "INNER JOIN users u ON u.id = v.user_id "
                                      "LEFT OUTER JOIN comments c ON c.video_id = v.id "
                                      "GROUP BY v.id, v.title, u.name, v.created "
                                      "ORDER BY v.created DESC LIMIT %1")
                           .arg(pageSize));
}

Fetch rawSql(QSqlDatabase &db, int pageSize)
{
    return singleQuery(
        db,
        QStringLiteral("raw-sql"),
        QStringLiteral("WITH page AS (SELECT id, user_id, title, created FROM videos "
                       "ORDER BY created DESC LIMIT %1) "
                       "SELECT p.id, p.title, u.name, "
                       "(SELECT COUNT(*) FROM comments c WHERE c.video_id = p.id) "
                       "FROM page p JOIN users u ON u.id = p.user_id ORDER BY p.created DESC")
            .arg(pageSize));
}

} // namespace OrmLab

} // namespace Startup
