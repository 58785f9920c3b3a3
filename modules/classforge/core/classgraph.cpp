// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classgraph.h"
#include "narrator.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

#include <QHash>

#include <QSet>
#include <algorithm>
#include <cmath>

namespace ClassForge {

int ClassGraph::indexOf(const QString &id) const
{
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes.at(i).id == id)
            return i;
    }
    return -1;
}

ClassGraph ClassGraph::build(const TracePlayer &player, int index)
{
    ClassGraph graph;
    const QList<ClassInfo> classes = player.classesAt(index);
    QHash<QString, ClassInfo> byName;
    QSet<QString> metaclasses{QStringLiteral("type")};
    for (const ClassInfo &info : classes) {
        byName.insert(info.name, info);
        metaclasses.insert(info.metaclass);
        if (info.mro.contains(QStringLiteral("type")))
            metaclasses.insert(info.name);
    }

    // What the runner said of the classes the program did not make (ABC, Model, ABCMeta...):
    // their metaclass and bases, as CPython has them.
    QHash<QString, QJsonObject> lineage;
    for (int i = 0; i <= index && i < player.count(); ++i) {
        const TraceStep &step = player.trace().steps.at(i);
        if (step.kind != Protocol::StepKind::ClassCreated)
            continue;
        const QJsonObject known = step.detail.value(QStringLiteral("lineage")).toObject();
        for (auto it = known.begin(); it != known.end(); ++it) {
            lineage.insert(it.key(), it.value().toObject());
            const QString meta
                = it.value().toObject().value(QStringLiteral("metaclass")).toString();
            metaclasses.insert(meta);
            if (it.value().toObject().value(QStringLiteral("is_metaclass")).toBool())
                metaclasses.insert(it.key());
        }
    }

    auto addNode = [&graph](const QString &id, Kind kind, bool builtin, bool isNew) {
        const int existing = graph.indexOf(id);
        if (existing >= 0)
            return existing;
        graph.nodes.append({id, id, kind, builtin, isNew, {}});
        return int(graph.nodes.size() - 1);
    };
    auto kindOf = [&metaclasses](const QString &name) {
        return metaclasses.contains(name) ? Kind::Metaclass : Kind::Class;
    };

    // Classes and metaclasses in creation order, with the builtins they lean on.
    if (!classes.isEmpty()) {
        addNode(QStringLiteral("type"), Kind::Metaclass, true, false);
        addNode(QStringLiteral("object"), Kind::Class, true, false);
    }
    for (const ClassInfo &info : classes) {
        const int node = addNode(info.name, kindOf(info.name), false, info.createdAt == index);
        for (const QString &base : info.bases)
            addNode(base, kindOf(base), !byName.contains(base), false);
        addNode(info.metaclass, Kind::Metaclass, !byName.contains(info.metaclass), false);
        Q_UNUSED(node)
    }
    // Instances: one node per instance the program made of its own classes: a __new__ that
    // refused or returned something else made none, and none is drawn.
    QHash<QString, int> instanceCounts;
    for (int i = 0; i <= index && i < player.count(); ++i) {
        const TraceStep &step = player.trace().steps.at(i);
        // object.__new__(Child) in Parent.__new__ made a Child.
        const QString made = step.detail.value(QStringLiteral("made_type")).toString();
        const QString of = byName.contains(made) ? made : step.className;
        if (step.kind != Protocol::StepKind::InstanceNew || !byName.contains(of)
            || step.detail.contains(QStringLiteral("continued_at")) // made later, if at all
            || step.detail.contains(QStringLiteral("called_by"))    // one __new__ calling the next
            // (made: false, unless it made an object of another class: made_here)
            || (!step.detail.value(QStringLiteral("made")).toBool(true)
                && !(step.detail.value(QStringLiteral("made_here")).toBool()
                     && byName.contains(made)))
            || step.detail.contains(QStringLiteral("raised")))
            continue;
        // An instance whose __init__ then raised was thrown away: gone from that step on.
        bool thrownAway = false;
        for (int j = i + 1; j <= index && j < player.count(); ++j) {
            const TraceStep &next = player.trace().steps.at(j);
            if (next.className != step.className)
                continue;
            // The __init__ type.__call__ ran, where it ended: not one it called up the chain.
            if (next.kind == Protocol::StepKind::InstanceInit
                && !next.detail.contains(QStringLiteral("called_by"))
                && !next.detail.contains(QStringLiteral("continued_at"))) {
                thrownAway = next.detail.contains(QStringLiteral("raised"));
                break;
            }
            if (next.kind == Protocol::StepKind::InstanceNew
                || next.kind == Protocol::StepKind::InstanceCall)
                break;
        }
        if (thrownAway)
            continue;
        const int number = ++instanceCounts[of];
        const QString id = QStringLiteral("%1 #%2").arg(of).arg(number);
        const int node = addNode(id, Kind::Instance, false, i == index);
        graph.nodes[node].label = QStringLiteral("%1 %2").arg(Narrator::article(of), of);
    }

    // Edges.
    auto link = [&graph](int from, int to, Edge kind) {
        if (from >= 0 && to >= 0)
            graph.links.append({from, to, kind});
    };
    for (int i = 0; i < graph.nodes.size(); ++i) {
        const Node &node = graph.nodes.at(i);
        if (node.kind == Kind::Instance) {
            link(i, graph.indexOf(node.id.section(QStringLiteral(" #"), 0, 0)), Edge::InstanceOf);
            continue;
        }
        if (byName.contains(node.id)) {
            const ClassInfo &info = byName.value(node.id);
            link(i, graph.indexOf(info.metaclass), Edge::InstanceOf);
            for (const QString &base : info.bases)
                link(i, graph.indexOf(base), Edge::SubclassOf);
        } else if (node.id == QLatin1String("type")) {
            link(i, i, Edge::InstanceOf); // type is its own type
            link(i, graph.indexOf(QStringLiteral("object")), Edge::SubclassOf);
        } else if (lineage.contains(node.id)) {
            const QJsonObject known = lineage.value(node.id);
            link(i,
                 graph.indexOf(known.value(QStringLiteral("metaclass")).toString()),
                 Edge::InstanceOf);
            for (const QJsonValue base : known.value(QStringLiteral("bases")).toArray())
                link(i, graph.indexOf(base.toString()), Edge::SubclassOf);
        } else {
            // object, like any class the trace did not describe, is an instance of type.
            link(i, graph.indexOf(QStringLiteral("type")), Edge::InstanceOf);
        }
    }

    // Rows by kind, columns by order within a row.
    const std::array<Kind, 3> order{Kind::Metaclass, Kind::Class, Kind::Instance};
    int row = 0;
    for (const Kind kind : order) {
        int column = 0;
        for (Node &node : graph.nodes) {
            if (node.kind == kind)
                node.position = QPointF(column++, row);
        }
        if (column > 0) {
            graph.columns = std::max(graph.columns, column);
            ++row;
        }
    }
    graph.rows = row;
    return graph;
}

