// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "replaypage.h"

#include "replayscene.h"
#include "timelineview.h"

#include <kit/linestall.h>
#include <kit/stage.h>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QVBoxLayout>

#include <set>

namespace Scheduler {

namespace {

/** The cores a replay draws: all of a small machine, else the ones the run used. */
std::vector<int> coresToDraw(const Timeline &t)
{
    std::vector<int> cores;
    if (t.cores <= 8) {
        for (int c = 0; c < t.cores; ++c)
            cores.push_back(c);
        return cores;
    }
    std::set<int> used;
    for (const Segment &s : t.segments) {
        if (s.state == WorkerState::Running && s.cpu >= 0 && s.cpu < t.cores)
            used.insert(s.cpu);
    }
    return {used.begin(), used.end()};
}

/** Where the playhead of T is, as a fraction of the run (0..1). */
double playedFraction(const Timeline &t, std::int64_t playhead)
{
    const double span = double(std::max<std::int64_t>(t.end - t.start, 1));
    return double(playhead - t.start) / span;
}

} // namespace

ReplayPage::ReplayPage(QWidget *parent)
    : QWidget(parent)
{
    auto *column = new QVBoxLayout(this);
    m_scene = new ReplayScene(this);
    column->addWidget(m_scene);
    m_timeline = new TimelineView;
    m_timelineScroll = new QScrollArea(this);
    m_timelineScroll->setObjectName(QStringLiteral("scheduler.timelineScroll"));
    m_timelineScroll->setWidgetResizable(true);
    m_timelineScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_timelineScroll->setWidget(m_timeline);
    column->addWidget(m_timelineScroll, 1);
    m_timelineScroll->viewport()->installEventFilter(this);
    auto *replay = new QHBoxLayout;
    m_play = new QPushButton(tr("Replay"), this);
    m_play->setObjectName(QStringLiteral("scheduler.replay"));
    connect(m_play, &QPushButton::clicked, this, &ReplayPage::togglePlay);
    replay->addWidget(m_play);
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("scheduler.replaySpeed"));
    m_speed->setAccessibleName(tr("Replay speed"));
    m_speed->addItem(tr("1/100 speed"), 0.01);
    m_speed->addItem(tr("1/20 speed"), 0.05);
    m_speed->addItem(tr("1/5 speed"), 0.2);
    m_speed->addItem(tr("real time"), 1.0);
    m_speed->setCurrentIndex(1);
    replay->addWidget(m_speed);
    m_scrubber = new QSlider(Qt::Horizontal, this);
    m_scrubber->setObjectName(QStringLiteral("scheduler.scrubber"));
    m_scrubber->setAccessibleName(tr("Replay position"));
    m_scrubber->setRange(0, 1000);
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int value) { seek(value / 1000.0); });
    replay->addWidget(m_scrubber, 1);
    column->addLayout(replay);
    for (QWidget *control : std::initializer_list<QWidget *>{m_play, m_speed, m_scrubber})
        Kit::markOffStage(control); // the presenter steps the replay with the clicker
    m_narration = new QLabel(this);
    m_narration->setObjectName(QStringLiteral("scheduler.narration"));
    m_narration->setWordWrap(true);
    m_narration->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    // Three lines kept at every zoom: a narration of one line or three leaves the timeline as tall.
    Kit::keepLinesTall(m_narration, 3);
    column->addWidget(m_narration);
    m_timer.setInterval(33);
    connect(&m_timer, &QTimer::timeout, this, &ReplayPage::advance);
}

