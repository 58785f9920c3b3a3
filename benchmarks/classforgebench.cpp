// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Class Forge's numbers (issue #3), measured on the real runner and the real view:
//   1. Run to steps on screen, warm runner, Enforcer lesson: median and max of N runs.
//   2. A program that creates 1,000 classes (and an instance of each): time to its trace, and
//      the same program under plain python3 in the same run (the tracing overhead).
// Usage: classforge_bench RUNNER LESSONS_DIR [RUNS]   (prints JSON)

#include <classforge/classforgeview.h>
#include <classforge/trace.h>
#include <kit/lessons.h>
#include <pyrunner/runnerclient.h>
#include <pyrunner/runrequest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>

#include <algorithm>
#include <cstdio>

using namespace ClassForge;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fputs("usage: classforge_bench RUNNER LESSONS_DIR [RUNS]\n", stderr);
        return 2;
    }
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
    PyRunner::RunnerClient runner(QString::fromLocal8Bit(argv[1]));
    const QList<Kit::Lesson> lessons = Kit::loadLessons(QString::fromLocal8Bit(argv[2]));
    ClassForgeView view(&runner, lessons);
    view.resize(1280, 800);
    view.show();

    QSignalSpy ready(&runner, &PyRunner::RunnerClient::ready);
    if (!runner.isReady() && !ready.wait(20000)) {
        std::fputs("classforge_bench: the runner never became ready\n", stderr);
        return 1;
    }

    int enforcer = 0;
    for (int i = 0; i < lessons.size(); ++i) {
        if (lessons.at(i).path.endsWith(QLatin1String("04_enforcer.py")))
            enforcer = i;
    }
    view.openLesson(enforcer);
    QList<qint64> times;
    for (int i = 0; i < runs; ++i) {
        QSignalSpy traced(&view, &ClassForgeView::traced);
        QElapsedTimer clock;
        clock.start();
        view.run();
        if (!traced.wait(20000))
            return 1;
        QCoreApplication::processEvents(); // the panels paint
        times.append(clock.elapsed());
    }
    std::sort(times.begin(), times.end());

    PyRunner::RunRequest thousand;
    thousand.source = "for i in range(1000):\n"
                      "    class C:\n"
                      "        x = i\n"
                      "        def method(self):\n"
                      "            return self.x\n"
                      "    C()\n";
    thousand.filename = QStringLiteral("thousand.py");
    thousand.classes.maxSteps = 100000;
    const auto median = [](QList<qint64> values) {
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    Trace trace;
    QList<qint64> traced;
    QList<qint64> plain;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        trace = Trace::fromResult(runner.runAndWait(thousand));
        traced.append(clock.elapsed());
        // The peer: the same program under python3 (a fresh interpreter, as a learner runs it).
        QProcess python;
        clock.restart();
        python.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"), QString::fromUtf8(thousand.source)});
        if (!python.waitForFinished(20000) || python.exitCode() != 0) {
            std::fputs("classforge_bench: python3 failed on the 1,000-class program\n", stderr);
            return 1;
        }
        plain.append(clock.elapsed());
    }
    const qint64 thousandMs = median(traced);
    const qint64 pythonMs = median(plain);

    const QJsonObject result{
        {QStringLiteral("enforcer_run_to_screen_ms_median"), double(times.at(times.size() / 2))},
        {QStringLiteral("enforcer_run_to_screen_ms_max"), double(times.last())},
        {QStringLiteral("enforcer_steps"), view.player()->count()},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("thousand_classes_ms"), double(thousandMs)},
        {QStringLiteral("thousand_classes_python3_ms"), double(pythonMs)},
        {QStringLiteral("thousand_classes_overhead_x"),
         double(thousandMs) / std::max<qint64>(1, pythonMs)},
        {QStringLiteral("thousand_classes_steps"), int(trace.steps.size())},
        {QStringLiteral("thousand_classes_error"), trace.errorType()}};
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
