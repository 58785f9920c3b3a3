// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QComboBox;
class QSlider;
class QTextBrowser;

namespace Startup {

class BreakdownView;
class FullTable;
class PoolAnimationView;

/** One scenario's results: each model has its page, and every page shows a result JSON. */
class ResultPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    /** Shows RESULT (as Simulation::run makes it); PARTIAL while replications still come in. */
    virtual void showResult(const QJsonObject &result, bool partial) = 0;
    /** The page's numbers as CSV. */
    virtual QString csv() const = 0;
    /** On a presenter's stage (STAGED) or back: the page's own arrangement for the room, beside
     *  what Kit::setStaged hides. Nothing by default. */
    virtual void setStaged(bool staged) { Q_UNUSED(staged) }
};

/** M/M/c: the simulation beside Erlang C, with 95 % intervals. */
class MmcPage final : public ResultPage
{
    Q_OBJECT

public:
    explicit MmcPage(QWidget *parent = nullptr);
    void showResult(const QJsonObject &result, bool partial) override;
    QString csv() const override;
    QString note() const;

private:
    QLabel *m_note = nullptr;
    FullTable *m_table = nullptr;
};

/** Transcoding: the summary, the pool played back, the queue over time, the turnaround spread. */
class TranscodingPage final : public ResultPage
{
    Q_OBJECT

public:
    explicit TranscodingPage(QWidget *parent = nullptr);
    void showResult(const QJsonObject &result, bool partial) override;
    QString csv() const override;
    int heightForWidth(int width) const override;
    PoolAnimationView *animation() const { return m_animation; }
    /** The playback speed, simulated minutes per second. */
    void setSpeed(double minutesPerSecond);
    double speed() const;
    QString summary() const;
    BreakdownView *breakdown() const { return m_breakdown; }
    /**
     * On a presenter's stage (STAGED): the playback and the plot of the day with its time cursor
     * on the left, and beside them the run's headline sentences (stageRules(), whole, as the
     * summary says them); the full summary, the breakdown and the histogram stay off the stage.
     */
    void setStaged(bool staged) override;
    /** The rules of the transcoding summary's sentences, in its order (deck key `say`). */
    static QStringList sentenceRules();
    /** The sentences the stage shows unless a deck says otherwise: the promise kept, the
     *  turnaround and the cost, the three numbers the talk compares from slide to slide. */
    static QStringList defaultStageRules();
    /** The rules of the summary's sentences the stage shows (RULES, of sentenceRules()). */
    void setStageRules(const QStringList &rules);
    /** The sentences the stage shows, one paragraph each. */
    QString stageSummary() const;

private:
    void followPlayback(std::size_t frame);
    void showStageSummary();
    void fitStageSummary();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QJsonObject m_result;
    QLabel *m_summary = nullptr;
    QLabel *m_stageSummary = nullptr;
    QStringList m_stageRules = defaultStageRules();
    BreakdownView *m_breakdown = nullptr;
    PoolAnimationView *m_animation = nullptr;
    QPushButton *m_play = nullptr;
    QComboBox *m_speed = nullptr;
    QSlider *m_scrub = nullptr;
    QCustomPlot *m_overTime = nullptr;
    QCPItemStraightLine *m_cursor = nullptr;
    QCustomPlot *m_turnaround = nullptr;
};

/** Feed: polling, long polling and push side by side. */
class FeedPage final : public ResultPage
{
    Q_OBJECT

public:
    explicit FeedPage(QWidget *parent = nullptr);
    /** RESULT: Report::run's, {"methods": [one result per delivery], ...}. */
    void showResult(const QJsonObject &result, bool partial) override;
    QString csv() const override;
    QString note() const;
    FullTable *table() const { return m_table; }
    BreakdownView *breakdown() const { return m_breakdown; }
    /** On a presenter's stage: the table and its sentences, without the curves (drawn only off
     *  it) and the sentence that reads them. */
    void setStaged(bool staged) override;

private:
    FullTable *m_table = nullptr;
    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    BreakdownView *m_breakdown = nullptr;
    QJsonArray m_summary;

    void showNote();
};

/** The slow ORM: three ways to fetch one page, with their plans and why. */
class OrmPage final : public ResultPage
{
    Q_OBJECT

public:
    explicit OrmPage(QWidget *parent = nullptr);
    void showResult(const QJsonObject &result, bool partial) override;
    QString csv() const override;
    QString explanation() const;
    FullTable *table() const { return m_table; }
    /** Presenting: the plans and why, a screenful (FORWARD) on or back; false at that end. */
    bool turnPage(bool forward);
    /** Presenting: how many screenfuls of the plans and why are behind, of how many
     *  ({0, 1} when they fit). */
    std::pair<int, int> pagePosition() const;
    void setStaged(bool staged) override;

private:
    FullTable *m_table = nullptr;
    QTextBrowser *m_why = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QJsonObject m_result;

    /** The summary, then each strategy's why and plan (on the stage, without advice). */
    void showWhy();
};

} // namespace Startup
