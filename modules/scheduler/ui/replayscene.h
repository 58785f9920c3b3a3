// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/timeline.h>

#include <QWidget>

namespace Scheduler {

/**
 * The replay's picture of one moment: the machine's cores with the worker computing on each (the
 * core the recording saw it on), the GIL token with its holder, who holds the lock, who waits for
 * what, what is blocked in I/O, what sits in the event loop's ready queue, which messages are in
 * flight. It paints a ReplayFrame; the frame comes from core.
 */
class ReplayScene final : public QWidget
{
    Q_OBJECT

public:
    explicit ReplayScene(QWidget *parent = nullptr);

    /** Shows FRAME of a MODEL run; CORES are the cores to draw (all of a small machine). */
    void setFrame(const ReplayFrame &frame, Model model, std::vector<int> cores);
    /** Whether the run shown does I/O at all (else no "blocked in I/O" line is drawn). */
    void setDoesIo(bool doesIo)
    {
        m_hasIo = doesIo;
        update();
    }
    const ReplayFrame &frame() const { return m_frame; }
    /** The lines of words beside the cores (who waits for what), as painted. */
    QStringList lines() const;
    /** What each lane is called (a pipeline's stages); empty: "worker 1", "worker 2", ... */
    void setLaneNames(const QStringList &names);
    /**
     * A Python program's processes: LANEPROCESS gives each lane's, NAMES each process's (empty:
     * one process). Each process has its own GIL, drawn as its own token.
     */
    void setProcesses(std::vector<int> laneProcess, QStringList names);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    bool m_hasIo = true;
    QStringList m_names;
    std::vector<int> m_laneProcess;
    QStringList m_processNames;

    /** The GIL LANE holds, as its token says it ("GIL", or "GIL 2" for the second process's). */
    QString gilToken(int lane) const;
    /** Whether LANE holds its process's GIL in this frame. */
    bool holdsGil(int lane) const;

    QString name(int lane) const;
    QString workers(const std::vector<int> &lanes) const;
    QSize coreBox() const;
    int coresPerRow(int width) const;

    ReplayFrame m_frame;
    Model m_model = Model::Threads;
    std::vector<int> m_cores;
    bool m_shown = false; // nothing to picture before the first run
};

} // namespace Scheduler
