// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <classforge/classgraph.h>

#include <QVariantAnimation>
#include <QWidget>

namespace ClassForge {

/** Paints a ClassGraph: boxes per row, "instance of" arrows dashed, "subclass of" solid. */
class ClassGraphView final : public QWidget
{
    Q_OBJECT

public:
    explicit ClassGraphView(QWidget *parent = nullptr);

    void setGraph(const ClassGraph &graph);
    const ClassGraph &graph() const { return m_graph; }
    QSize sizeHint() const override { return {480, 320}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    /** Where the boxes go: the widget less the margin above and the legend below. */
    QRectF graphArea() const;
    QRectF nodeRect(const ClassGraph::Node &node) const;

    ClassGraph m_graph;
    QVariantAnimation m_appear; // new nodes grow in: 0 to 1
    double m_progress = 1.0;
};

} // namespace ClassForge
