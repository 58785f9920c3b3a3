// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QPointF>
#include <QWidget>

namespace Present {

class SlideView;

/**
 * The window the room sees, full screen on the projector: the slide (or the live module view),
 * nothing else. Blackout and white-out cover it; a pointer the presenter moves is drawn on it.
 */
class AudienceWindow final : public QWidget
{
    Q_OBJECT

public:
    enum class Cover { None, Black, White };

    explicit AudienceWindow(QWidget *parent = nullptr);

    SlideView *slide() const { return m_slide; }
    void setCover(Cover cover);
    Cover cover() const { return m_cover; }
    /** Shows the pointer at POSITION, a fraction (0..1) of the window in each direction;
     *  a negative x hides it. */
    void setPointer(QPointF position);
    QPointF pointer() const { return m_pointer; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    class Overlay;
    SlideView *m_slide;
    Overlay *m_overlay;
    Cover m_cover = Cover::None;
    QPointF m_pointer{-1, -1};
};

} // namespace Present
