// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presenter.h"

#include "consolewindow.h"
#include "presenteractions.h"
#include "slideview.h"
#include "viewloan.h"

#include <kit/appearance.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>
#include <present/deckcheck.h>
#include <present/decktrust.h>
#include <present/pace.h>
#include <present/presenterkeys.h>

#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLayout>
#include <QMessageBox>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QThread>
#include <QTime>
#include <QWindow>

#include <utility>

namespace Present {

using namespace Kit;

namespace {

// One press of Ctrl++ or Ctrl+-: the room's zoom times or over this.
constexpr double ZoomStep = 1.15;

} // namespace

Presenter::Presenter(const ModuleRegistry &registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_actions(new PresenterActions(this))
{
    m_reloadDelay.setSingleShot(true);
    m_reloadDelay.setInterval(250); // an editor's save is often several writes
    connect(
        &m_watcher, &QFileSystemWatcher::fileChanged, &m_reloadDelay, qOverload<>(&QTimer::start));
    connect(&m_reloadDelay, &QTimer::timeout, this, &Presenter::reload);
    m_mirror.setInterval(100); // the console's picture of the room: ten times a second
    connect(&m_mirror, &QTimer::timeout, this, &Presenter::updateConsoleNow);
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &Presenter::tickTimes);
    m_trustPrompt = [](const QString &deck) {
        // Asked before the first slide, on the laptop: Enter says yes (the presenter chose
        // this deck), and the answer is remembered for this file as it is now.
        QMessageBox box(QMessageBox::Question,
                        tr("Run This Deck's Python?"),
                        tr("%1 is not one of Curtain's own decks, and its demos run Python code. "
                           "Curtain runs it in a separate process with limits on time, memory "
                           "and processes, but the code can still read and change your files. "
                           "Run it during this talk?")
                            .arg(QFileInfo(deck).fileName()),
                        QMessageBox::Yes | QMessageBox::No);
        box.setDefaultButton(QMessageBox::Yes);
        return box.exec() == QMessageBox::Yes;
    };
    connectActions();
    updateActions();
    // A projector unplugged or plugged back in: both windows placed again, at once, the
    // console shown where there are two screens (one press of C after, not two).
    const auto screensChanged = [this] {
        if (!m_running || !m_audience || m_audience->testAttribute(Qt::WA_DontShowOnScreen))
            return;
        m_consoleShown = QGuiApplication::screens().size() > 1;
        m_swapped = m_swapped && m_consoleShown;
        placeWindows();
        updateConsole();
    };
    // Queued: the screen list is settled (and a removed screen gone) by then.
    connect(qApp, &QGuiApplication::screenAdded, this, screensChanged, Qt::QueuedConnection);
    connect(qApp, &QGuiApplication::screenRemoved, this, screensChanged, Qt::QueuedConnection);
}

Presenter::~Presenter()
{
    if (m_running)
        stop();
    leaveDemo();
    // A view lent when nobody hosted it, and still not hosted (no main window), goes with us,
    // while the application that drew it still exists.
    for (Module *module : m_registry.modules()) {
        if (m_adopted.contains(module) && module->viewIfCreated()
            && !module->viewIfCreated()->parent())
            delete module->viewIfCreated();
    }
}

void Presenter::connectActions()
{
    const auto on = [this](const char *id, auto slot) {
        connect(action(QString::fromLatin1(id)), &QAction::triggered, this, slot);
    };
    on("present.next", [this] { forward(); });
    on("present.previous", [this] { back(); });
    on("present.first", [this] { goToSlide(0); });
    on("present.last", [this] { goToSlide(m_talk.count() - 1); });
    for (QAction *digit : m_actions->actionsOf(QStringLiteral("present.type"))) {
        connect(digit, &QAction::triggered, this, [this, digit] {
            setTyped(m_typed + digit->data().toString());
        });
    }
    on("present.goTo", [this] {
        const int slide = m_typed.toInt() - 1;
        setTyped({});
        goToSlide(slide);
    });
    on("present.blackout", [this] { setCover(AudienceWindow::Cover::Black); });
    on("present.whiteout", [this] { setCover(AudienceWindow::Cover::White); });
    on("present.pointer", [this] { togglePointer(); });
    on("present.zoomIn", [this] { setAudienceScale(m_audienceScale * ZoomStep); });
    on("present.zoomOut", [this] { setAudienceScale(m_audienceScale / ZoomStep); });
    on("present.zoomReset", [this] { setAudienceScale(defaultAudienceScale()); });
    on("present.panel", [this] { nextPanel(); });
    on("present.timer", [this] { setTimerPaused(!m_paused); });
    on("present.swapScreens", [this] { swapScreens(); });
    on("present.console", [this] { toggleConsole(); });
    on("present.reload", [this] { reload(); });
    on("present.help", [this] { toggleKeyHelp(); });
    on("present.start", [] {}); // a clicker's "start" while presenting: taken, and nothing done
    on("present.clearNumber", [this] { setTyped({}); });
    on("present.uncover", [this] { setCover(m_audience->cover()); });
    on("present.leave", [this] { requestLeave(); });
}

QAction *Presenter::action(const QString &id) const
{
    return m_actions->action(id);
}

void Presenter::updateActions()
{
    const bool typed = !m_typed.isEmpty();
    const bool covered = m_audience && m_audience->cover() != AudienceWindow::Cover::None;
    for (QAction *each : m_actions->actions())
        each->setEnabled(m_running);
    action(QStringLiteral("present.goTo"))->setEnabled(m_running && typed);
    action(QStringLiteral("present.clearNumber"))->setEnabled(m_running && typed);
    action(QStringLiteral("present.uncover"))->setEnabled(m_running && covered);
}

void Presenter::setTyped(const QString &typed)
{
    m_typed = typed;
    if (m_console)
        m_console->setMessage(typed.isEmpty() ? QString() : tr("Go to slide %1…").arg(typed));
    updateActions();
}

void Presenter::toggleKeyHelp()
{
    m_console->setKeysShown(!m_console->keysShown());
}

bool Presenter::open(const QString &path, QString *error)
{
    std::optional<Deck> deck = DeckLibrary::open(path, error);
    if (!deck)
        return false;
    leaveDemo();
    restyleMovedViews();
    m_deck = std::move(*deck);
    m_trust = Trust::Unasked;
    m_talk = Presentation::of(m_deck);
    m_perSlideMs = QList<qint64>(m_deck.slides.size(), 0);
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    m_watcher.addPath(m_deck.path);
    return true;
}

void Presenter::createWindows()
{
    if (m_audience)
        return;
    m_audience = std::make_unique<AudienceWindow>();
    m_console = std::make_unique<ConsoleWindow>();
    m_preview = std::make_unique<SlideView>();
    m_preview->setAttribute(Qt::WA_DontShowOnScreen);
    m_actions->addTo(m_audience.get());
    m_actions->addTo(m_console.get());
    m_console->setKeys(PresenterKeys::markdown());
    connect(
        m_console.get(), &ConsoleWindow::pauseClicked, this, [this] { setTimerPaused(!m_paused); });
    connect(m_console.get(), &ConsoleWindow::resetClicked, this, &Presenter::resetTimer);
    connect(m_console.get(), &ConsoleWindow::pointerMoved, this, [this](QPointF at) {
        if (m_audience->pointer().x() >= 0) // the pointer follows the mouse while it is shown
            m_audience->setPointer(at);
    });
    setAudienceScale(m_audienceScale);
}

void Presenter::start(int slide)
{
    askTrust(); // before anything shows: the room never sees the question
    createWindows();
    qApp->installEventFilter(this);
    m_running = true;
    updateActions();
    m_consoleShown = QGuiApplication::screens().size() > 1;
    placeWindows();
    m_talk.goTo(slide);
    m_sinceTick.start();
    m_clock.start();
    m_mirror.start();
    enterSlide();
    m_console->setMessage(PresenterKeys::brief());
}

void Presenter::startOffscreen(QSize size, bool runPython)
{
    createWindows();
    m_trust = runPython ? Trust::Yes : Trust::No;
    for (QWidget *window :
         {static_cast<QWidget *>(m_audience.get()), static_cast<QWidget *>(m_console.get())}) {
        window->setAttribute(Qt::WA_DontShowOnScreen);
        window->resize(size);
    }
    m_audience->show();
    m_console->show();
    m_running = true;
    updateActions();
    m_talk.goTo(0);
    enterSlide();
}

void Presenter::requestLeave()
{
    // A stray Escape must not end a talk: the first asks, on the console only.
    if (m_leaveAsked.isValid() && m_leaveAsked.elapsed() < LeaveWithinMs) {
        stop();
        return;
    }
    m_leaveAsked.start();
    if (m_console)
        m_console->setMessage(tr("Press Escape again to stop presenting"));
}

void Presenter::stop()
{
    if (!m_running)
        return;
    tickTimes();
    qApp->removeEventFilter(this);
    m_running = false;
    m_leaveAsked.invalidate();
    setTyped({});
    m_mirror.stop();
    m_clock.stop();
    leaveDemo();
    // The modules' forms as the learner left them before the talk.
    for (auto it = m_settingsBefore.cbegin(); it != m_settingsBefore.cend(); ++it)
        it.key()->restoreState(it.value());
    m_settingsBefore.clear();
    restyleMovedViews();
    if (m_audience)
        m_audience->hide();
    if (m_console)
        m_console->hide();
    emit finished();
}

void Presenter::placeWindows()
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    QScreen *primary = QGuiApplication::primaryScreen();
    QScreen *other = primary;
    for (QScreen *screen : screens) {
        if (screen != primary) {
            other = screen;
            break;
        }
    }
    // The console stays on the laptop (the primary screen); the room gets the other one.
    QScreen *room = m_swapped ? primary : other;
    QScreen *laptop = m_swapped ? other : primary;
    m_audience->setGeometry(room->geometry());
    m_audience->showFullScreen();
    if (QWindow *window = m_audience->windowHandle())
        window->setScreen(room);
    m_audience->setGeometry(room->geometry());
    if (m_consoleShown) {
        const QRect area = laptop->availableGeometry();
        if (room == laptop)
            m_console->setGeometry(area.adjusted(area.width() / 6, area.height() / 6, 0, 0));
        else
            m_console->setGeometry(area);
        m_console->show();
        if (QWindow *window = m_console->windowHandle())
            window->setScreen(laptop);
        m_console->raise();
    } else {
        m_console->hide();
    }
}

