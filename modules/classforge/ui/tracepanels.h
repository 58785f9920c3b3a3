// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QStringList>
#include <QWidget>

namespace Kit {
class PageTabs;
} // namespace Kit
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTableWidget;
class QTextBrowser;

namespace ClassForge {

class ClassGraphView;
class TracePlayer;
struct Trace;

/**
 * Class Forge's panels for the step on screen: the namespace being filled, the object graph,
 * the C3 merge of the MRO, the output printed so far, and every step (choosing one seeks there).
 * They paint what TracePlayer derives; nothing here decides.
 */
class TracePanels final : public QWidget
{
    Q_OBJECT

public:
    explicit TracePanels(QWidget *parent = nullptr);

    /** A new trace (or none): its list of steps; the output of the one before is gone. */
    void setTrace(const Trace &trace);
    /** Every panel as it stands at step INDEX of PLAYER's trace. */
    void showStep(const TracePlayer &player, int index);
    /** The panels' ids, in order ("namespace", "graph", "mro", "output", "steps"). */
    static QStringList panelIds();
    /** Shows the panel ID (one of panelIds()); false when there is none by that id. */
    bool showPanel(const QString &id);
    /** The output panel's text (stdout, stderr, traceback). */
    QString outputText() const;

signals:
    /** The learner picked step ROW in the list of steps. */
    void stepChosen(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showNamespace(const TracePlayer &player, int index);
    /** The widest word in COLUMN's cells (or its header), with a cell's margins. */
    int longestWord(int column) const;
    /** A name whole (up to half the table), "Set by" up to a third with its longest word whole;
     *  Value the rest. */
    void fitNamespaceColumns();
    void showMro(const TracePlayer &player, int index);
    void showOutput(const TracePlayer &player, int index);

    Kit::PageTabs *m_tabs = nullptr;
    QLabel *m_namespaceTitle = nullptr;
    QTableWidget *m_namespace = nullptr;
    ClassGraphView *m_graph = nullptr;
    QTextBrowser *m_mro = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QListWidget *m_steps = nullptr;
};

} // namespace ClassForge
