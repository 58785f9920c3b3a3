#pragma once

#include <jobrunner.h>

#include <QJsonObject>
#include <QWidget>

class QAction;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class PoolAnimationView;
class ScenarioForm;

/**
 * Startup Sim's window: pick a scenario (M/M/c validation, transcoding, feed, slow ORM), set it
 * up in a form with units and limits, Run / Stop with progress, and read the results beside
 * theory, as charts and tables. Scenarios save and load as JSON.
 */
class StartupView final : public QWidget
{
    Q_OBJECT

public:
    /** ORMDATABASE: where the slow-ORM database lives (generated on first use). */
    explicit StartupView(QString ormDatabase, QWidget *parent = nullptr);
    ~StartupView() override;

    QList<QAction *> actions() const { return m_actions; }
    void run();
    /** Runs the sweep set up on the Sweep tab. */
    void runSweep();
    /** Sets up the Sweep tab. */
    void setSweep(const QString &parameter,
                  double from,
                  double to,
                  int points,
                  const QString &metric,
                  int replications);
    void stop();
    bool isRunning() const { return m_runner.isRunning(); }
    /** Selects scenario INDEX (0 mmc, 1 transcoding, 2 feed, 3 orm). */
    void selectScenario(int index);
    ScenarioForm *currentForm() const;
    /** The last finished result. */
    QJsonObject lastResult() const { return m_last; }
    /** Loads a scenario file; on failure returns false, *error names the problem, nothing changes.
     */
    bool loadScenario(const QString &path, QString *error);
    /** The results on screen as CSV (the table, or the series over time for transcoding). */
    QString resultsCsv() const;
    /** Saves the current scenario atomically. */
    bool saveScenario(const QString &path, QString *error) const;

signals:
    void statusMessage(const QString &message);
    void finished();

private:
    void buildForms();
    QWidget *buildResults();
    void showPartial(const QJsonObject &partial);
    void showResult(const QJsonObject &result, bool stopped);
    void showMmc(const QJsonObject &result);
    void showTranscoding(const QJsonObject &result);
    void showFeed(const QJsonObject &result);
    void showOrm(const QJsonObject &result);
    void showSweep(const QJsonObject &result);
    QWidget *buildSweep();
    void refreshSweepChoices();

    QString m_ormDatabase;
    JobRunner m_runner;
    QJsonObject m_last;
    QList<QAction *> m_actions;
    QComboBox *m_picker = nullptr;
    QStackedWidget *m_forms = nullptr;
    QList<ScenarioForm *> m_formList;
    QSpinBox *m_replications = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QStackedWidget *m_results = nullptr;
    QTableWidget *m_mmcTable = nullptr;
    QLabel *m_transcodingSummary = nullptr;
    PoolAnimationView *m_animation = nullptr;
    QCustomPlot *m_overTime = nullptr;
    QCustomPlot *m_turnaround = nullptr;
    QTableWidget *m_feedTable = nullptr;
    QCustomPlot *m_feedPlot = nullptr;
    QTableWidget *m_ormTable = nullptr;
    QPlainTextEdit *m_ormLog = nullptr;
    class QTabWidget *m_tabs = nullptr;
    QComboBox *m_sweepParameter = nullptr;
    class QDoubleSpinBox *m_sweepFrom = nullptr;
    class QDoubleSpinBox *m_sweepTo = nullptr;
    QSpinBox *m_sweepSteps = nullptr;
    QComboBox *m_sweepMetric = nullptr;
    QSpinBox *m_sweepReplications = nullptr;
    QCustomPlot *m_sweepPlot = nullptr;
};
