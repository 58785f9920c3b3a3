// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/preset.h>

#include <QIcon>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <QWidget>

#include <functional>
#include <optional>
#include <utility>

class QAction;

namespace Kit {

/**
 * One teaching module hosted by the shell (Class Forge, Scheduler Lab, Startup Sim). The shell
 * asks for the view only when the module is first shown; everything else is cheap to call.
 */
/** Presenting: how far a demo's steps have got ("step INDEX of COUNT"; 0: at its start). */
struct StepPosition
{
    int index = 0;
    int count = 0;
};

class Module : public QObject
{
    Q_OBJECT

public:
    explicit Module(QObject *parent = nullptr);
    ~Module() override;

    /** A stable lowercase id ("classforge"): used on the command line and in settings. */
    virtual QString id() const = 0;
    /** The title shown in the navigator and menus ("Class Forge"). */
    virtual QString title() const = 0;
    /** One line for the navigator. */
    virtual QString summary() const = 0;
    /** A short paragraph (plain text) for the Home page. */
    virtual QString description() const { return summary(); }
    /** The navigator icon. */
    virtual QIcon icon() const = 0;

    /** The module's view, created on the first call; the shell reparents it into its window. */
    QWidget *view();
    /** Whether view() has been created (and not destroyed since). */
    bool hasView() const { return !m_view.isNull(); }
    /** The view if it has been created, else nullptr; never creates it. */
    QWidget *viewIfCreated() const { return m_view.data(); }

    /** Actions the shell puts in the module's menu; ids are dotted ("scheduler.run"). */
    virtual QList<QAction *> actions() { return {}; }
    /** The actions that open and save the module's documents, for the shell's File menu. */
    virtual QList<QAction *> fileActions() { return {}; }
    /** What the module's view shows now, for the window's title ("your program shapes.py");
     *  empty: the module's title. documentTitleChanged() says when it changes. */
    virtual QString documentTitle() const { return {}; }

    /** The module's state for QSettings; restoreState() may be called before the view exists. */
    virtual QVariantMap saveState() const { return {}; }
    virtual void restoreState(const QVariantMap &state) { Q_UNUSED(state) }

    /** Presenting: advance one step; false when there is nothing to advance. */
    virtual bool stepForward() { return false; }
    /** Presenting: go back one step; false when there is nothing to go back to. */
    virtual bool stepBack() { return false; }
    /** What the status bar says when a step key had nothing to step to (FORWARD or back). */
    virtual QString stepHint(bool forward) const
    {
        return forward ? tr("Already at the last step") : tr("Already at the first step");
    }
    /**
     * Presenting: to the last step (a slide entered going back). Work still running (the demo's
     * run on entry) is shown at its end when it finishes.
     */
    virtual void stepToEnd() {}
    /** Presenting: where the steps are, of how many; nothing while the module cannot say
     *  (before its run has an answer). */
    virtual std::optional<StepPosition> stepPosition() const { return std::nullopt; }
    /** Presenting: stop any animation (blackout), without losing where it is. */
    virtual void pause() {}
    /** Whether the module is computing (a run, a trace); a deck export waits for it. */
    virtual bool isBusy() const { return false; }
    /**
     * Checks a deck's demo preset without creating the view: every key known, every value valid,
     * every file found. The default knows no keys.
     */
    virtual QList<PresetProblem> checkPreset(const DemoPreset &preset) const;
    /**
     * Applies a checked preset to the view and starts what it asks for (a run). Returns the
     * problems instead, changing nothing, when checkPreset() finds any. A pending stepToEnd()
     * is forgotten: the new demo opens where its preset says.
     */
    QList<PresetProblem> applyPreset(const DemoPreset &preset);
    /** Whether running a preset runs Python code the deck supplies (presenting asks first). */
    virtual bool presetRunsCode(const DemoPreset &preset) const
    {
        Q_UNUSED(preset)
        return false;
    }
    /** Presenting: back to the start. */
    virtual void reset() {}
    /**
     * Presenting: the view on the room's stage (STAGED), its forms and buttons hidden (the
     * widgets it marked with markOffStage()), or back as it was. The default stages view().
     */
    virtual void setStaged(bool staged);
    /** Presenting: the next of the view's pages (showNextPage()); false when it has none. */
    virtual bool showNextPanel();
    /** Font scale for widgets that size text themselves; the application font is already scaled. */
    virtual void setFontScale(double scale) { Q_UNUSED(scale) }

    /** Whether ID is a valid module id: [a-z][a-z0-9-]*. */
    static bool isValidId(const QString &id);

signals:
    /** A short message for the shell's status bar. */
    void statusMessage(const QString &message);
    /** documentTitle() changed. */
    void documentTitleChanged();

protected:
    /** Builds the view; called once, on first use. */
    virtual QWidget *createView() = 0;
    /**
     * applyPreset()'s work once PRESET has passed checkPreset(): a problem only the view can
     * find (a file that will not load). The default applies nothing.
     */
    virtual QList<PresetProblem> presentChecked(const DemoPreset &preset)
    {
        Q_UNUSED(preset)
        return {};
    }

    /**
     * Calls TO_END now, or, while BUSY, once SENDER emits SIGNAL (its work finished). A later
     * call, or cancelToEnd(), replaces a pending one.
     */
    template<typename Sender, typename Signal>
    void toEndWhenDone(Sender *sender, Signal signal, bool busy, std::function<void()> toEnd)
    {
        cancelToEnd();
        if (!busy) {
            toEnd();
            return;
        }
        m_pendingEnd = connect(sender, signal, this, [this, toEnd = std::move(toEnd)] {
            cancelToEnd();
            toEnd();
        });
    }
    /** Forgets a pending toEndWhenDone() (a new preset, a reset). */
    void cancelToEnd() { disconnect(m_pendingEnd); }

private:
    QPointer<QWidget> m_view;
    QMetaObject::Connection m_pendingEnd;
};

} // namespace Kit