void Presenter::lend(Module *module)
{
    m_loan = std::make_unique<ViewLoan>(module->view());
    m_lent = module;
    if (!m_settingsBefore.contains(module))
        m_settingsBefore.insert(module, module->saveState());
    module->setStaged(true); // the room sees the demo's content, not its forms
    if (m_loan->wasParentless())
        m_adopted.insert(module);
    m_audience->slide()->hostDemo(m_loan->view());
    m_moved.append(m_loan->view());
}

void Presenter::nextPanel()
{
    if (!m_lent || !m_demoModule)
        return;
    if (!m_lent->showNextPanel())
        return;
    updateConsole(); // the console's picture and "step n of N" follow the page shown
    emit moved();
}

void Presenter::leaveDemo()
{
    if (m_demoModule)
        m_demoModule->pause();
    m_demoModule = nullptr;
    if (!m_loan)
        return;
    if (m_audience)
        m_audience->slide()->takeDemo();
    m_moved.append(m_loan->view());
    if (m_lent)
        m_lent->setStaged(false);
    m_lent = nullptr;
    m_loan.reset(); // back where it was, as it was
}

void Presenter::restyleMovedViews()
{
    // Once a stop, not once a move: every plot and editor restyles on it.
    QList<QWidget *> moved;
    for (const QPointer<QWidget> &view : std::as_const(m_moved)) {
        if (view && !moved.contains(view))
            moved.append(view);
    }
    const bool any = !m_moved.isEmpty();
    m_moved.clear();
    if (any)
        Appearance::instance()->refresh(moved);
}

