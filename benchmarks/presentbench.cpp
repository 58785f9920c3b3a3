// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Presenter mode's numbers (issue #12), on a built-in deck with the real modules:
//   1. a clicker press to the painted audience frame, every stop of the deck (the demos' own
//      computing excluded: each demo is let finish before the next press): median, p95, max;
//   2. `deck export` of the deck to a PDF: wall time and pages;
//   3. resident memory after 300 stops back and forth, against the first pass;
//   4. the console's live picture of the audience window: CPU, in % of one core, over 5 s.
// Usage: present_bench DECK   (prints JSON; run under QT_QPA_PLATFORM=offscreen)

#include <app/builtins.h>
#include <kit/moduleregistry.h>
#include <present/consolewindow.h>
#include <present/deckexport.h>
#include <present/presenter.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace Kit;
using namespace Present;
using namespace Shell;

namespace {

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5)));
}

/** Runs the event loop for MS milliseconds, sleeping when there is nothing to do. */
void idle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fputs("usage: present_bench DECK\n", stderr);
        return 2;
    }
    ModuleRegistry registry;
    registerBuiltInModules(registry);
    QJsonObject result;
    {
        Presenter presenter(registry);
        QString error;
        if (!presenter.open(QString::fromLocal8Bit(argv[1]), &error)) {
            std::fprintf(stderr, "present_bench: %s\n", qPrintable(error));
            return 1;
        }
        presenter.setTrustPrompt([](const QString &) { return true; });
        presenter.start();
        presenter.audience()->resize(1280, 720);
        presenter.waitForDemo(60000);
        idle(500); // the runner warms up

        // 1. Press to paint, and the first pass's memory.
        std::vector<double> presses;
        int stops = 1;
        for (;;) {
            QElapsedTimer clock;
            clock.start();
            if (!presenter.forward())
                break;
            presenter.audience()->repaint(); // painted, not only scheduled
            presses.push_back(double(clock.nsecsElapsed()) / 1e6);
            ++stops;
            presenter.waitForDemo(60000); // the demo's own computing is not the press's
        }
        const double firstPass = residentMiB();
        // 3. 300 stops back and forth.
        bool forward = false;
        for (int i = 0; i < 300; ++i) {
            if (!(forward ? presenter.forward() : presenter.back()))
                forward = !forward;
            presenter.waitForDemo(60000);
        }
        idle(200);
        const double after = residentMiB();

        // 4. The console's picture of the room, redrawn ten times a second: on the deck's first
        //    demo slide (a module's whole view, the costliest picture), with and without it.
        if (!presenter.console()->isVisible())
            presenter.toggleConsole(); // one screen: the console is shown on demand
        for (int slide = 0; slide < presenter.deck().slides.size(); ++slide) {
            if (presenter.deck().slides.at(slide).demo) {
                presenter.goToSlide(slide);
                break;
            }
        }
        presenter.waitForDemo(60000);
        idle(1000);
        double start = cpuSeconds();
        idle(5000);
        const double withMirror = (cpuSeconds() - start) / 5.0 * 100.0;
        presenter.toggleConsole(); // hidden: the mirror draws nothing
        idle(500);
        start = cpuSeconds();
        idle(5000);
        const double withoutMirror = (cpuSeconds() - start) / 5.0 * 100.0;
        presenter.stop();

        result.insert(QStringLiteral("stops"), stops);
        result.insert(QStringLiteral("press_to_paint_ms_median"), percentile(presses, 0.5));
        result.insert(QStringLiteral("press_to_paint_ms_p95"), percentile(presses, 0.95));
        result.insert(QStringLiteral("press_to_paint_ms_max"), percentile(presses, 1.0));
        result.insert(QStringLiteral("rss_mib_first_pass"), firstPass);
        result.insert(QStringLiteral("rss_mib_after_300_stops"), after);
        result.insert(QStringLiteral("rss_growth_mib"), after - firstPass);
        result.insert(QStringLiteral("console_cpu_percent_of_a_core"), withMirror - withoutMirror);
        result.insert(QStringLiteral("cpu_percent_with_console"), withMirror);
        result.insert(QStringLiteral("cpu_percent_without_console"), withoutMirror);
    }
    {
        // 2. The export, as `curtain deck export` does it.
        Presenter presenter(registry);
        QString error;
        presenter.open(QString::fromLocal8Bit(argv[1]), &error);
        QTemporaryDir dir;
        QElapsedTimer clock;
        clock.start();
        presenter.startOffscreen(QSize(1280, 720), true);
        const int pages
            = DeckExport::write(presenter, dir.filePath(QStringLiteral("deck.pdf")), {}, &error);
        presenter.stop();
        result.insert(QStringLiteral("export_ms"), double(clock.elapsed()));
        result.insert(QStringLiteral("export_pages"), pages);
    }
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
