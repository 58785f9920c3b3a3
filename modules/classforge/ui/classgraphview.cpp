// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classgraphview.h"

#include <kit/ink.h>

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace ClassForge {

using namespace Kit;

ClassGraphView::ClassGraphView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("classforge.graph"));
    setAccessibleName(tr("Object graph"));
    setMinimumSize(200, 160);
    m_appear.setStartValue(0.0);
    m_appear.setEndValue(1.0);
    m_appear.setDuration(350);
    m_appear.setEasingCurve(QEasingCurve::OutCubic);
    connect(&m_appear, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        m_progress = value.toDouble();
        update();
    });
}

void ClassGraphView::setGraph(const ClassGraph &graph)
{
    m_graph = graph;
    const bool appears = std::any_of(graph.nodes.cbegin(),
                                     graph.nodes.cend(),
                                     [](const ClassGraph::Node &n) { return n.isNew; });
    m_appear.stop();
    m_progress = 1.0;
    if (appears && isVisible())
        m_appear.start();
    update();
}

QRectF ClassGraphView::graphArea() const
{
    // Room above the top row (type's loop, detours over a row) and below the last (the legend).
    const double line = QFontMetricsF(font()).height();
    return QRectF(rect()).adjusted(0, line * 1.2, 0, -line * 1.8);
}

QRectF ClassGraphView::nodeRect(const ClassGraph::Node &node) const
{
    const QFontMetricsF metrics(font());
    const QRectF area = graphArea();
    const double columns = std::max(1, m_graph.columns);
    const double rows = std::max(1, m_graph.rows);
    const double cellW = area.width() / columns;
    const double cellH = area.height() / rows;
    const double w
        = std::min(cellW * 0.85, metrics.horizontalAdvance(node.label) + metrics.height() * 1.6);
    const double h = metrics.height() * 1.9;
    // Centre each row: rows with fewer nodes sit in the middle.
    int inRow = 0;
    for (const auto &n : m_graph.nodes)
        inRow += n.position.y() == node.position.y();
    const double offset = (columns - inRow) * cellW / 2;
    const QPointF centre(area.left() + offset + (node.position.x() + 0.5) * cellW,
                         area.top() + (node.position.y() + 0.5) * cellH);
    return {centre.x() - w / 2, centre.y() - h / 2, w, h};
}