void Presenter::enterSlide()
{
    tickTimes();
    leaveDemo();
    const Slide &slide = m_deck.slides.at(m_talk.slide());
    m_problems.clear();
    for (const DeckProblem &p : slide.problems)
        m_problems.append(p.text());
    if (slide.demo) {
        Module *module = m_registry.find(slide.demo->module);
        const DemoPreset preset = slide.demoPreset(m_deck.baseDir());
        if (!module) {
            m_problems.append(DeckProblem{
                slide.demo->line, DeckCheck::unknownModule(slide.demo->module, m_registry.ids())}
                                  .text());
        } else if (module->presetRunsCode(preset) && !pythonAllowed()) {
            m_problems.append(tr("line %1: the demo was not run: you chose not to run this "
                                 "deck's Python")
                                  .arg(slide.demo->line));
        } else {
            applyDemo(module, preset);
        }
    }
    restyleMovedViews();
    showStop();
}

void Presenter::applyDemo(Module *module, const DemoPreset &preset)
{
    // A bad key or value is left out and named on the console; the demo runs without it. Leaving
    // one out may make another missing: checked again, a few times at most.
    DemoPreset kept = preset;
    QList<PresetProblem> found = module->checkPreset(kept);
    for (int round = 0; round < 3 && !found.isEmpty(); ++round) {
        const DemoPreset fewer = DeckCheck::withoutProblems(kept, found);
        for (const PresetProblem &p : std::as_const(found))
            m_problems.append(
                tr("line %1: %2 (left out: the demo runs without it)").arg(p.line).arg(p.message));
        if (fewer.entries.size() == kept.entries.size())
            break;
        kept = fewer;
        found = module->checkPreset(kept);
    }
    lend(module);
    const QList<PresetProblem> problems = module->applyPreset(kept);
    if (!problems.isEmpty()) {
        for (const PresetProblem &p : problems)
            m_problems.append(tr("line %1: %2 (the demo was not run)").arg(p.line).arg(p.message));
        m_problems.removeDuplicates();
        leaveDemo();
        return;
    }
    m_problems.removeDuplicates();
    m_demoModule = module;
    // Entered going back: the demo shows its end (once its run on entry is done), where the
    // presenter left it going forward.
    if (m_talk.demoSteps() == Presentation::EndOfDemo)
        module->stepToEnd();
}

