// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Timelines at scale (issue #25): a saved Python run of CHANGES recorded state changes (eight
// threads passing one GIL, some of them blocking in I/O) is opened as the app opens one (the
// file read and checked, the timeline built, the first paint), then zoomed, scrolled and replayed
// frame by frame; each paint and each replay frame is timed, and the process's peak memory read.
// The Chrome export is timed last. scripts/bench-timeline.sh runs it and prints the limits.
#include <scheduler/engine.h>
#include <scheduler/pythontrace.h>
#include <scheduler/replayscene.h>
#include <scheduler/runfile.h>
#include <scheduler/timeline.h>
#include <scheduler/timelineview.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cstdio>
#include <random>
#include <sys/resource.h>

using namespace Scheduler;

namespace {

/** A Python run of CHANGES events: eight threads take turns with the GIL (2 µs to 2 ms each),
 *  now and then one blocks in I/O; cores 0 and 1. */
RunRecord synthesize(int changes)
{
    constexpr int Threads = 8;
    RunRecord r;
    r.options.model = Model::Gil;
    r.options.workers = Threads;
    r.cores = 2;
    r.startNs = 1000000000;
    r.program = QStringLiteral("bench.py in CPython 3.11");
    for (int i = 0; i < Threads; ++i) {
        r.laneNames.push_back(i == 0 ? QStringLiteral("MainThread")
                                     : QStringLiteral("Thread-%1 (work)").arg(i));
        r.laneProcess.push_back(0);
        r.laneThread.push_back(-1);
    }
    r.processes.push_back({QStringLiteral("bench.py"), 4242});
    std::mt19937 random(25);
    std::exponential_distribution<double> hold(1.0 / 60000.0); // mean 60 µs
    std::int64_t t = r.startNs;
    std::vector<std::int64_t> blockedUntil(Threads, 0);
    int holder = 0;
    r.events.reserve(std::size_t(changes));
    for (int i = 0; i < Threads; ++i)
        r.events.push_back({t,
                            i,
                            i == 0 ? WorkerState::Running : WorkerState::WaitingGil,
                            0,
                            std::int16_t(i == 0 ? 0 : -1),
                            i == 0 ? -1 : 0});
    while (int(r.events.size()) + 2 < changes) {
        t += 2000 + std::int64_t(std::min(hold(random), 2e6));
        // The holder lets go: to wait for the GIL again, or into I/O for a while.
        const bool io = random() % 8 == 0;
        r.events.push_back(
            {t, holder, io ? WorkerState::BlockedIo : WorkerState::WaitingGil, 0, -1, -1});
        if (io)
            blockedUntil[std::size_t(holder)] = t + 50000 + std::int64_t(random() % 400000);
        int next = holder;
        for (int k = 1; k <= Threads; ++k) {
            const int c = (holder + k) % Threads;
            if (blockedUntil[std::size_t(c)] <= t && c != holder) {
                next = c;
                break;
            }
        }
        if (next == holder) { // every other thread is in I/O: the first back takes it
            for (int c = 0; c < Threads; ++c) {
                if (c != holder
                    && (next == holder
                        || blockedUntil[std::size_t(c)] < blockedUntil[std::size_t(next)]))
                    next = c;
            }
            t = std::max(t, blockedUntil[std::size_t(next)]);
        }
        t += 1000;
        r.events.push_back({t, next, WorkerState::Running, 0, std::int16_t(random() % 2), -1});
        holder = next;
    }
    t += 1000;
    for (int i = 0; i < Threads; ++i)
        r.events.push_back({t, i, WorkerState::Done, 0, -1, -1});
    r.wallMs = double(t - r.startNs) / 1e6;
    r.tasks = 1;
    r.completed = 1;
    return r;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

double maxRssMib()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

/** The view painted once into IMAGE: how long it took, in ms. */
double paintMs(TimelineView &view, QImage &image)
{
    QElapsedTimer timer;
    timer.start();
    QPainter painter(&image);
    view.render(&painter);
    painter.end();
    return double(timer.nsecsElapsed()) / 1e6;
}

/** TIMELINE in VIEW at 1280x640, painted once into IMAGE (made its size): how long, in ms. */
double show(TimelineView &view, const Timeline &timeline, QImage &image)
{
    view.resize(1280, 640);
    view.setTimeline(timeline);
    image = QImage(view.size(), QImage::Format_ARGB32_Premultiplied);
    return paintMs(view, image);
}

void wheel(TimelineView &view, double x, int clicks)
{
    QWheelEvent event(QPointF(x, 40),
                      view.mapToGlobal(QPointF(x, 40)),
                      QPoint(),
                      QPoint(0, 120 * clicks),
                      Qt::NoButton,
                      Qt::NoModifier,
                      Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(&view, &event);
}

void drag(TimelineView &view, double dx)
{
    const QPointF from(view.width() / 2.0, 40);
    QMouseEvent press(QEvent::MouseButtonPress,
                      from,
                      view.mapToGlobal(from),
                      Qt::LeftButton,
                      Qt::LeftButton,
                      Qt::NoModifier);
    QApplication::sendEvent(&view, &press);
    const QPointF to = from + QPointF(dx, 0);
    QMouseEvent move(
        QEvent::MouseMove, to, view.mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &move);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // timeline_bench --write FILE CHANGES: the saved run, made in a process of its own so that
    // the measuring one's peak memory is the opening's only.
    if (argc == 4 && QByteArray(argv[1]) == "--write") {
        SavedRuns saved;
        saved.runs.push_back(synthesize(std::max(1000, QByteArray(argv[3]).toInt())));
        saved.batches.push_back(1);
        QString error;
        if (!RunFile::save(QString::fromLocal8Bit(argv[2]), saved, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    // timeline_bench --python RUNNER.json: a Python trace as curtain-runner answered it, opened
    // as Your Python opens one (parsed, its lanes drawn, the timeline built, the first paint).
    if (argc == 3 && QByteArray(argv[1]) == "--python") {
        QFile file(QString::fromLocal8Bit(argv[2]));
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        QByteArray bytes = file.readAll();
        const double answerMib = double(bytes.size()) / (1024.0 * 1024.0);
        QElapsedTimer timer;
        timer.start();
        // As RunnerClient reads the answer's line (the packed changes taken out, then parsed)
        // and Your Python reads the answer (then lets it go).
        std::optional<PyRunner::RunResult> answer;
        {
            QByteArray changes;
            answer = PyRunner::RunResult::fromMessage(
                PyRunner::RunResult::readAnswer(bytes, &changes));
            answer->threadChanges = changes;
        }
        const double parseMs = double(timer.nsecsElapsed()) / 1e6;
        QString error;
        const std::optional<PythonTrace> trace = PythonTrace::fromRunner(*answer, &error);
        answer.reset();
        bytes = QByteArray();
        if (!trace) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const double readMs = double(timer.nsecsElapsed()) / 1e6 - parseMs;
        const Timeline timeline = Timeline::build(trace->run);
        const double buildMs = double(timer.nsecsElapsed()) / 1e6 - parseMs - readMs;
        TimelineView view;
        QImage image;
        const double firstPaint = show(view, timeline, image);
        const double openMs = double(timer.nsecsElapsed()) / 1e6;
        std::vector<double> paints;
        for (int step = 0; step < 60; ++step) {
            wheel(view, 640, 1);
            paints.push_back(paintMs(view, image));
        }
        const QJsonObject result{{QStringLiteral("changes"), double(trace->run.events.size())},
                                 {QStringLiteral("answer_mib"), answerMib},
                                 {QStringLiteral("json_parse_ms"), parseMs},
                                 {QStringLiteral("lanes_drawn_ms"), readMs},
                                 {QStringLiteral("timeline_built_ms"), buildMs},
                                 {QStringLiteral("first_paint_ms"), firstPaint},
                                 {QStringLiteral("open_ms"), openMs},
                                 {QStringLiteral("paint_p95_ms"), percentile(paints, 0.95)},
                                 {QStringLiteral("peak_rss_mib"), maxRssMib()}};
        std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr,
                     "usage: timeline_bench --write FILE CHANGES | timeline_bench FILE [PNG]\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const double fileMib = double(QFileInfo(path).size()) / (1024.0 * 1024.0);

    // Open: read and check the file, build the timeline, paint it whole once.
    QElapsedTimer timer;
    timer.start();
    QString error;
    std::optional<SavedRuns> loaded = RunFile::load(path, &error);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double loadMs = double(timer.nsecsElapsed()) / 1e6;
    const int changes = int(loaded->runs.front().events.size());
    Timeline timeline = Timeline::build(loaded->runs.front());
    const double buildMs = double(timer.nsecsElapsed()) / 1e6 - loadMs;
    const std::size_t segments = timeline.segments.size();
    TimelineView view;
    QImage image;
    const double firstPaint = show(view, timeline, image);
    const double openMs = double(timer.nsecsElapsed()) / 1e6;
    // PNG: the whole run and a zoom into it (64x), to look at, in PNG-whole.png and PNG-zoom.png.
    const QString png = argc == 3 ? QString::fromLocal8Bit(argv[2]) : QString();
    if (!png.isEmpty()) {
        image.save(png + QStringLiteral("-whole.png"));
        wheel(view, 640, 23); // 1.2^23: about 66x
        paintMs(view, image);
        image.save(png + QStringLiteral("-zoom.png"));
        wheel(view, 640, 30); // about 16,000x in all: stretches one by one
        paintMs(view, image);
        image.save(png + QStringLiteral("-near.png"));
        view.resetZoom();
    }

    // Zoom in step by step from the whole run to microseconds and out again, scrolling at each
    // level, each step a paint.
    std::vector<double> paints{firstPaint};
    std::mt19937 random(7);
    for (int round = 0; round < 2; ++round) {
        for (int step = 0; step < 60; ++step) {
            wheel(view, 200 + double(random() % 900), round == 0 ? 1 : -1);
            paints.push_back(paintMs(view, image));
            drag(view, double(int(random() % 400) - 200));
            paints.push_back(paintMs(view, image));
        }
    }
    // Replay: the frame at each of 2000 instants across the run, worked out and painted on the
    // replay's scene (cores, GIL, who waits), and now and then the playhead on the timeline.
    ReplayScene scene;
    scene.resize(1280, 360);
    scene.setLaneNames(QStringList(timeline.names.begin(), timeline.names.end()));
    QImage sceneImage(scene.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<int> cores;
    for (int c = 0; c < std::max(timeline.cores, 1); ++c)
        cores.push_back(c);
    std::vector<double> frames;
    const std::int64_t span = timeline.end - timeline.start;
    view.resetZoom();
    for (int i = 0; i < 2000; ++i) {
        const std::int64_t t = span * i / 2000;
        QElapsedTimer f;
        f.start();
        scene.setFrame(ReplayFrame::at(timeline, timeline.start + t), Model::Gil, cores);
        QPainter painter(&sceneImage);
        scene.render(&painter);
        painter.end();
        frames.push_back(double(f.nsecsElapsed()) / 1e6);
        if (i % 20 == 0) {
            view.setPlayhead(t);
            paints.push_back(paintMs(view, image));
        }
    }
    const double rssBeforeExport = maxRssMib();
    // The Chrome export of the same run, streamed to a file beside it as the app writes it.
    timer.restart();
    QFile traceFile(path + QStringLiteral(".trace.json"));
    if (!traceFile.open(QIODevice::WriteOnly)
        || !writeChromeTrace(loaded->runs.front(), &traceFile))
        return 1;
    traceFile.close();
    const double exportMs = double(timer.nsecsElapsed()) / 1e6;
    const double traceMib = double(traceFile.size()) / (1024.0 * 1024.0);
    traceFile.remove();

    const QJsonObject result{{QStringLiteral("changes"), changes},
                             {QStringLiteral("segments"), double(segments)},
                             {QStringLiteral("file_mib"), fileMib},
                             {QStringLiteral("load_ms"), loadMs},
                             {QStringLiteral("build_ms"), buildMs},
                             {QStringLiteral("first_paint_ms"), firstPaint},
                             {QStringLiteral("open_ms"), openMs},
                             {QStringLiteral("paints"), double(paints.size())},
                             {QStringLiteral("paint_p50_ms"), percentile(paints, 0.5)},
                             {QStringLiteral("paint_p95_ms"), percentile(paints, 0.95)},
                             {QStringLiteral("paint_max_ms"), percentile(paints, 1.0)},
                             {QStringLiteral("replay_frame_p95_ms"), percentile(frames, 0.95)},
                             {QStringLiteral("chrome_export_ms"), exportMs},
                             {QStringLiteral("chrome_export_mib"), traceMib},
                             {QStringLiteral("peak_rss_mib_open_and_view"), rssBeforeExport},
                             {QStringLiteral("peak_rss_mib_with_export"), maxRssMib()}};
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
