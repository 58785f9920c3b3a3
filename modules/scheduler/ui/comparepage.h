// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QScrollArea>

class QCustomPlot;
class QLabel;
class QTableWidget;

namespace Scheduler {

struct CompareSummary;

/**
 * Scheduler Lab's Compare page: a chart of each model's (and a Python program's) median against
 * the worker count with bars to the lowest and the highest repetition, the note under it, and the
 * same numbers as a table. It shows a CompareSummary; the page scrolls when the zoom makes it
 * taller than the window.
 */
class ComparePage final : public QScrollArea
{
    Q_OBJECT

public:
    explicit ComparePage(QWidget *parent = nullptr);

    /** Charts SUMMARY (nothing when it has no runs). */
    void showSummary(const CompareSummary &summary);

private:
    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace Scheduler