bool Presenter::deckRunsCode() const
{
    for (const Slide &slide : m_deck.slides) {
        if (!slide.demo)
            continue;
        const Module *module = m_registry.find(slide.demo->module);
        if (module && module->presetRunsCode(slide.demoPreset(m_deck.baseDir())))
            return true;
    }
    return false;
}

bool Presenter::pythonAllowed() const
{
    return DeckLibrary::isBuiltIn(m_deck.path) || m_trust == Trust::Yes;
}

void Presenter::askTrust()
{
    if (m_trust != Trust::Unasked || DeckLibrary::isBuiltIn(m_deck.path) || !deckRunsCode())
        return;
    QSettings settings;
    const QString key = DeckTrust::key(m_deck.path, m_deck.content);
    if (DeckTrust::isTrusted(settings, key)) {
        m_trust = Trust::Yes;
        return;
    }
    m_trust = m_trustPrompt(m_deck.path) ? Trust::Yes : Trust::No;
    if (m_trust == Trust::Yes)
        DeckTrust::remember(settings, key);
}

void Presenter::showStop()
{
    const Slide &slide = m_deck.slides.at(m_talk.slide());
    m_audience->slide()->showSlide(slide, m_talk.revealed(), m_deck.baseDir());
    m_audience->setCover(m_audience->cover()); // the cover and pointer stay on top
    updateConsole();
    emit moved();
}

