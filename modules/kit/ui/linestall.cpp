// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "linestall.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QWidget>

#include <cmath>

namespace Kit {

namespace {

/** Watches its widget's font and sets the widget's minimum height from it. */
class LinesTall final : public QObject
{
public:
    LinesTall(QWidget *widget, double lines)
        : QObject(widget)
        , m_widget(widget)
        , m_lines(lines)
    {
        setObjectName(QStringLiteral("kit.linesTall"));
        widget->installEventFilter(this);
    }

    void setLines(double lines)
    {
        m_lines = lines;
        apply();
    }

    void apply() { m_widget->setMinimumHeight(linesTall(m_widget, m_lines)); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_widget && event->type() == QEvent::FontChange)
            apply();
        return false;
    }

private:
    QWidget *m_widget;
    double m_lines;
};

} // namespace

int linesTall(const QWidget *widget, double lines)
{
    const QFontMetricsF metrics(widget->font());
    return int(std::ceil(metrics.lineSpacing() * lines));
}

void keepLinesTall(QWidget *widget, double lines)
{
    auto *watcher = widget->findChild<LinesTall *>(QStringLiteral("kit.linesTall"),
                                                   Qt::FindDirectChildrenOnly);
    if (!watcher)
        watcher = new LinesTall(widget, lines);
    watcher->setLines(lines);
}

} // namespace Kit
