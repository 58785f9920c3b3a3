#pragma once

#include <poolanimation.h>

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

/**
 * The transcoding run played back: uploads waiting in the queue, machines booting, busy (one cell
 * per slot), holding prefetched jobs, or crashed, synced to simulated time at a chosen speed.
 */
class PoolAnimationView final : public QWidget
{
    Q_OBJECT

public:
    explicit PoolAnimationView(QWidget *parent = nullptr);

    void setFrames(std::vector<PoolFrame> frames, int slotsPerMachine);
    /** Simulated minutes per real second. */
    void setSpeed(double minutesPerSecond) { m_speed = minutesPerSecond; }
    void play();
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    /** Shows frame INDEX. */
    void showFrame(std::size_t index);
    std::size_t currentFrame() const { return m_current; }
    std::size_t frameCount() const { return m_frames.size(); }
    QSize sizeHint() const override { return {600, 220}; }

signals:
    void frameChanged(std::size_t index);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<PoolFrame> m_frames;
    int m_slots = 1;
    std::size_t m_current = 0;
    double m_speed = 60;
    double m_elapsed = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
};
