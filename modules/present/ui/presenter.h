// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "audiencewindow.h"

#include <deck.h>
#include <presentation.h>

#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class ConsoleWindow;
class Module;
class ModuleRegistry;
class QKeyEvent;
class QScreen;

/**
 * Presenter mode: a deck on two windows. The audience window shows the current stop (a slide,
 * or a module's own view with the slide's demo applied); the console shows the presenter what
 * the room sees, the next stop, the notes and the time. Clicker keys drive the Presentation;
 * the deck reloads when its file changes; a deck that is not built in asks once before it runs
 * any Python code.
 */
class Presenter final : public QObject
{
    Q_OBJECT

public:
    explicit Presenter(const ModuleRegistry &registry, QObject *parent = nullptr);
    ~Presenter() override;

    /** Opens the deck PATH (a built-in deck's name works too); false, and *error, when it cannot
     *  be read. A deck with problems opens: its bad slides say what is wrong. */
    bool open(const QString &path, QString *error);
    /** Shows both windows (on their screens) at SLIDE. */
    void start(int slide = 0);
    /** Starts without showing anything or taking keys: the audience window is drawn off screen
     *  at SIZE (deck export, screenshots, benchmarks). RUNPYTHON answers the trust question. */
    void startOffscreen(QSize size, bool runPython);
    /** Leaves: both windows close, module views are given back. finished() follows. */
    void stop();
    bool isRunning() const { return m_running; }

    // The clicker.
    bool forward();
    bool back();
    void goToSlide(int slide);
    void setCover(AudienceWindow::Cover cover);
    void togglePointer();
    void swapScreens();
    void toggleConsole();
    /** The room's zoom for the hosted views (the slides' text follows it too). */
    void setAudienceScale(double scale);
    /** A projector at 1280x720 read from the back of a room: the views at 175 %. */
    static constexpr double DefaultAudienceScale = 1.75;
    double audienceScale() const { return m_audienceScale; }
    void setTimerPaused(bool paused);
    void resetTimer();
    bool timerPaused() const { return m_paused; }

    const Deck &deck() const { return m_deck; }
    const Presentation &presentation() const { return *m_talk; }
    AudienceWindow *audience() const { return m_audience.get(); }
    ConsoleWindow *console() const { return m_console.get(); }
    /** The module whose view the current slide hosts, or nullptr. */
    Module *demo() const { return m_demoModule; }
    /** Problems the current slide shows (the deck's and its demo's), "line N: ...". */
    QStringList currentProblems() const { return m_problems; }

    /** Who answers "run this deck's Python?" (tests); a dialog on the console by default. */
    void setTrustPrompt(std::function<bool(const QString &deck)> prompt)
    {
        m_trustPrompt = std::move(prompt);
    }
    /** Whether PATH is one of the decks installed with Curtain. */
    static bool isBuiltIn(const QString &path);
    /** The file of a built-in deck NAME ("metaclasses"), or NAME itself when it is a path. */
    static QString resolve(const QString &name);
    /** The decks installed with Curtain. */
    static QStringList builtInDecks();

    /** Waits, handling events, until the current demo is not computing (at most TIMEOUTMS). */
    bool waitForDemo(int timeoutMs);
    /** Consecutive picture of the audience window for the console (public for benchmarks). */
    void updateConsoleNow();

signals:
    void finished();
    /** A stop was shown (after the audience window has its new content). */
    void moved();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void enterSlide();
    void showStop();
    void updateConsole();
    void reload();
    void placeWindows();
    void tickTimes();
    /** Does what KEY means to a talk (when APPLY); false when it means nothing to one. */
    bool handleKey(QKeyEvent *event, bool apply = true);
    bool demoStep(bool forward);
    void leaveDemo();

    const ModuleRegistry &m_registry;
    Deck m_deck;
    std::unique_ptr<Presentation> m_talk;
    std::unique_ptr<AudienceWindow> m_audience;
    std::unique_ptr<ConsoleWindow> m_console;
    std::unique_ptr<QWidget> m_preview; // renders the next stop for the console, never shown
    QFileSystemWatcher m_watcher;
    QTimer m_reloadDelay;
    QTimer m_mirror;
    QTimer m_clock;
    Module *m_demoModule = nullptr;
    QStringList m_problems;
    QSet<QString> m_trusted;
    QSet<Module *> m_borrowed;
    std::function<bool(const QString &)> m_trustPrompt;
    QString m_typed; // digits typed before Enter: a jump
    bool m_running = false;
    bool m_swapped = false;
    bool m_consoleShown = true;
    double m_audienceScale = DefaultAudienceScale;
    double m_savedFontScale = 1.0;
    // Time: the talk's, and each slide's.
    QElapsedTimer m_sinceTick;
    qint64 m_elapsedMs = 0;
    bool m_paused = false;
    QList<qint64> m_perSlideMs;
};