namespace {

/** Where the line from R's centre towards TOWARDS leaves R. */
QPointF edgePoint(const QRectF &r, QPointF towards)
{
    const QPointF c = r.center();
    const QPointF d = towards - c;
    if (d.isNull())
        return c;
    const double sx = d.x() != 0 ? (r.width() / 2) / std::abs(d.x()) : 1e18;
    const double sy = d.y() != 0 ? (r.height() / 2) / std::abs(d.y()) : 1e18;
    return c + d * std::min(sx, sy);
}

/** Whether the segment A-B crosses the inside of R (Liang-Barsky clipping). */
bool crosses(QPointF a, QPointF b, const QRectF &r)
{
    const QRectF inner = r.adjusted(1, 1, -1, -1);
    double t0 = 0, t1 = 1;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {
        a.x() - inner.left(), inner.right() - a.x(), a.y() - inner.top(), inner.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

bool clear(const QList<QPointF> &path, const QList<QRectF> &obstacles)
{
    for (int i = 1; i < path.size(); ++i) {
        for (const QRectF &r : obstacles) {
            if (crosses(path.at(i - 1), path.at(i), r))
                return false;
        }
    }
    return true;
}

} // namespace

QList<QPointF> ClassGraph::route(const QRectF &from,
                                 const QRectF &to,
                                 const QList<QRectF> &obstacles,
                                 double lane,
                                 double laneOffset)
{
    QList<QPointF> direct{edgePoint(from, to.center()), edgePoint(to, from.center())};
    if (clear(direct, obstacles))
        return direct;
    // Detours leave and enter a quarter of the way in from the left, clear of the straight edges
    // that meet a box at its centre.
    const double fx = from.left() + from.width() / 4 + laneOffset;
    const double tx = to.left() + to.width() / 4 + laneOffset;
    // In one row: over the row, through the lane above it.
    if (std::abs(from.center().y() - to.center().y()) < from.height() / 2) {
        const double y = std::min(from.top(), to.top()) - lane / 2 + laneOffset / 4;
        return {QPointF(fx, from.top()), QPointF(fx, y), QPointF(tx, y), QPointF(tx, to.top())};
    }
    // Between rows: out of the box into the lane next to it, along a column no box stands in,
    // along the lane next to the target's row, and into the target. Neighbouring rows share one
    // lane, so the column leg is empty there.
    const bool up = to.center().y() < from.center().y();
    const double y1 = (up ? from.top() - lane / 2 : from.bottom() + lane / 2) + laneOffset / 4;
    const double y2 = (up ? to.bottom() + lane / 2 : to.top() - lane / 2) + laneOffset / 4;
    const QPointF start(fx, up ? from.top() : from.bottom());
    const QPointF end(tx, up ? to.bottom() : to.top());
    if (std::abs(y1 - y2) < lane / 2)
        return {start, QPointF(fx, y2), QPointF(tx, y2), end};
    // Candidate columns: the ends' own, and just beside every box; the shortest clear one wins.
    QList<double> columns{fx, tx};
    for (const QRectF &r : obstacles)
        columns << r.left() - lane / 4 + laneOffset / 4 << r.right() + lane / 4 + laneOffset / 4;
    double best = 0;
    double bestCost = std::numeric_limits<double>::infinity();
    for (const double x : std::as_const(columns)) {
        const QList<QPointF> path{
            start, QPointF(fx, y1), QPointF(x, y1), QPointF(x, y2), QPointF(tx, y2), end};
        const double cost = std::abs(x - fx) + std::abs(x - tx);
        if (cost < bestCost && clear(path, obstacles)) {
            best = x;
            bestCost = cost;
        }
    }
    if (!std::isfinite(bestCost)) {
        // Nothing is clear (a crowded picture): beside the leftmost box, outside everything.
        best = from.left();
        for (const QRectF &r : obstacles)
            best = std::min(best, r.left());
        best -= lane / 2;
    }
    return {start, QPointF(fx, y1), QPointF(best, y1), QPointF(best, y2), QPointF(tx, y2), end};
}

} // namespace ClassForge
