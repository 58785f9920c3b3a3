// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <classforge/predictsession.h>
#include <classforge/traceplayer.h>

#include <QElapsedTimer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace Kit {
class CodeEditor;
} // namespace Kit
class QAction;
class QLabel;
class QComboBox;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QSplitter;
class QTableWidget;
class QTextBrowser;
namespace Kit {
struct Lesson;
} // namespace Kit
namespace PyRunner {
class RunnerClient;
struct RunResult;
} // namespace PyRunner

namespace ClassForge {

class ClassGraphView;
class TracePanels;
struct Trace;

/**
 * Class Forge's window: lessons, the editor, Run, step controls, the narration, and the panels
 * (namespace, object graph, MRO, output, all steps), plus predict mode. It owns no logic of its
 * own: TracePlayer (steps, namespace, classes, MRO), ClassGraph and PredictSession in core say
 * what to show.
 */
class ClassForgeView final : public QWidget
{
    Q_OBJECT

public:
    /** RUNNER is used, not owned; LESSONS are listed on the left. */
    ClassForgeView(PyRunner::RunnerClient *runner,
                   const QList<Kit::Lesson> &lessons,
                   QWidget *parent = nullptr);
    ~ClassForgeView() override;

    /** The actions the module offers (run, first, back, forward, last, play, predict). */
    QList<QAction *> actions() const { return m_actions; }
    /** New, Open, Save and Save As for a program of one's own (the shell's File menu). */
    QList<QAction *> fileActions() const { return m_fileActions; }
    /** What is on screen: "your program shapes.py", or the lesson's title. */
    QString programTitle() const;

    void run();
    bool stepForward();
    bool stepBack();
    void reset();
    /** Selects lesson ROW (its source replaces the editor's); with unsaved edits in the editor,
     *  asks first (the answer comes from the confirm-discard hook when one is set). Returns
     *  whether the lesson was opened. ASKFIRST false opens it without asking (presenting). */
    bool openLesson(int row, bool askFirst = true);
    /** The lessons listed. */
    const QList<Kit::Lesson> &lessons() const { return m_lessonList; }
    /** Who answers "discard your edits?" (tests, presenter mode); a dialog by default. */
    void setConfirmDiscard(std::function<bool(const QString &lesson)> confirm)
    {
        m_confirmDiscard = std::move(confirm);
    }
    /** Shows the panel ID on the right (TracePanels::panelIds()); false when there is none. */
    bool showPanel(const QString &id);
    /**
     * Presenting a deck's demo: shows PROGRAM (its tracebacks name FILENAME) without asking about
     * edits, sets predict mode, and when RUN runs it; once its trace arrives, goes to START: a step
     * number from 1, or the first step of a kind ("meta_init"); empty for the first step.
     */
    void present(const QString &program,
                 const QString &filename,
                 bool run,
                 const QString &start,
                 bool predict);
    /** Starts a new, empty program of the learner's own (asks first when edits would be lost). */
    void newProgram();
    /** Opens PATH as the learner's own program; false (and *ERROR names the file) on failure or
     *  when the learner keeps their edits. */
    bool openProgram(const QString &path, QString *error = nullptr);
    /** Saves the editor's program to PATH, atomically; it is the learner's own from then on. */
    bool saveProgram(const QString &path, QString *error = nullptr);
    /** Whether the program on screen is the learner's own, not a lesson. */
    bool isOwnProgram() const { return m_own; }
    /** Its file, empty while it is new and unsaved. */
    QString programPath() const { return m_ownPath; }
    /** Who picks a file to open or save (tests); a file dialog by default. */
    void setFileChooser(std::function<QString(bool save, const QString &suggested)> chooser);
    /** Whether a run is on its way. */
    bool isBusy() const { return m_pendingRun != 0; }
    /** Stops Play (a blackout), leaving the step where it is. */
    void pause();
    /** What a step key says when there is nothing to step to. */
    QString stepHint(bool forward) const;
    int currentLesson() const;
    /** The output panel's text (stdout, stderr, traceback). */
    QString outputText() const;
    QString source() const;
    void setSource(const QString &source);
    /** The wall-clock limit for one run, in seconds. */
    double timeLimit() const { return m_timeLimit; }
    void setTimeLimit(double seconds);

    TracePlayer *player() { return &m_player; }
    Kit::CodeEditor *editor() const { return m_editor; }
    bool isPlaying() const { return m_playTimer.isActive(); }
    int score() const { return m_predict.correct(); }
    int asked() const { return m_predict.asked(); }
    /** The open prediction, if predict mode is waiting for an answer. */
    std::optional<Question> pendingQuestion() const { return m_predict.question(); }
    /** Answers the open prediction with choice CHOICE. */
    void answer(int choice);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void statusMessage(const QString &message);
    /** Another program is on screen (a lesson, or one of the learner's own): programTitle(). */
    void programChanged();
    /** A trace arrived and is shown; MS is the time from Run to now. */
    void traced(qint64 ms);

private:
    std::function<bool(const QString &)> m_confirmDiscard;
    std::function<QString(bool, const QString &)> m_chooseFile;
    bool m_own = false; // the program on screen is the learner's own, not a lesson
    QString m_ownPath;  // its file, once opened or saved
    QWidget *buildCentre(const QList<Kit::Lesson> &lessons);
    QWidget *buildRight();
    void createActions();
    void onRunFinished(int id, const PyRunner::RunResult &result);
    void showTrace(const Trace &trace);
    /** Whether the editor's changes may go (asks, naming NEXT, when there are any). */
    bool mayDiscardEdits(const QString &next);
    void showOwnProgram(const QString &source, const QString &path);
    QString chooseFile(bool save);
    void showStep(int index);
    void updateStepControls();
    void togglePlay();
    void showAnswer();
    void updateFonts();
    /** Gives the narration the height its longest step needs (up to about half the column), so
     *  no sentence is cut at a large zoom. */
    void fitNarration();

    PyRunner::RunnerClient *m_runner;
    QList<Kit::Lesson> m_lessonList;
    TracePlayer m_player;
    QTimer m_playTimer;
    QElapsedTimer m_runClock;
    int m_pendingRun = 0;
    int m_openLesson = -1;
    QString m_presentedFile; // a presented program's name for tracebacks (empty: the lesson's)
    QString m_startStep;     // where a presented program's trace opens
    double m_timeLimit = 3.0;

    QList<QAction *> m_actions;
    QList<QAction *> m_fileActions;
    QAction *m_runAction = nullptr;
    QAction *m_playAction = nullptr;
    QAction *m_predictAction = nullptr;
    QComboBox *m_lessons = nullptr;
    Kit::CodeEditor *m_editor = nullptr;
    QLabel *m_stepLabel = nullptr;
    QSlider *m_speed = nullptr;
    QLabel *m_narration = nullptr;
    QWidget *m_predictPanel = nullptr;
    QLabel *m_predictPrompt = nullptr;
    QList<QPushButton *> m_predictChoices;
    QLabel *m_predictScore = nullptr;
    TracePanels *m_panels = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    PredictSession m_predict;
};

} // namespace ClassForge
