// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/backgroundjob.h>
#include <kit/module.h>

#include <QJsonObject>
#include <QVariantMap>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
namespace Kit {
class PageTabs;
} // namespace Kit

namespace Startup {

class RealRunPanel;
class ResultPage;
class ScenarioForm;
class SweepPage;
class OrmPage;
class TranscodingPage;

/**
 * Startup Sim's window: pick a scenario (the talk's transcoding queue first; the real-time feed;
 * the slow ORM page; M/M/c against theory), set it up in a form made from its schema, Run / Stop
 * with progress, read the results on the scenario's own page, sweep a field. Every run goes
 * through Simulation::run, the one entry the command line uses too.
 */
class StartupView final : public QWidget
{
    Q_OBJECT

public:
    /** DATAFOLDER: where the slow ORM's databases live; EXAMPLES: the example scenarios' folder. */
    explicit StartupView(QString dataFolder, QString examples = {}, QWidget *parent = nullptr);
    ~StartupView() override;

    QList<QAction *> actions() const { return m_actions; }
    void run();
    /** Runs the sweep set up on the Sweep tab. */
    void runSweep();
    void stop();
    bool isRunning() const { return m_job.isRunning(); }
    /** Selects scenario MODEL ("transcoding", "feed", "orm", "mmc"). */
    void selectModel(const QString &model);
    QString currentModel() const;
    ScenarioForm *currentForm() const;
    ResultPage *currentPage() const;
    /** The ORM lab's page when it is the one shown (its results), else none. */
    OrmPage *shownOrmPage() const;
    TranscodingPage *transcodingPage() const;
    SweepPage *sweepPage() const { return m_sweep; }
    RealRunPanel *realRunPanel() const { return m_real; }
    /** The last finished result. */
    QJsonObject lastResult() const { return m_last; }
    /** Loads a scenario file; on failure returns false, *error names the problem, nothing changes.
     */
    bool loadScenario(const QString &path, QString *error);
    /** Shows SCENARIO (checked first; on failure *error, nothing changes). */
    bool setScenario(const QJsonObject &scenario, const QString &source, QString *error);
    /** The results on screen as CSV. */
    QString resultsCsv() const;
    /** Saves the current scenario atomically: every field it was loaded with, plus the edits. */
    bool saveScenario(const QString &path, QString *error) const;
    int replications() const;
    void setReplications(int replications);

    QVariantMap saveState() const;
    void restoreState(const QVariantMap &state);

    /**
     * Presenting a deck's demo: shows SCENARIO (checked; SOURCE names it in errors) with
     * REPLICATIONS, then RUN: "true" runs, "sweep" runs the Sweep tab's sweep, "false" waits;
     * SPEED is the playback's simulated minutes per second; SHOW picks "results" or "sweep".
     * An error, or empty.
     */
    QString present(const QJsonObject &scenario,
                    const QString &source,
                    int replications,
                    const QString &run,
                    double speed,
                    const QString &show);
    /** Presenting: on the room's stage (STAGED) or back; the results laid out for the room. */
    void setStaged(bool staged);
    /** Presenting: how far a press moves the playback, in simulated minutes (a deck's `step:`;
     *  an hour by default). */
    void setPresentStep(double minutes) { m_stepMinutes = minutes; }
    /** Presenting: which of the transcoding summary's sentences the stage shows beside the
     *  playback (a deck's `say:`; rules of TranscodingPage::sentenceRules()). */
    void setStageSentences(const QStringList &rules);
    /** Presenting: the transcoding playback one step (setPresentStep()) on or back; false when
     *  it cannot move, the scenario has no playback, or the Sweep page is shown. */
    bool presentStep(bool forward);
    /** Presenting: how many of the playback's steps are behind it, of how many; nothing without
     *  a playback in sight. */
    std::optional<Kit::StepPosition> presentPosition() const;
    /** Presenting: the playback at its end. */
    void playbackToEnd();
    /** Stops the playback (a blackout), leaving it where it is. */
    void pausePlayback();

signals:
    void statusMessage(const QString &message);
    void finished();

private:
    /** Says that the results on the page are of a scenario as it was, not as the form is. */
    void markResultsStale();
    void createActions();
    void started(const QString &message);
    void ended(bool stopped);
    void updateReplications();

    QString m_dataFolder;
    QString m_examples;
    Kit::BackgroundJob m_job;
    QJsonObject m_last;
    QList<QAction *> m_actions;
    QComboBox *m_picker = nullptr;
    QStackedWidget *m_forms = nullptr;
    QList<ScenarioForm *> m_formList;
    QLabel *m_replicationsLabel = nullptr;
    QSpinBox *m_replications = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_message = nullptr;
    Kit::PageTabs *m_tabs = nullptr;
    double m_stepMinutes = 60;
    /** The playback's frames a presenter's press stops at (empty: no playback in sight). */
    std::vector<std::size_t> presentStops() const;
    QStackedWidget *m_results = nullptr;
    QLabel *m_stageRunning = nullptr;
    QList<ResultPage *> m_pages;
    SweepPage *m_sweep = nullptr;
    RealRunPanel *m_real = nullptr;
};

} // namespace Startup
