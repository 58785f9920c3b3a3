// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presenter.h"

#include "consolewindow.h"
#include "slideview.h"

#include <appearance.h>
#include <module.h>
#include <moduleregistry.h>
#include <paths.h>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QScreen>
#include <QThread>
#include <QTime>
#include <QWindow>

namespace {

QString decksDir()
{
    return Paths::dataDir() + QStringLiteral("/decks");
}

std::unique_ptr<Presentation> presentationOf(const Deck &deck)
{
    QList<int> items;
    QList<bool> demos;
    for (const Slide &slide : deck.slides) {
        items.append(slide.items);
        demos.append(slide.demo.has_value() && slide.problems.isEmpty());
    }
    return std::make_unique<Presentation>(items, demos);
}

} // namespace

Presenter::Presenter(const ModuleRegistry &registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_talk(std::make_unique<Presentation>(QList<int>{}, QList<bool>{}))
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
    m_trustPrompt = [this](const QString &deck) {
        QWidget *parent = m_console && m_console->isVisible()
                              ? static_cast<QWidget *>(m_console.get())
                              : m_audience.get();
        return QMessageBox::question(
                   parent,
                   tr("Run This Deck's Python?"),
                   tr("%1 is not one of Curtain's own decks, and its demos run Python code. "
                      "Curtain runs it in a separate process with limits on time, memory and "
                      "processes, but the code can still read and change your files. Run it?")
                       .arg(QFileInfo(deck).fileName()),
                   QMessageBox::Yes | QMessageBox::No,
                   QMessageBox::No)
               == QMessageBox::Yes;
    };
}

Presenter::~Presenter()
{
    if (m_running)
        stop();
    leaveDemo();
    // A view we borrowed that nobody took back (no main window) goes with us, while the
    // application that drew it still exists.
    for (Module *module : m_registry.modules()) {
        if (m_borrowed.contains(module) && module->viewIfCreated()
            && !module->viewIfCreated()->parent())
            delete module->viewIfCreated();
    }
}

