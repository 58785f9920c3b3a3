// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <pythontrace.h>

#include <optional>

#include <QTemporaryDir>
#include <QWidget>

class CodeEditor;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class RunnerClient;
struct Trace;

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
    QString source() const;
    /** The program's output of the last run, as python3 would print it. */
    QString output() const;

    /** The C++ model run a lesson names to draw beside it ("Beside it in Scheduler Lab: ..."). */
    std::optional<MeasureOptions> beside() const { return m_beside; }
    /** Asks for the lesson's C++ model run, drawn beside the program's on one time axis. */
    void runBeside();

signals:
    /** A program ran and its threads were recorded (PROGRAM names it for the Runs table). */
    void traced(const PythonTrace &trace);
    /** The matching C++ model run is wanted, beside the last traced program. */
    void besideRequested(const MeasureOptions &options);
    void statusMessage(const QString &message);

private:
    void onFinished(int id, const Trace &trace);

    QString m_runnerPath;
    QString m_lessonsDir;
    RunnerClient *m_runner = nullptr;
    int m_pending = 0;
    QComboBox *m_lessons = nullptr;
    QLabel *m_intro = nullptr;
    CodeEditor *m_editor = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_besideButton = nullptr;
    std::optional<MeasureOptions> m_beside;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QStringList m_paths;
    QString m_file = QStringLiteral("program.py");
    QTemporaryDir m_dir; // where the program in the editor is saved to run
};
