// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The ORM lab through the real Django ORM (realstack/orm.py): the lab's page fetched from the
// lab's own SQLite file, opened read-only, the three ways a Django project would (N+1,
// select_related with annotate, .extra()), with Django's own query log; then Django's post_save
// signal against an SQLite trigger for four ways of writing. Read here, and the page Django
// fetched held against the lab's, row by row.

#include "ormlab.h"
#include "realprotocol.h"
#include "realsession.h"

#include <kit/jsonio.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThread>

namespace Startup {

namespace Real {

namespace {

namespace P = Protocol;

/** The lab's page of DATABASE, as the lab fetches it (its hand-written SQL), as JSON rows. */
QJsonArray labPage(const QString &database, int pageSize, QString *error)
{
    const QString name
        = QStringLiteral("curtain-real-orm-%1").arg(quintptr(QThread::currentThreadId()));
    QJsonArray rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(database);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            for (const OrmLab::Row &r : OrmLab::rawSql(db, pageSize).rows)
                rows.append(QJsonArray{double(r.videoId), r.title, r.uploader, double(r.comments)});
            db.close();
        } else {
            *error = QStringLiteral("%1: %2").arg(database, db.lastError().text());
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

QJsonObject runOrm(Session &session,
                   const QJsonObject & /*validated*/,
                   const QJsonObject &model,
                   QString *error)
{
    const Request &request = session.request();
    const QString database = model.value(QStringLiteral("database")).toString();
    const int pageSize = model.value(QStringLiteral("page_size")).toInt();
    session.setDeadline(request.timeoutSeconds > 0 ? request.timeoutSeconds : 120);
    QString unreadable;
    const QJsonArray lab = labPage(database, pageSize, &unreadable);
    if (!unreadable.isEmpty()) {
        *error = unreadable;
        return {};
    }
    const QJsonObject plan{
        {QStringLiteral("database"), database},
        {QStringLiteral("scratch"), session.path(QStringLiteral("notes.sqlite3"))},
        {QStringLiteral("page_size"), pageSize}};
    const QString planPath = session.path(QStringLiteral("plan.json"));
    if (!Kit::JsonIo::writeObjectFile(planPath, plan, error))
        return {};
    const pid_t django
        = session.startPython(QStringLiteral("Django"),
                              {request.realstackDir + QStringLiteral("/orm.py"), planPath},
                              {},
                              true,
                              error);
    if (django < 0)
        return {};
    QJsonArray strategies, captures;
    QString said;
    bool ended = false;
    const Session::Wait how = session.readUntil(
        django,
        [&](const QByteArray &line) {
            QJsonObject o = QJsonDocument::fromJson(line).object();
            const QString kind = o.value(P::kind).toString();
            o.remove(P::kind);
            if (kind == QLatin1String("fetch")) {
                const QJsonArray rows = o.value(QStringLiteral("rows")).toArray();
                o.insert(QStringLiteral("name"),
                         OrmLab::strategyName(o.value(QStringLiteral("strategy")).toString()));
                o.insert(QStringLiteral("same_page_as_lab"), rows == lab);
                o.insert(QStringLiteral("rows"), rows.size());
                strategies.append(o);
                session.progress(0.1 + 0.25 * strategies.size());
            } else if (kind == QLatin1String("capture")) {
                captures.append(o);
            } else if (kind == P::error) {
                said = o.value(P::message).toString();
            }
            ended = kind == P::end;
            return ended || !said.isEmpty();
        },
        qint64(1e12));
    const QString leftOver = session.endAll();
    session.progress(1.0);
    if (!said.isEmpty()) {
        *error = said;
        return {};
    }
    if (how == Session::Wait::Stopped)
        return {{QStringLiteral("stopped"), true}};
    if (how == Session::Wait::TimedOut) {
        *error = QStringLiteral("Django's run of the ORM lab did not finish in time");
        return {};
    }
    if (!ended) {
        *error = session.failure(QStringLiteral("Django's run of the ORM lab ended early"),
                                 QStringLiteral("Django"));
        return {};
    }
    QJsonObject real{{QStringLiteral("model"), QStringLiteral("orm")},
                     {QStringLiteral("database"), database},
                     {QStringLiteral("page_size"), pageSize},
                     {QStringLiteral("strategies"), strategies},
                     {QStringLiteral("captures"), captures}};
    bool same = !strategies.isEmpty();
    for (const QJsonValue v : strategies)
        same = same && v.toObject().value(QStringLiteral("same_page_as_lab")).toBool();
    real.insert(QStringLiteral("same_page_as_lab"), same);
    if (!leftOver.isEmpty())
        real.insert(QStringLiteral("notes"), QJsonArray{leftOver});
    return real;
}

} // namespace Real

} // namespace Startup
