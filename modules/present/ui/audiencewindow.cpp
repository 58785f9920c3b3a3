// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "audiencewindow.h"

#include "slideview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace Present {

/** Drawn over the slide and the hosted module: the cover and the pointer. */
class AudienceWindow::Overlay final : public QWidget
{
public:
    explicit Overlay(AudienceWindow *window)
        : QWidget(window)
        , m_window(window)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        switch (m_window->cover()) {
        case Cover::Black:
            painter.fillRect(rect(), Qt::black);
            return;
        case Cover::White:
            painter.fillRect(rect(), Qt::white);
            return;
        case Cover::None:
            break;
        }
        const QPointF at = m_window->pointer();
        if (at.x() < 0)
            return;
        // A red dot with a light ring: seen on a light slide and on a dark one.
        painter.setRenderHint(QPainter::Antialiasing);
        const double radius = std::max(8.0, height() / 60.0);
        const QPointF centre(at.x() * width(), at.y() * height());
        painter.setPen(QPen(QColor(255, 255, 255, 220), radius / 3));
        painter.setBrush(QColor(0xe5, 0x1c, 0x23, 230));
        painter.drawEllipse(centre, radius, radius);
    }

private:
    AudienceWindow *m_window;
};

AudienceWindow::AudienceWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_slide(new SlideView(this))
    , m_overlay(new Overlay(this))
{
    setObjectName(QStringLiteral("present.audience"));
    setWindowTitle(tr("Curtain: audience"));
    setAccessibleName(tr("Audience window"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slide);
    setMouseTracking(true);
}

void AudienceWindow::setCover(Cover cover)
{
    m_cover = cover;
    m_overlay->setGeometry(rect());
    m_overlay->raise();
    m_overlay->setVisible(cover != Cover::None || m_pointer.x() >= 0);
    m_overlay->update();
}

void AudienceWindow::setPointer(QPointF position)
{
    m_pointer = position;
    setCover(m_cover);
}

void AudienceWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_overlay->setGeometry(rect()); // the overlay follows the window's size
    m_overlay->raise();
}

void AudienceWindow::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pointer.x() >= 0 && width() > 0 && height() > 0)
        setPointer({event->position().x() / width(), event->position().y() / height()});
    QWidget::mouseMoveEvent(event);
}

} // namespace Present