void ClassGraphView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (m_graph.nodes.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Classes, metaclasses and instances appear here as the program "
                            "creates them."));
        return;
    }
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor text = palette().color(QPalette::Text);
    const QColor base = palette().color(QPalette::Base);
    const QColor instanceOf
        = Ink::atLeast(dark ? QColor(0x7c, 0xb3, 0xff) : QColor(0x1f, 0x5f, 0xc4), base);
    const QColor subclassOf
        = Ink::atLeast(dark ? QColor(0xff, 0xb8, 0x6c) : QColor(0xb3, 0x50, 0x00), base);
    const double penWidth = std::max(1.5, fontMetrics().height() / 9.0);

    QList<QRectF> boxes;
    for (const auto &node : std::as_const(m_graph.nodes))
        boxes.append(nodeRect(node));
    // Detours run a line's height from the boxes, inside the margin above the top row too.
    const double lane = std::clamp(graphArea().height() / std::max(1.0, double(m_graph.rows))
                                       - boxes.value(0).height(),
                                   8.0,
                                   fontMetrics().height() * 2.0);
    int routed = 0;
    // An edge goes around the other boxes (ClassGraph::route): it never reads as passing through
    // a class it does not touch.
    auto arrow = [&](int fromIndex, int toIndex, const QColor &colour, bool dashed) {
        QList<QRectF> obstacles = boxes;
        obstacles.removeAt(std::max(fromIndex, toIndex));
        obstacles.removeAt(std::min(fromIndex, toIndex));
        const double offset = ((routed++ % 5) - 2) * penWidth * 2.5;
        QList<QPointF> points
            = ClassGraph::route(boxes.at(fromIndex), boxes.at(toIndex), obstacles, lane, offset);
        // Two edges between the same two boxes (type is a subclass of object, object an
        // instance of type) are drawn side by side, not one over the other.
        // So are a subclass-of and an instance-of edge from one box to the same other (a
        // metaclass M is a subclass of type and an instance of it): dashed on one side, solid
        // on the other.
        const bool reverse
            = std::any_of(m_graph.links.cbegin(), m_graph.links.cend(), [&](const auto &l) {
                  return l.from == toIndex && l.to == fromIndex;
              });
        const int sameWay
            = int(std::count_if(m_graph.links.cbegin(), m_graph.links.cend(), [&](const auto &l) {
                  return l.from == fromIndex && l.to == toIndex;
              }));
        if ((reverse || sameWay > 1) && points.size() == 2) {
            const QPointF d = points.last() - points.first();
            const double length = std::hypot(d.x(), d.y());
            const double side = sameWay > 1 && !dashed ? -1.0 : 1.0;
            if (length > 0) {
                const QPointF normal(-d.y() / length, d.x() / length);
                for (QPointF &p : points)
                    p += normal * penWidth * 3 * side;
            }
        }
        painter.setPen(QPen(colour, penWidth, dashed ? Qt::DashLine : Qt::SolidLine));
        QPainterPath path(points.first());
        for (int i = 1; i < points.size(); ++i)
            path.lineTo(points.at(i));
        painter.drawPath(path);
        const QPointF end = points.last();
        const QPointF direction = end - points.at(points.size() - 2);
        const double length = std::hypot(direction.x(), direction.y());
        if (length > 0) {
            const QPointF unit = direction / length;
            const QPointF normal(-unit.y(), unit.x());
            const double size = penWidth * 4;
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawPolygon(QPolygonF{
                end, end - unit * size + normal * size / 2, end - unit * size - normal * size / 2});
            painter.setBrush(Qt::NoBrush);
        }
    };

    for (const auto &link : std::as_const(m_graph.links)) {
        const QRectF from = nodeRect(m_graph.nodes.at(link.from));
        const bool dashed = link.kind == ClassGraph::Edge::InstanceOf;
        const QColor colour = dashed ? instanceOf : subclassOf;
        if (link.from == link.to) { // type is an instance of itself
            QPen pen(colour, penWidth, Qt::DashLine);
            painter.setPen(pen);
            const QRectF loop(from.right() - from.height() * 0.4,
                              from.top() - from.height() * 0.6,
                              from.height() * 0.9,
                              from.height() * 0.9);
            painter.drawArc(loop, -30 * 16, 240 * 16);
            continue;
        }
        arrow(link.from, link.to, colour, dashed);
    }

    for (const auto &node : std::as_const(m_graph.nodes)) {
        QRectF r = nodeRect(node);
        if (node.isNew && m_progress < 1.0) {
            const double scale = 0.5 + 0.5 * m_progress;
            r = QRectF(r.center() - QPointF(r.width(), r.height()) * scale / 2, r.size() * scale);
        }
        painter.setOpacity(node.isNew ? 0.25 + 0.75 * m_progress : 1.0);
        // Kinds tell apart by a soft tint; the label on it is chosen to read (4.5:1).
        QColor fill = palette().color(QPalette::Window);
        if (node.kind == ClassGraph::Kind::Metaclass)
            fill = Ink::tint(QColor(0x9c, 0x4d, 0xcc), base, 0.3);
        else if (node.kind == ClassGraph::Kind::Instance)
            fill = Ink::tint(QColor(0x00, 0x9e, 0x73), base, 0.3);
        const QColor label = Ink::textOn(fill, palette());
        QPen border(node.isNew ? palette().color(QPalette::Highlight) : text,
                    node.isNew ? penWidth * 2 : penWidth * 0.7);
        if (node.builtin)
            border.setStyle(Qt::DotLine);
        painter.setPen(border);
        painter.setBrush(fill);
        painter.drawRoundedRect(r, 6, 6);
        painter.setPen(label);
        QFont f = font();
        f.setBold(node.isNew);
        f.setItalic(node.kind == ClassGraph::Kind::Instance);
        painter.setFont(f);
        painter.drawText(
            r,
            Qt::AlignCenter,
            QFontMetrics(f).elidedText(node.label, Qt::ElideRight, int(r.width()) - 6));
    }
    painter.setOpacity(1.0);

    // Legend, bottom left.
    painter.setFont(font());
    const QFontMetrics metrics(font());
    const int y = height() - metrics.height() / 2 - 4;
    int x = 8;
    auto legend = [&](const QColor &colour, bool dashed, const QString &label) {
        painter.setPen(QPen(colour, penWidth, dashed ? Qt::DashLine : Qt::SolidLine));
        painter.drawLine(x, y, x + 28, y);
        painter.setPen(text);
        painter.drawText(x + 34, y + metrics.ascent() / 2 - 1, label);
        x += 34 + metrics.horizontalAdvance(label) + 20;
    };
    legend(instanceOf, true, tr("instance of"));
    legend(subclassOf, false, tr("subclass of"));
}

} // namespace ClassForge
