#include "ormlab.h"

#include "simkernel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace OrmLab {

namespace {

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
    const QString connection = QStringLiteral("curtain-orm-generate");
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
                "REFERENCES videos(id), user_id INTEGER NOT NULL, body TEXT NOT NULL)")};
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
                q.addBindValue(qint64(1306800000) + id * 60 + qint64(random.next() % 59));
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

QString defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/startup-orm.sqlite");
}

bool open(const QString &path,
          const QString &name,
          const Size &size,
          QString *error,
          const std::function<void(double)> &progress)
{
    if (!QFileInfo::exists(path)) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        const QString temporary = path + QStringLiteral(".part");
        QFile::remove(temporary);
        if (!generate(temporary, size, error, progress)) {
            QFile::remove(temporary);
            return false;
        }
        if (!QFile::rename(temporary, path)) {
            *error = QStringLiteral("%1: cannot move the new database into place").arg(path);
            QFile::remove(temporary);
            return false;
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
    return true;
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
