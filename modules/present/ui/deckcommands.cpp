// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deckcommands.h"

#include "consolewindow.h"
#include "deckexport.h"
#include "presenter.h"
#include "slideview.h"

#include <kit/appearance.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>
#include <present/deckcheck.h>
#include <present/decklibrary.h>

#include <QApplication>
#include <QImageWriter>
#include <QRegularExpression>
#include <QTimer>

namespace Present {

using namespace Kit;

namespace {

/** Takes "--name VALUE" out of ARGS; *FOUND says whether it was there. */
QString takeOption(QStringList &args, const QString &name, bool *found, QString *error)
{
    const int at = int(args.indexOf(name));
    *found = at >= 0;
    if (at < 0)
        return {};
    if (at + 1 >= args.size()) {
        *error = QStringLiteral("%1 needs a value").arg(name);
        return {};
    }
    QString value = args.at(at + 1);
    args.remove(at, 2);
    return value;
}

bool takeFlag(QStringList &args, const QString &name)
{
    return args.removeAll(name) > 0;
}

int runCheck(const ModuleRegistry &registry, QStringList args, QTextStream &out, QTextStream &err)
{
    if (args.size() != 1) {
        err << "curtain deck check: give one deck (curtain deck check DECK.md)\n";
        return Subcommand::UsageError;
    }
    QString summary;
    QString error;
    const QStringList problems = checkDeck(registry, args.first(), &summary, &error);
    if (!error.isEmpty()) {
        err << "curtain deck check: " << error << '\n';
        return Subcommand::UsageError;
    }
    for (const QString &problem : problems)
        out << problem << '\n';
    out << summary << '\n';
    return problems.isEmpty() ? 0 : Subcommand::UsageError;
}

int runExport(const ModuleRegistry &registry, QStringList args, QTextStream &out, QTextStream &err)
{
    const bool notes = takeFlag(args, QStringLiteral("--notes"));
    const bool python = takeFlag(args, QStringLiteral("--run-python"));
    for (const QString &arg : std::as_const(args)) {
        if (arg.startsWith(QLatin1String("--"))) {
            err << "curtain deck export: unknown option " << arg << " (--notes, --run-python)\n";
            return Subcommand::UsageError;
        }
    }
    if (args.size() != 2) {
        err << "curtain deck export: give a deck and a PDF (curtain deck export DECK.md OUT.pdf)\n";
        return Subcommand::UsageError;
    }
    Appearance::instance()->setTheme(Appearance::Theme::Light); // paper is light
    Presenter presenter(registry);
    QString error;
    if (!presenter.open(args.at(0), &error)) {
        err << "curtain deck export: " << error << '\n';
        return Subcommand::UsageError;
    }
    const bool builtIn = DeckLibrary::isBuiltIn(presenter.deck().path);
    DeckExport::Options options;
    options.notes = notes;
    presenter.startOffscreen(options.slideSize, builtIn || python);
    const int pages = DeckExport::write(presenter, args.at(1), options, &error);
    presenter.stop();
    if (pages < 0) {
        err << "curtain deck export: " << error << '\n';
        return 1;
    }
    out << args.at(1) << ": " << pages << " pages from " << presenter.deck().slides.size()
        << " slides" << (notes ? ", with notes" : "")
        << (!builtIn && !python ? " (this deck's Python demos were not run: pass --run-python)"
                                : "")
        << '\n';
    return 0;
}

int runPresent(const ModuleRegistry &registry, QStringList args, QTextStream &out, QTextStream &err)
{
    QString error;
    bool hasSlide = false;
    bool hasShot = false;
    const QString slideText = takeOption(args, QStringLiteral("--slide"), &hasSlide, &error);
    const QString shot = takeOption(args, QStringLiteral("--screenshot"), &hasShot, &error);
    bool hasDuration = false;
    const QString durationArg
        = takeOption(args, QStringLiteral("--duration"), &hasDuration, &error);
    const std::optional<qint64> duration
        = hasDuration ? parseDuration(durationArg) : std::optional<qint64>(0);
    if (error.isEmpty() && !duration) {
        err << "curtain present: --duration takes a time (30m, 1h, 45:00), not '" << durationArg
            << "'\n";
        return Subcommand::UsageError;
    }
    bool hasSize = false;
    const QString sizeArg = takeOption(args, QStringLiteral("--size"), &hasSize, &error);
    // The room's screen for a screenshot: a projector's 1280x720 unless told (1280x800, 1920x1080).
    QSize roomSize(1280, 720);
    if (error.isEmpty() && hasSize) {
        static const QRegularExpression form(QStringLiteral("^(\\d{3,4})x(\\d{3,4})$"));
        const QRegularExpressionMatch match = form.match(sizeArg);
        if (match.hasMatch())
            roomSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
        if (!match.hasMatch() || roomSize.width() < 640 || roomSize.height() < 480) {
            err << "curtain present: --size takes the room's screen as WIDTHxHEIGHT, at least "
                   "640x480 (1280x800), not '"
                << sizeArg << "'\n";
            return Subcommand::UsageError;
        }
    }
    const bool console = takeFlag(args, QStringLiteral("--console"));
    if (!error.isEmpty()) {
        err << "curtain present: " << error << '\n';
        return Subcommand::UsageError;
    }
    bool ok = true;
    const int slide = hasSlide ? slideText.toInt(&ok) : 1;
    if (!ok || slide < 1) {
        err << "curtain present: --slide takes a slide number from 1, not '" << slideText << "'\n";
        return Subcommand::UsageError;
    }
    if (args.size() != 1 || args.first().startsWith(QLatin1String("--"))) {
        err << "curtain present: give one deck (curtain present DECK.md [--slide N] [--duration "
               "30m] [--screenshot FILE [--size WxH] [--console]])\n";
        return Subcommand::UsageError;
    }
    if (hasSize && !hasShot) {
        err << "curtain present: --size goes with --screenshot\n";
        return Subcommand::UsageError;
    }
    if (console && !hasShot) {
        err << "curtain present: --console goes with --screenshot\n";
        return Subcommand::UsageError;
    }
    if (QGuiApplication::platformName() == QLatin1String("offscreen") && !hasShot) {
        err << "curtain present: no display found: present from a desktop session, or use "
               "--screenshot FILE\n";
        return 1;
    }
    Presenter presenter(registry);
    if (!presenter.open(args.first(), &error)) {
        err << "curtain present: " << error << '\n';
        return Subcommand::UsageError;
    }
    presenter.setDuration(*duration);
    if (slide > presenter.deck().slides.size()) {
        err << "curtain present: --slide " << slide << ": the deck has "
            << presenter.deck().slides.size() << " slides\n";
        return Subcommand::UsageError;
    }
    if (hasShot) {
        presenter.startOffscreen(roomSize, DeckLibrary::isBuiltIn(presenter.deck().path));
        presenter.goToSlide(slide - 1);
        presenter.waitForDemo(60000);
        presenter.console()->resize(1280, 800);
        QCoreApplication::processEvents();
        presenter.updateConsoleNow();
        QWidget *window = console ? static_cast<QWidget *>(presenter.console())
                                  : static_cast<QWidget *>(presenter.audience());
        QImageWriter writer(shot, "png");
        const bool written = writer.write(window->grab().toImage());
        presenter.stop();
        if (!written) {
            err << "curtain present: cannot save screenshot " << shot << ": "
                << writer.errorString() << '\n';
            return 1;
        }
        out << shot << '\n';
        return 0;
    }
    QObject::connect(&presenter, &Presenter::finished, qApp, &QCoreApplication::quit);
    presenter.start(slide - 1);
    return QApplication::exec();
}

} // namespace

QStringList
checkDeck(const ModuleRegistry &registry, const QString &path, QString *summary, QString *error)
{
    const std::optional<Deck> deck = DeckLibrary::open(path, error);
    if (!deck)
        return {};
    // Every slide laid out as the room would see it on a 1280x800 projector, all items shown;
    // a demo slide's words above a stand-in for the module's view.
    SlideView view;
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.resize(SlideView::CheckSize);
    QWidget standIn;
    const auto fits = [&](const Slide &slide) {
        view.hostDemo(slide.demo ? &standIn : nullptr);
        view.showSlide(slide, slide.items, deck->baseDir());
        const QString cut = view.isCut() ? view.cutText()
                                               + QStringLiteral(": split the slide or "
                                                                "shorten its lines")
                                         : QString();
        view.takeDemo();
        return cut;
    };
    const DeckCheck::Report report = DeckCheck::check(
        *deck,
        registry.ids(),
        [&registry](const QString &id, const DemoPreset &p) {
            return registry.find(id)->checkPreset(p);
        },
        fits);
    if (summary)
        *summary = report.summary;
    return report.problems;
}

QList<Subcommand> deckSubcommands(const ModuleRegistry &registry)
{
    QList<Subcommand> list;
    Subcommand present{
        QStringLiteral("present"),
        QStringLiteral("present DECK.md [--slide N] [--duration 30m] [--screenshot FILE "
                       "[--size WxH] [--console]]"),
        QStringLiteral("Present a deck (a file, or a built-in deck by name) on the "
                       "audience window and the presenter console"),
        [&registry](const QStringList &args, QTextStream &out, QTextStream &err) {
            return runPresent(registry, args, out, err);
        }};
    Subcommand deck{
        QStringLiteral("deck"),
        QStringLiteral("deck check DECK.md | deck export DECK.md OUT.pdf [--notes] [--run-python]"),
        QStringLiteral("Check a deck (every problem with its line; exit 2 when any), or "
                       "print every stop of it to a PDF"),
        [&registry](const QStringList &args, QTextStream &out, QTextStream &err) {
            const QString action = args.value(0);
            if (action == QLatin1String("check"))
                return runCheck(registry, args.mid(1), out, err);
            if (action == QLatin1String("export"))
                return runExport(registry, args.mid(1), out, err);
            err << "curtain deck: say check or export (curtain deck check DECK.md)\n";
            return Subcommand::UsageError;
        }};
    present.widgets = true;
    deck.widgets = true;
    list.append(present);
    list.append(deck);
    return list;
}

} // namespace Present