bool Presenter::demoStep(bool forward)
{
    if (!m_demoModule)
        return false;
    return forward ? m_demoModule->stepForward() : m_demoModule->stepBack();
}

bool Presenter::forward()
{
    const Presentation::Move move = m_talk.forward([this] { return demoStep(true); });
    if (move == Presentation::Move::EnterSlide)
        enterSlide();
    else if (move != Presentation::Move::None)
        showStop();
    return move != Presentation::Move::None;
}

bool Presenter::back()
{
    const Presentation::Move move = m_talk.back([this] { return demoStep(false); });
    if (move == Presentation::Move::EnterSlide)
        enterSlide();
    else if (move != Presentation::Move::None)
        showStop();
    return move != Presentation::Move::None;
}

void Presenter::goToSlide(int slide)
{
    m_talk.goTo(slide);
    enterSlide();
}

void Presenter::setCover(AudienceWindow::Cover cover)
{
    // A second press of the same key uncovers; covering pauses what moves underneath.
    const AudienceWindow::Cover next
        = m_audience->cover() == cover ? AudienceWindow::Cover::None : cover;
    if (next != AudienceWindow::Cover::None && m_demoModule)
        m_demoModule->pause();
    m_audience->setCover(next);
    updateActions();
    updateConsoleNow();
}

void Presenter::togglePointer()
{
    m_audience->setPointer(m_audience->pointer().x() >= 0 ? QPointF(-1, -1) : QPointF(0.5, 0.5));
    updateConsoleNow();
}

void Presenter::swapScreens()
{
    m_swapped = !m_swapped;
    placeWindows();
    updateConsole(); // the room's size may have changed, and with it what fits
}

void Presenter::toggleConsole()
{
    m_consoleShown = !m_consoleShown;
    placeWindows();
    updateConsole();
}

double Presenter::defaultAudienceScale()
{
    const QFont base = Appearance::instance()->baseFont();
    double scale = 1.75;
    while (scale < Appearance::MaxFontScale
           && QFontMetricsF(scaledFont(base, scale)).height() < RoomTextPixels)
        scale += 0.05;
    return scale;
}

void Presenter::setAudienceScale(double scale)
{
    // The room's zoom, the audience window's own: the slides' text and the hosted views' follow
    // it; the app's zoom (the main window's, the console's) stays as it is.
    m_audienceScale = std::clamp(scale, Appearance::MinFontScale, Appearance::MaxFontScale);
    if (!m_audience)
        return;
    m_audience->slide()->setTextScale(m_audienceScale / defaultAudienceScale());
    Appearance::instance()->setWindowFontScale(m_audience.get(), m_audienceScale);
    if (m_running)
        updateConsole(); // what fits changes with the zoom
    else
        updateConsoleNow();
}

void Presenter::setTimerPaused(bool paused)
{
    tickTimes();
    m_paused = paused;
    updateConsole();
}

void Presenter::resetTimer()
{
    tickTimes();
    m_elapsedMs = 0;
    m_perSlideMs = QList<qint64>(m_deck.slides.size(), 0);
    updateConsole();
}

void Presenter::tickTimes()
{
    const qint64 ms = m_sinceTick.isValid() ? m_sinceTick.restart() : 0;
    if (!m_paused && m_running) {
        m_elapsedMs += ms;
        if (m_talk.slide() < m_perSlideMs.size())
            m_perSlideMs[m_talk.slide()] += ms;
    }
    if (m_console) {
        m_console->setTimes(m_elapsedMs, m_paused, m_perSlideMs);
        updatePace();
    }
}