QString Presenter::resolve(const QString &name)
{
    if (QFileInfo(name).isFile())
        return name;
    for (const QString &candidate :
         {decksDir() + QLatin1Char('/') + name,
          decksDir() + QLatin1Char('/') + name + QStringLiteral(".md")}) {
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return name;
}

QStringList Presenter::builtInDecks()
{
    QStringList decks;
    for (const QString &file :
         QDir(decksDir()).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        decks.append(decksDir() + QLatin1Char('/') + file);
    return decks;
}

bool Presenter::isBuiltIn(const QString &path)
{
    const QString dir = QDir(decksDir()).canonicalPath();
    return !dir.isEmpty() && QFileInfo(path).canonicalPath() == dir;
}

bool Presenter::open(const QString &path, QString *error)
{
    const QString file = resolve(path);
    std::optional<Deck> deck = Deck::read(file, error);
    if (!deck) {
        if (error && !QFileInfo(file).exists()) {
            QStringList names;
            for (const QString &d : builtInDecks())
                names.append(QFileInfo(d).completeBaseName());
            *error = tr("no deck %1: give a deck's file, or one of Curtain's own (%2)")
                         .arg(path, names.join(QStringLiteral(", ")));
        }
        return false;
    }
    if (deck->slides.isEmpty()) {
        if (error)
            *error = tr("%1 has no slides").arg(file);
        return false;
    }
    leaveDemo();
    m_deck = std::move(*deck);
    m_talk = presentationOf(m_deck);
    m_perSlideMs = QList<qint64>(m_deck.slides.size(), 0);
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    m_watcher.addPath(m_deck.path);
    return true;
}

void Presenter::start(int slide)
{
    if (!m_audience) {
        m_audience = std::make_unique<AudienceWindow>();
        m_console = std::make_unique<ConsoleWindow>();
        m_preview = std::make_unique<SlideView>();
        m_preview->setAttribute(Qt::WA_DontShowOnScreen);
        connect(m_console.get(), &ConsoleWindow::pauseClicked, this, [this] {
            setTimerPaused(!m_paused);
        });
        connect(m_console.get(), &ConsoleWindow::resetClicked, this, &Presenter::resetTimer);
        m_console->findChild<QWidget *>(QStringLiteral("present.now"))->installEventFilter(this);
        m_console->findChild<QWidget *>(QStringLiteral("present.now"))->setMouseTracking(true);
    }
    qApp->installEventFilter(this);
    m_running = true;
    m_savedFontScale = Appearance::instance()->fontScale();
    Appearance::instance()->setFontScale(m_audienceScale);
    m_consoleShown = QGuiApplication::screens().size() > 1;
    placeWindows();
    m_talk->goTo(slide);
    m_sinceTick.start();
    m_clock.start();
    m_mirror.start();
    enterSlide();
    m_console->setMessage(
        tr("Page Down / Page Up: next / back · a number then Enter: jump · B / W: "
           "black / white · P: pointer · Tab: swap screens · C: console · Esc: leave"));
}

void Presenter::startOffscreen(QSize size, bool runPython)
{
    if (!m_audience) {
        m_audience = std::make_unique<AudienceWindow>();
        m_console = std::make_unique<ConsoleWindow>();
        m_preview = std::make_unique<SlideView>();
        m_preview->setAttribute(Qt::WA_DontShowOnScreen);
    }
    m_trustPrompt = [runPython](const QString &) {
        return runPython;
    };
    m_savedFontScale = Appearance::instance()->fontScale();
    Appearance::instance()->setFontScale(m_audienceScale);
    for (QWidget *window :
         {static_cast<QWidget *>(m_audience.get()), static_cast<QWidget *>(m_console.get())}) {
        window->setAttribute(Qt::WA_DontShowOnScreen);
        window->resize(size);
    }
    m_audience->show();
    m_console->show();
    m_running = true;
    m_talk->goTo(0);
    enterSlide();
}

void Presenter::stop()
{
    if (!m_running)
        return;
    tickTimes();
    qApp->removeEventFilter(this);
    m_running = false;
    m_mirror.stop();
    m_clock.stop();
    leaveDemo();
    Appearance::instance()->setFontScale(m_savedFontScale);
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

void Presenter::leaveDemo()
{
    if (m_audience && m_audience->slide()->demo())
        m_audience->slide()->takeDemo();
    if (m_demoModule)
        m_demoModule->pause();
    m_demoModule = nullptr;
}

void Presenter::enterSlide()
{
    tickTimes();
    leaveDemo();
    const Slide &slide = m_deck.slides.at(m_talk->slide());
    m_problems.clear();
    for (const DeckProblem &p : slide.problems)
        m_problems.append(tr("line %1: %2").arg(p.line).arg(p.message));
    if (slide.demo && slide.problems.isEmpty()) {
        Module *module = m_registry.find(slide.demo->module);
        DemoPreset preset;
        for (const DemoEntry &e : slide.demo->entries)
            preset.entries.append({e.key, e.value, e.line});
        preset.deckDir = m_deck.baseDir();
        preset.slideCode = slide.code;
        bool allowed = true;
        if (module && module->presetRunsCode(preset) && !isBuiltIn(m_deck.path)
            && !m_trusted.contains(m_deck.path)) {
            allowed = m_trustPrompt(m_deck.path);
            if (allowed)
                m_trusted.insert(m_deck.path);
        }
        if (!module) {
            m_problems.append(
                tr("line %1: unknown demo module \"%2\" (Curtain has %3)")
                    .arg(slide.demo->line)
                    .arg(slide.demo->module, m_registry.ids().join(QStringLiteral(", "))));
        } else if (!allowed) {
            m_problems.append(tr("line %1: the demo was not run: you chose not to run this "
                                 "deck's Python")
                                  .arg(slide.demo->line));
        } else {
            m_borrowed.insert(module);
            m_audience->slide()->hostDemo(module->view());
            const QList<PresetProblem> problems = module->applyPreset(preset);
            for (const PresetProblem &p : problems)
                m_problems.append(tr("line %1: %2").arg(p.line).arg(p.message));
            if (problems.isEmpty()) {
                m_demoModule = module;
                // Entered going back: the demo shows its end (once its run on entry is done),
                // where the presenter left it going forward.
                if (m_talk->demoSteps() == Presentation::EndOfDemo)
                    module->stepToEnd();
            } else {
                m_audience->slide()->takeDemo();
            }
        }
    }
    showStop();
}

void Presenter::showStop()
{
    const Slide &slide = m_deck.slides.at(m_talk->slide());
    m_audience->slide()->showSlide(slide, m_talk->revealed(), m_deck.baseDir());
    m_audience->slide()->setProblems(m_problems);
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
    const Presentation::Move move = m_talk->forward([this] { return demoStep(true); });
    if (move == Presentation::Move::EnterSlide)
        enterSlide();
    else if (move != Presentation::Move::None)
        showStop();
    return move != Presentation::Move::None;
}

bool Presenter::back()
{
    const Presentation::Move move = m_talk->back([this] { return demoStep(false); });
    if (move == Presentation::Move::EnterSlide)
        enterSlide();
    else if (move != Presentation::Move::None)
        showStop();
    return move != Presentation::Move::None;
}

void Presenter::goToSlide(int slide)
{
    m_talk->goTo(slide);
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
}

void Presenter::toggleConsole()
{
    m_consoleShown = !m_consoleShown;
    placeWindows();
}

void Presenter::setAudienceScale(double scale)
{
    // The room's zoom: the slides' text and the hosted views' (the app's zoom while presenting;
    // the main window is put away meanwhile and gets its own back afterwards).
    m_audienceScale = std::clamp(scale, Appearance::MinFontScale, Appearance::MaxFontScale);
    m_audience->slide()->setTextScale(m_audienceScale / DefaultAudienceScale);
    Appearance::instance()->setFontScale(m_audienceScale);
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
        if (m_talk->slide() < m_perSlideMs.size())
            m_perSlideMs[m_talk->slide()] += ms;
    }
    if (m_console)
        m_console->setTimes(m_elapsedMs, m_paused, m_perSlideMs);
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
    const Slide &slide = m_deck.slides.at(m_talk->slide());
    QString stop;
    if (slide.items > 0)
        stop = tr("item %1 of %2").arg(m_talk->revealed()).arg(slide.items);
    if (m_talk->atDemo() && m_demoModule)
        stop = tr("demo: %1").arg(m_demoModule->title());
    m_console->setPosition(m_talk->slide(), m_talk->count(), slide.title, stop);
    m_console->setNotes(slide.notes);
    // The next stop, drawn small.
    const Presentation::Stop next = m_talk->nextStop();
    const Slide &nextSlide = m_deck.slides.at(next.slide);
    m_preview->resize(m_audience->size().isEmpty() ? QSize(1280, 720) : m_audience->size());
    static_cast<SlideView *>(m_preview.get())
        ->showSlide(nextSlide, next.revealed, m_deck.baseDir());
    QString caption;
    if (m_talk->atDemo() && m_demoModule)
        caption = tr("Page Down steps the demo; after its last step: slide %1").arg(next.slide + 1);
    else if (next == m_talk->stop())
        caption = tr("The end of the deck");
    else if (nextSlide.demo)
        caption
            = tr("Slide %1, with a live %2 demo").arg(next.slide + 1).arg(nextSlide.demo->module);
    else
        caption = tr("Slide %1").arg(next.slide + 1);
    m_console->setNext(next == m_talk->stop() ? QPixmap() : m_preview->grab(), caption);
    tickTimes();
    updateConsoleNow();
}

void Presenter::reload()
{
    QString error;
    std::optional<Deck> deck = Deck::read(m_deck.path, &error);
    // An editor that saves by replacing the file ends the watch: watch the new file.
    if (!m_watcher.files().contains(m_deck.path))
        m_watcher.addPath(m_deck.path);
    if (!deck || deck->slides.isEmpty()) {
        if (m_console)
            m_console->setMessage(
                tr("Not reloaded: %1").arg(deck ? tr("the deck has no slides") : error));
        return;
    }
    const int slide = std::min(m_talk->slide(), int(deck->slides.size()) - 1);
    const QString path = m_deck.path;
    leaveDemo();
    m_deck = std::move(*deck);
    m_deck.path = path;
    m_talk = presentationOf(m_deck);
    m_perSlideMs.resize(m_deck.slides.size());
    m_talk->goTo(slide);
    if (m_running) {
        enterSlide();
        m_console->setMessage(tr("Reloaded %1 at %2: still on slide %3")
                                  .arg(QFileInfo(path).fileName(),
                                       QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                                  .arg(slide + 1));
    }
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
    if (!m_running)
        return false;
    auto *widget = qobject_cast<QWidget *>(watched);
    if (event->type() == QEvent::MouseMove && m_console
        && watched == m_console->findChild<QWidget *>(QStringLiteral("present.now"))
        && m_audience->pointer().x() >= 0) {
        // The pointer follows the mouse over the console's picture of the room.
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QSize shown = m_audience->size().scaled(widget->size(), Qt::KeepAspectRatio);
        const QPointF origin((widget->width() - shown.width()) / 2.0,
                             (widget->height() - shown.height()) / 2.0);
        const QPointF at = (mouse->position() - origin);
        m_audience->setPointer({std::clamp(at.x() / std::max(1, shown.width()), 0.0, 1.0),
                                std::clamp(at.y() / std::max(1, shown.height()), 0.0, 1.0)});
        return false;
    }
    if (!widget || (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride))
        return false;
    QWidget *window = widget->window();
    if (window != m_audience.get() && window != m_console.get())
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (event->type() == QEvent::ShortcutOverride) {
        // The talk's keys are the talk's, even where a hosted view has a shortcut on them.
        if (handleKey(key, false))
            event->accept();
        return false;
    }
    return handleKey(key);
}

bool Presenter::handleKey(QKeyEvent *event, bool apply)
{
    const int key = event->key();
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const bool ctrl = mods & Qt::ControlModifier;
    std::function<void()> action;
    if (ctrl && (key == Qt::Key_Plus || key == Qt::Key_Equal)) {
        action = [this] {
            setAudienceScale(m_audienceScale * 1.15);
        };
    } else if (ctrl && key == Qt::Key_Minus) {
        action = [this] {
            setAudienceScale(m_audienceScale / 1.15);
        };
    } else if (mods & ~Qt::ShiftModifier) {
        return false; // other chords belong to whoever has them
    } else if (key >= Qt::Key_0 && key <= Qt::Key_9) {
        action = [this, key] {
            m_typed += QChar(u'0' + (key - Qt::Key_0));
            m_console->setMessage(tr("Go to slide %1…").arg(m_typed));
        };
    } else if ((key == Qt::Key_Return || key == Qt::Key_Enter) && !m_typed.isEmpty()) {
        action = [this] {
            const int slide = m_typed.toInt() - 1;
            m_typed.clear();
            goToSlide(slide);
            m_console->setMessage(QString());
        };
    } else {
        switch (key) {
        case Qt::Key_PageDown:
        case Qt::Key_Right:
        case Qt::Key_Down:
        case Qt::Key_Space:
        case Qt::Key_Return:
        case Qt::Key_Enter:
            action = [this] {
                forward();
            };
            break;
        case Qt::Key_PageUp:
        case Qt::Key_Left:
        case Qt::Key_Up:
        case Qt::Key_Backspace:
            action = [this] {
                back();
            };
            break;
        case Qt::Key_Home:
            action = [this] {
                goToSlide(0);
            };
            break;
        case Qt::Key_End:
            action = [this] {
                goToSlide(m_talk->count() - 1);
            };
            break;
        case Qt::Key_B:
        case Qt::Key_Period: // what clickers send for "blank"
            action = [this] {
                setCover(AudienceWindow::Cover::Black);
            };
            break;
        case Qt::Key_W:
        case Qt::Key_Comma:
            action = [this] {
                setCover(AudienceWindow::Cover::White);
            };
            break;
        case Qt::Key_P:
            action = [this] {
                togglePointer();
            };
            break;
        case Qt::Key_Tab:
            action = [this] {
                swapScreens();
            };
            break;
        case Qt::Key_C:
            action = [this] {
                toggleConsole();
            };
            break;
        case Qt::Key_T:
            action = [this] {
                setTimerPaused(!m_paused);
            };
            break;
        case Qt::Key_F5: // a clicker's "start": already presenting
            action = [] {
            };
            break;
        case Qt::Key_Escape:
            action = [this] {
                if (!m_typed.isEmpty()) {
                    m_typed.clear();
                    m_console->setMessage(QString());
                } else if (m_audience->cover() != AudienceWindow::Cover::None) {
                    setCover(m_audience->cover());
                } else {
                    stop();
                }
            };
            break;
        default:
            return false;
        }
    }
    if (apply)
        action();
    return true;
}