void ReplayPage::showRuns(std::vector<Timeline> stacked, int current)
{
    m_hasRun = true;
    m_timeline->setTimelines(std::move(stacked), current);
    // What the replay scene says of this run, once for all its frames.
    const Timeline &t = m_timeline->timeline();
    m_scene->setDoesIo(t.workload == Workload::Io || t.workload == Workload::Mixed);
    QStringList names;
    if (!t.names.empty() || (t.workload == Workload::Pipeline && t.lanes >= 3)) {
        // Short in the core boxes: "Thread-1 (count)" is "Thread-1" there.
        for (int lane = 0; lane < t.lanes; ++lane)
            names.append(t.laneName(lane).section(QStringLiteral(" ("), 0, 0));
    }
    m_scene->setLaneNames(names);
    QStringList processNames;
    for (int p = 0; t.isPython() && p < t.processCount(); ++p)
        processNames.append(t.processName(p));
    m_scene->setProcesses(t.laneProcess, processNames);
    // The replayed run's lanes in sight: the narration speaks of them (once the stack is laid out).
    QTimer::singleShot(0, m_timelineScroll, [this] { showCurrentRun(); });
    m_scrubber->blockSignals(true);
    m_scrubber->setValue(0);
    m_scrubber->blockSignals(false);
    seek(0.35);
}

void ReplayPage::clear()
{
    pause();
    m_hasRun = false;
    m_timeline->setTimelines({}, -1);
    m_scene->setFrame({}, Model::Threads, {});
    m_narration->clear();
}

bool ReplayPage::isEmpty() const
{
    return !m_hasRun || m_timeline->timeline().lanes == 0;
}

void ReplayPage::showCurrentRun()
{
    const auto [top, bottom] = m_timeline->currentRows();
    if (bottom - top > m_timelineScroll->viewport()->height())
        m_timelineScroll->verticalScrollBar()->setValue(top);
    else
        m_timelineScroll->ensureVisible(0, (top + bottom) / 2, 0, (bottom - top) / 2);
}

bool ReplayPage::eventFilter(QObject *watched, QEvent *event)
{
    // The narration's lines change the timeline's height: the replayed run stays in sight.
    if (watched == m_timelineScroll->viewport() && event->type() == QEvent::Resize)
        showCurrentRun();
    return QWidget::eventFilter(watched, event);
}

void ReplayPage::seek(double fraction)
{
    const Timeline &t = m_timeline->timeline();
    fraction = std::clamp(fraction, 0.0, 1.0);
    showAt(t.start + std::int64_t(double(t.end - t.start) * fraction));
}

void ReplayPage::seekTime(std::int64_t t)
{
    pause();
    const Timeline &run = m_timeline->timeline();
    showAt(std::clamp(t, run.start, run.end));
}

void ReplayPage::showAt(std::int64_t at)
{
    const Timeline &t = m_timeline->timeline();
    if (t.lanes == 0)
        return;
    m_timeline->setPlayhead(at);
    if (m_hasRun)
        m_scene->setFrame(ReplayFrame::at(t, at), t.model, coresToDraw(t));
    m_narration->setText(tr("%1 at %2 ms: %3")
                             .arg(t.title)
                             .arg(double(at - t.start) / 1e6, 0, 'f', 2)
                             .arg(t.narrate(at)));
    m_scrubber->blockSignals(true);
    m_scrubber->setValue(qRound(playedFraction(t, at) * 1000));
    m_scrubber->blockSignals(false);
}

std::int64_t ReplayPage::playhead() const
{
    return m_timeline->playhead();
}

const Timeline &ReplayPage::replayed() const
{
    return m_timeline->timeline();
}

void ReplayPage::togglePlay()
{
    if (m_timer.isActive()) {
        pause();
    } else if (m_hasRun) {
        if (m_scrubber->value() >= m_scrubber->maximum())
            seek(0);
        m_timer.start();
        m_play->setText(tr("Pause"));
    }
}

void ReplayPage::advance()
{
    const Timeline &t = m_timeline->timeline();
    const double span = double(std::max<std::int64_t>(t.end - t.start, 1));
    const double speed = m_speed->currentData().toDouble();
    const double fraction
        = playedFraction(t, m_timeline->playhead()) + m_timer.interval() * 1e6 * speed / span;
    seek(fraction);
    if (fraction >= 1.0)
        pause();
}

double ReplayPage::played() const
{
    return playedFraction(m_timeline->timeline(), m_timeline->playhead());
}

void ReplayPage::toEnd()
{
    pause();
    seek(1.0);
}

void ReplayPage::pause()
{
    m_timer.stop();
    m_play->setText(tr("Replay"));
}

QString ReplayPage::narration() const
{
    return m_narration->text();
}

} // namespace Scheduler