void Presenter::setDuration(qint64 ms)
{
    m_durationOverride = ms;
    updatePace();
}

qint64 Presenter::duration() const
{
    return m_durationOverride > 0 ? m_durationOverride : m_deck.durationMs;
}

void Presenter::updatePace()
{
    if (!m_console)
        return;
    QStringList parts;
    Pace::Level level = Pace::Level::Calm;
    if (const qint64 total = duration(); total > 0) {
        const qint64 left = total - m_elapsedMs;
        level = Pace::level(total, m_elapsedMs);
        parts.append(left >= 0 ? tr("%1 left").arg(durationText(left))
                               : tr("%1 over").arg(durationText(-left)));
    }
    const int slide = m_talk.slide();
    if (m_deck.hasTargets() && slide < m_deck.slides.size()) {
        const qint64 onSlide = m_perSlideMs.value(slide);
        if (const qint64 target = m_deck.slides.at(slide).targetMs; target > 0) {
            parts.append(
                tr("this slide %1 of %2").arg(durationText(onSlide), durationText(target)));
            if (onSlide > target && level == Pace::Level::Calm)
                level = Pace::Level::Hurry;
        }
        // Within half a minute is on pace: nobody paces a talk to the second.
        const qint64 behind = Pace::behind(m_deck, slide, m_elapsedMs, onSlide);
        if (behind > 30000)
            parts.append(tr("%1 behind").arg(durationText(behind)));
        else if (behind < -30000)
            parts.append(tr("%1 ahead").arg(durationText(-behind)));
        else
            parts.append(tr("on pace"));
    }
    m_console->setPace(parts.join(QStringLiteral(" · ")), level);
}

void Presenter::updateConsoleNow()
{
    if (!m_console || !m_console->isVisible() || !m_audience)
        return;
    const QSize size = m_console->nowSize();
    if (size.isEmpty())
        return;
    // A picture of the room's window, drawn at the console's size (not at the projector's).
    QPixmap picture(m_audience->size().scaled(size, Qt::KeepAspectRatio));
    picture.fill(Qt::black);
    QPainter painter(&picture);
    painter.scale(double(picture.width()) / std::max(1, m_audience->width()),
                  double(picture.height()) / std::max(1, m_audience->height()));
    m_audience->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    m_console->setNow(picture);
}

void Presenter::updateConsole()
{
    if (!m_console)
        return;
    const Slide &slide = m_deck.slides.at(m_talk.slide());
    QString stop;
    if (slide.items > 0)
        stop = tr("item %1 of %2").arg(m_talk.revealed()).arg(slide.items);
    if (m_talk.atDemo() && m_demoModule) {
        // Where the clicker has taken the demo: of how many steps when the module can say,
        // else as far as the presses tell.
        const int steps = m_talk.demoSteps();
        const int beforeEnd = Presentation::EndOfDemo - steps;
        QString where = tr("step %1").arg(steps);
        if (const std::optional<Kit::StepPosition> at = m_demoModule->stepPosition()) {
            where = at->index == 0 ? tr("at its start (%1 steps)").arg(at->count)
                                   : tr("step %1 of %2").arg(at->index).arg(at->count);
        } else if (steps == 0) {
            where = tr("at its start");
        } else if (beforeEnd == 0) {
            where = tr("at its end");
        } else if (beforeEnd < Presentation::EndOfDemo / 2) {
            where = beforeEnd == 1 ? tr("a step before its end")
                                   : tr("%1 steps before its end").arg(beforeEnd);
        }
        stop = tr("demo: %1 · %2").arg(m_demoModule->title(), where);
    }
    m_console->setPosition(m_talk.slide(), m_talk.count(), slide.title, stop);
    QStringList problems = m_problems;
    if (m_audience->slide()->isCut()) {
        problems.append(tr("line %1: the room does not see all of this slide: %2")
                            .arg(slide.line)
                            .arg(m_audience->slide()->cutText()));
    }
    m_console->setProblems(problems);
    m_console->setNotes(slide.notes);
    // The next stop, drawn small.
    const Presentation::Stop next = m_talk.nextStop();
    const Slide &nextSlide = m_deck.slides.at(next.slide);
    m_preview->resize(m_audience->size().isEmpty() ? QSize(1280, 720) : m_audience->size());
    m_preview->showSlide(nextSlide, next.revealed, m_deck.baseDir());
    // Never shown, it lays its parts out only when asked: asked now, or the picture would be of
    // the slide before (the preview lagging a stop).
    m_preview->layout()->activate();
    QString caption;
    if (m_talk.atDemo() && m_demoModule)
        caption = tr("Page Down steps the demo; after its last step: slide %1").arg(next.slide + 1);
    else if (next == m_talk.stop())
        caption = tr("The end of the deck");
    else if (nextSlide.demo)
        caption
            = tr("Slide %1, with a live %2 demo").arg(next.slide + 1).arg(nextSlide.demo->module);
    else
        caption = tr("Slide %1").arg(next.slide + 1);
    m_console->setNext(next == m_talk.stop() ? QPixmap() : m_preview->grab(), caption);
    tickTimes();
    updateConsoleNow();
}

