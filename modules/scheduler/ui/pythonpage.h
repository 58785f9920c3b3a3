// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <scheduler/pythontrace.h>

#include <functional>
#include <optional>

#include <QTemporaryDir>
#include <QWidget>

namespace Kit {
class CodeEditor;
} // namespace Kit
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
namespace PyRunner {
class RunnerClient;
struct RunRequest;
struct RunResult;
} // namespace PyRunner

namespace Scheduler {

/**
 * Scheduler Lab's "Your Python": a threaded program (a lesson from the talk, or the learner's
 * own) run in the real CPython by curtain-runner with its threads and the GIL recorded. The
 * recording goes to the view's timeline, replay and Runs table like the C++ models' runs.
 */
class PythonPage final : public QWidget
{
    Q_OBJECT

public:
    /** RUNNERPATH: curtain-runner (empty: not found, and the page says so). */
    explicit PythonPage(QString runnerPath, QString lessonsDir, QWidget *parent = nullptr);
    ~PythonPage() override;

    /** Runs the program in the editor; traced() follows. */
    void trace();
    /** Whether a program is running. */
    bool isBusy() const { return m_pending != 0; }
    /** Opens lesson ROW (in file-name order). */
    void openLesson(int row);
    /** Opens the lesson whose file is named FILE; false when there is none. */
    bool openLesson(const QString &file);
    QString source() const;
    /** Opens PATH as the learner's own program (no lesson's text beside it); false, and *ERROR
     *  naming the file, when it cannot be read. */
    bool openProgram(const QString &path, QString *error = nullptr);
    /** Saves the editor's program to PATH, atomically; it is the learner's own from then on. */
    bool saveProgram(const QString &path, QString *error = nullptr);
    /** Whether the program on screen is the learner's own, not a lesson. */
    bool isOwnProgram() const { return m_own; }
    /** Who picks a file to open or save (tests); a file dialog by default. */
    void setFileChooser(std::function<QString(bool save, const QString &suggested)> chooser);
    /** The program's output of the last run, as python3 would print it. */
    QString output() const;

    /** The C++ model run a lesson names to draw beside it ("Beside it in Scheduler Lab: ..."). */
    std::optional<MeasureOptions> beside() const { return m_beside; }
    /** The lesson a lesson names to run beside it ("Beside it in Your Python: FILE"), or empty. */
    QString besideLesson() const { return m_besideLesson; }
    /**
     * Runs what the lesson names beside it, drawn under the program's run on one time axis: the
     * other lesson (besideTraced() follows), or the C++ model (besideRequested()).
     */
    void runBeside();
    /**
     * Runs the program for each worker count the lesson names ("Compare in Scheduler Lab:
     * WORKERS 1 to 4": the variable set in its environment), REPETITIONS times round; each run
     * arrives as compared(), then compareDone().
     */
    void compare(int repetitions);
    /** The worker counts a lesson can be compared over (empty: it names none). */
    QList<int> compareCounts() const;

signals:
    /** A program ran and its threads were recorded (PROGRAM names it for the Runs table). */
    void traced(const PythonTrace &trace);
    /** The matching C++ model run is wanted, beside the last traced program. */
    void besideRequested(const MeasureOptions &options);
    /** The lesson named beside the last traced program ran: TRACE goes under it. */
    void besideTraced(const PythonTrace &trace);
    /** One run of compare(): its wall time at RUN.options.workers, as one of the program's. */
    void compared(const RunRecord &run);
    void compareDone(bool stopped);
    /** The page's Compare button: the view supplies the repetitions. */
    void compareRequested();
    void statusMessage(const QString &message);

private:
    void onFinished(int id, const PyRunner::RunResult &result);
    void runNextCompare();
    void onCompared(const PyRunner::RunResult &result);
    void onBesideFinished(const PyRunner::RunResult &result);
    /** SOURCE saved under the program's name in the page's folder; its path (or the name). */
    QString savedProgram(const QByteArray &source);
    /** Shows SOURCE (FILE names it in tracebacks and the Runs table) with INTRO above it, and
     *  reads the lines that name a model to run beside it and a variable to compare over. */
    void showProgram(const QString &source, QString intro, const QString &file);
    QString chooseFile(bool save);
    /** The program in the editor, saved, as a request to record its threads. */
    PyRunner::RunRequest programRequest();

    QString m_runnerPath;
    QString m_lessonsDir;
    PyRunner::RunnerClient *m_runner = nullptr;
    int m_pending = 0;
    QComboBox *m_lessons = nullptr;
    QLabel *m_intro = nullptr;
    Kit::CodeEditor *m_editor = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_besideButton = nullptr;
    std::optional<MeasureOptions> m_beside;
    QString m_besideLesson;  // a lesson of Your Python's to run beside this one
    int m_besidePending = 0; // the trace id of that run under way
    QPushButton *m_compareButton = nullptr;
    QString m_compareVariable; // "WORKERS"
    int m_compareFrom = 0;
    int m_compareTo = 0;
    QList<std::pair<int, int>> m_compareQueue; // (workers, repetition) still to run
    int m_comparing = 0;                       // the trace id of the compare run under way
    int m_compareWorkers = 0;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QStringList m_paths;
    QString m_file = QStringLiteral("program.py");
    bool m_own = false; // the program on screen is the learner's own, not a lesson
    QString m_ownPath;
    std::function<QString(bool, const QString &)> m_chooseFile;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QTemporaryDir m_dir; // where the program in the editor is saved to run
};

} // namespace Scheduler
