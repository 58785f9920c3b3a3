// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "traceplayer.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace ClassForge {

/**
 * The object graph at one step, laid out for drawing: instances on the bottom row, classes
 * above them, metaclasses on top; "instance of" and "subclass of" edges. Coordinates are in
 * grid units (column, row); the widget scales them.
 */
struct ClassGraph
{
    enum class Kind { Instance, Class, Metaclass };
    enum class Edge { InstanceOf, SubclassOf };

    struct Node
    {
        QString id; // class name, or "Person #1" for an instance
        QString label;
        Kind kind = Kind::Class;
        bool builtin = false; // object, type
        bool isNew = false;   // appeared at the current step
        QPointF position;     // column, row (row 0 is the top)
    };
    struct Link
    {
        int from = 0;
        int to = 0;
        Edge kind = Edge::InstanceOf;
    };

    QList<Node> nodes;
    QList<Link> links;
    int columns = 0;
    int rows = 0;

    /** The graph of PLAYER's trace as it stands after step INDEX. */
    static ClassGraph build(const TracePlayer &player, int index);

    /**
     * The path of an edge from box FROM to box TO (any units, y down) that goes around the
     * OBSTACLES (the other boxes): a straight line when nothing is in the way, else out of the
     * box, along the free lane between rows (LANE is the lane's height), and into the other box.
     * Arrows are drawn at the last point. LANEOFFSET separates edges sharing a lane.
     */
    static QList<QPointF> route(const QRectF &from,
                                const QRectF &to,
                                const QList<QRectF> &obstacles,
                                double lane,
                                double laneOffset = 0);
    /** The node with ID, or -1. */
    int indexOf(const QString &id) const;
};

} // namespace ClassForge