void Presenter::reload()
{
    QString error;
    std::optional<Deck> deck = DeckLibrary::read(m_deck.path, &error);
    // An editor that saves by replacing the file ends the watch: watch the new file.
    if (!m_watcher.files().contains(m_deck.path))
        m_watcher.addPath(m_deck.path);
    if (!deck) {
        if (m_console)
            m_console->setMessage(tr("Not reloaded: %1").arg(error));
        return;
    }
    // The slide the room is on, found by its content: a slide inserted above it does not move
    // the room to another one.
    const int slide = deck->find(m_deck.slides.at(m_talk.slide()), m_talk.slide());
    const QString path = m_deck.path;
    leaveDemo();
    QList<qint64> perSlide(deck->slides.size(), 0);
    for (int i = 0; i < m_deck.slides.size(); ++i) {
        const int now = deck->find(m_deck.slides.at(i), i);
        if (now >= 0 && now < perSlide.size())
            perSlide[now] = std::max(perSlide.at(now), m_perSlideMs.value(i));
    }
    m_deck = std::move(*deck);
    m_deck.path = path;
    m_perSlideMs = perSlide;
    // The presenter's own edit: a yes stays yes for what they saved.
    if (m_trust == Trust::Yes && !DeckLibrary::isBuiltIn(path)) {
        QSettings settings;
        DeckTrust::remember(settings, DeckTrust::key(path, m_deck.content));
    } else if (m_running) {
        askTrust();
    }
    m_talk = Presentation::of(m_deck);
    m_talk.goTo(slide);
    if (m_running) {
        enterSlide();
        m_console->setMessage(tr("Reloaded %1 at %2: on slide %3")
                                  .arg(QFileInfo(path).fileName(),
                                       QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                                  .arg(slide + 1));
    }
    restyleMovedViews();
}

bool Presenter::waitForDemo(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (m_demoModule && m_demoModule->isBusy() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    // What the finished work sends (results, the trace) arrives as queued events: let it land
    // and the views repaint.
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    return !(m_demoModule && m_demoModule->isBusy());
}

bool Presenter::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_running
        || (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride))
        return false;
    const auto *widget = qobject_cast<QWidget *>(watched);
    const QWidget *window = widget ? widget->window() : nullptr;
    if (!window || (window != m_audience.get() && window != m_console.get()))
        return false;
    // The talk's keys are the talk's, even where a hosted view has a shortcut on them or an
    // editor would take them: the override is taken, and the key press triggers the action.
    QAction *action = m_actions->actionFor(static_cast<QKeyEvent *>(event));
    if (!action)
        return false;
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept();
        return false;
    }
    action->trigger();
    return true;
}

} // namespace Present
