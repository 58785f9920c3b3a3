// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "audiencewindow.h"

#include <kit/preset.h>
#include <present/deck.h>
#include <present/decklibrary.h>
#include <present/presentation.h>

#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QVariantMap>

#include <functional>
#include <memory>

namespace Kit {
class Module;
} // namespace Kit
namespace Kit {
class ModuleRegistry;
} // namespace Kit
class QAction;

namespace Present {

class ConsoleWindow;
class PresenterActions;
class SlideView;
class ViewLoan;

/**
 * Presenter mode: a deck on two windows. The audience window shows the current stop (a slide,
 * or a module's own view, lent to it, with the slide's demo applied); the console shows the
 * presenter what the room sees, the next stop, the notes and the time. The presenter's keys are
 * actions (PresenterActions, made from the table PresenterKeys) that drive the Presentation; the
 * deck reloads when its file changes; a deck that is not built in asks once before it runs any
 * Python code. The room has a zoom of its own: the app's, the main window's and the console's
 * stay as they are.
 */
class Presenter final : public QObject
{
    Q_OBJECT

public:
    explicit Presenter(const Kit::ModuleRegistry &registry, QObject *parent = nullptr);
    ~Presenter() override;

    /** Opens the deck PATH (a built-in deck's name works too); false, and *error, when it cannot
     *  be read. A deck with problems opens: its bad slides say what is wrong. */
    bool open(const QString &path, QString *error);
    /** Shows both windows (on their screens) at SLIDE. */
    void start(int slide = 0);
    /** Starts without showing anything or taking keys: the audience window is drawn off screen
     *  at SIZE (deck export, screenshots, benchmarks). RUNPYTHON answers the trust question. */
    void startOffscreen(QSize size, bool runPython);
    /** Leaves: both windows close, a lent module view is given back. finished() follows. */
    void stop();
    /** Escape: the first press asks (on the console), a second within LeaveWithinMs stops. */
    void requestLeave();
    static constexpr qint64 LeaveWithinMs = 2000;
    bool isRunning() const { return m_running; }

    // What the keys do (their actions call these).
    bool forward();
    bool back();
    void goToSlide(int slide);
    void setCover(AudienceWindow::Cover cover);
    void togglePointer();
    void swapScreens();
    void toggleConsole();
    /** The room's zoom: the audience window's text and the hosted views' (not the app's). */
    void setAudienceScale(double scale);
    /**
     * A projector at 1280x800 read from the back of a room: the demos' text at least
     * RoomTextPixels tall (a line of the app's own font, scaled), and never below 175 %.
     */
    static double defaultAudienceScale();
    static constexpr int RoomTextPixels = 32;
    double audienceScale() const { return m_audienceScale; }
    /** The talk's length (--duration), over the deck's front matter's; 0: the deck's. */
    void setDuration(qint64 ms);
    /** The talk's length: setDuration()'s, else the deck's `duration:`, else 0 (none). */
    qint64 duration() const;
    void setTimerPaused(bool paused);
    void resetTimer();
    bool timerPaused() const { return m_paused; }
    /** Reads the deck again, on the same slide (also done when its file changes). */
    void reload();

    /** The presenter's action ID ("present.next"; PresenterKeys has them all), or nullptr. */
    QAction *action(const QString &id) const;

    const Deck &deck() const { return m_deck; }
    const Presentation &presentation() const { return m_talk; }
    AudienceWindow *audience() const { return m_audience.get(); }
    ConsoleWindow *console() const { return m_console.get(); }
    /** The module whose view the current slide hosts, or nullptr. */
    Kit::Module *demo() const { return m_demoModule; }
    /** Problems the current slide shows (the deck's and its demo's), "line N: ...". */
    QStringList currentProblems() const { return m_problems; }

    /** Who answers "run this deck's Python?" (tests); a dialog on the laptop, before the first
     *  slide, by default (Enter: yes). A yes is remembered for the deck's file and content. */
    void setTrustPrompt(std::function<bool(const QString &deck)> prompt)
    {
        m_trustPrompt = std::move(prompt);
    }
    /** The decks installed with Curtain (DeckLibrary's; the shell's menu and Home page). */
    static QStringList builtInDecks() { return DeckLibrary::builtIn(); }

    /** Waits, handling events, until the current demo is not computing (at most TIMEOUTMS). */
    bool waitForDemo(int timeoutMs);
    /** Redraws the console's picture of the audience window now (public for benchmarks). */
    void updateConsoleNow();

signals:
    void finished();
    /** A stop was shown (after the audience window has its new content). */
    void moved();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createWindows();
    void connectActions();
    /** Enables the actions that apply now (none while not presenting). */
    void updateActions();
    void enterSlide();
    void showStop();
    void updateConsole();
    void placeWindows();
    void tickTimes();
    /** The console's countdown and pace, from the time so far. */
    void updatePace();
    bool demoStep(bool forward);
    /** Applies PRESET to MODULE's view, lent to the room; bad keys are left out and named. */
    void applyDemo(Kit::Module *module, const Kit::DemoPreset &preset);
    /** Whether a demo of the deck runs Python the deck supplies. */
    bool deckRunsCode() const;
    bool pythonAllowed() const;
    /** Asks whether this deck's Python may run (once, before the first slide), unless the deck is
     *  built in, runs none, or was trusted as it is now. */
    void askTrust();
    void leaveDemo();
    /** Lends MODULE's view to the audience window (given back by leaveDemo()). */
    void lend(Kit::Module *module);
    /** The demo's next page on the room's screen (the present.panel key). */
    void nextPanel();
    /** Lets what sizes its text itself follow a view that moved to or from the room. */
    void restyleMovedViews();
    void setTyped(const QString &typed);
    void toggleKeyHelp();

    const Kit::ModuleRegistry &m_registry;
    Deck m_deck;
    Presentation m_talk{{}, {}};
    PresenterActions *m_actions;
    std::unique_ptr<AudienceWindow> m_audience;
    std::unique_ptr<ConsoleWindow> m_console;
    std::unique_ptr<SlideView> m_preview; // renders the next stop for the console, never shown
    std::unique_ptr<ViewLoan> m_loan;     // the view the audience window has now
    QPointer<Kit::Module> m_lent;         // whose view it is (staged while lent)
    // Each demo module's settings before the talk's first demo of it: given back at the end,
    // so the deck's presets do not stay in the learner's forms.
    QHash<Kit::Module *, QVariantMap> m_settingsBefore;
    QFileSystemWatcher m_watcher;
    QTimer m_reloadDelay;
    QTimer m_mirror;
    QTimer m_clock;
    Kit::Module *m_demoModule = nullptr;
    QStringList m_problems;
    enum class Trust { Unasked, Yes, No };
    Trust m_trust = Trust::Unasked;   // this deck's Python, for this talk
    QSet<Kit::Module *> m_adopted;    // modules whose view nobody hosted when it was lent
    QList<QPointer<QWidget>> m_moved; // views lent or given back since the last restyle
    std::function<bool(const QString &)> m_trustPrompt;
    QString m_typed; // digits typed before Enter: a jump
    bool m_running = false;
    bool m_swapped = false;
    bool m_consoleShown = true;
    double m_audienceScale = defaultAudienceScale();
    // Time: the talk's, and each slide's.
    QElapsedTimer m_leaveAsked; // since the Escape that asked
    QElapsedTimer m_sinceTick;
    qint64 m_elapsedMs = 0;
    qint64 m_durationOverride = 0;
    bool m_paused = false;
    QList<qint64> m_perSlideMs;
};

} // namespace Present
