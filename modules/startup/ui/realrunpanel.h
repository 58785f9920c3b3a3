// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/backgroundjob.h>

#include <QJsonObject>
#include <QMap>
#include <QWidget>

#include <functional>

class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace Startup {

class FullTable;
class PoolAnimationView;

/**
 * "Run it for real": the scenario on Startup Sim's form run on the real stack (Real::run, the
 * entry `curtain simulate --real` uses), with its own progress and Stop, so the model's Run stays
 * free; the result drawn beside the model's on the same axes (turnaround percentiles, and
 * utilisation and hoarding), the comparison's table and its sentences, and the real day played
 * back from Celery's events (each worker's prefetched and running videos). The button goes beside
 * Run (runButton()); the rest is a page of its own.
 */
class RealRunPanel final : public QWidget
{
    Q_OBJECT

public:
    /** SCENARIO gives the form's scenario when the button is pressed. */
    RealRunPanel(std::function<QJsonObject()> scenario,
                 QString dataFolder,
                 QWidget *parent = nullptr);
    ~RealRunPanel() override;

    QPushButton *runButton() const { return m_run; }
    /** The scenario picked is MODEL's: the button says whether, and why not, it can run. */
    void setModel(const QString &model);
    void run();
    void stop();
    bool isRunning() const { return m_job.isRunning(); }
    /** Shows ANSWER (Real::run's). */
    void showAnswer(const QJsonObject &answer);
    QJsonObject lastAnswer() const { return m_answer; }

signals:
    /** A run began: the view shows this page. */
    void started();
    void finished();

private:
    void ended(bool stopped);
    void showTranscoding(const QJsonObject &answer);
    void showOrm(const QJsonObject &answer);

    std::function<QJsonObject()> m_scenario;
    QString m_dataFolder;
    QString m_model;
    QMap<QString, QString> m_refusal; // per model: why its real run cannot start, or empty
    Kit::BackgroundJob m_job;
    QJsonObject m_answer;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_message = nullptr;
    QCustomPlot *m_turnaround = nullptr;
    QCustomPlot *m_pool = nullptr;
    QCustomPlot *m_hoarding = nullptr;
    FullTable *m_table = nullptr;
    QLabel *m_sentences = nullptr;
    PoolAnimationView *m_playback = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_play = nullptr;
};

} // namespace Startup
