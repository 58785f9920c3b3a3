#pragma once

#include <timeline.h>

#include <QWidget>

/**
 * The replay's picture of one moment: the cores with the worker on each, the GIL token with its
 * holder, who waits for what, what is blocked in I/O, what sits in the event loop's ready queue,
 * which messages are in flight. It paints a ReplayFrame; the frame comes from core.
 */
class ReplayScene final : public QWidget
{
    Q_OBJECT

public:
    explicit ReplayScene(QWidget *parent = nullptr);

    void setFrame(const ReplayFrame &frame, Model model, int cores);
    const ReplayFrame &frame() const { return m_frame; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ReplayFrame m_frame;
    Model m_model = Model::Threads;
    int m_cores = 2;
    bool m_shown = false; // nothing to picture before the first run
};
