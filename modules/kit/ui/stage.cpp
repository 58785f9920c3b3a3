// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "stage.h"

#include "fittext.h"
#include "pagetabs.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QQueue>
#include <QScopedValueRollback>
#include <QWidget>

namespace Kit {

namespace {

constexpr char OffStage[] = "curtainOffStage";
constexpr char HiddenBeforeStage[] = "curtainHiddenBeforeStage";
constexpr char Staged[] = "curtainStaged";
constexpr char OnStageWords[] = "curtainOnStageWords";   // sayOnStage(): on the stage
constexpr char OffStageWords[] = "curtainOffStageWords"; // sayOnStage(): off it

/** Set while the stage itself hides or shows a widget: not the widget's own code doing so. */
bool stageMoving = false;

/**
 * Keeps an off-stage widget off the stage while its view is staged: the widget's own code may
 * show it meanwhile (a breakdown that appears once a run has one); it is hidden again at once,
 * and shown when the view leaves the stage. Hidden again by its own code after showing itself,
 * it stays hidden after.
 */
class StageKeeper final : public QObject
{
public:
    StageKeeper(QWidget *widget, QWidget *view)
        : QObject(widget)
        , m_widget(widget)
        , m_view(view)
    {
        setObjectName(QStringLiteral("kit.stageKeeper"));
        widget->installEventFilter(this);
    }

    static void keep(QWidget *widget, QWidget *view)
    {
        if (!widget->findChild<StageKeeper *>(QStringLiteral("kit.stageKeeper"),
                                              Qt::FindDirectChildrenOnly))
            new StageKeeper(widget, view);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_widget || stageMoving || !m_view || !isStaged(m_view))
            return false;
        if (event->type() == QEvent::ShowToParent) {
            m_widget->setProperty(HiddenBeforeStage, false);
            // Not from inside its own show: once it is done, back off the stage.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (m_view && isStaged(m_view) && !m_widget->isHidden()) {
                        const QScopedValueRollback moving(stageMoving, true);
                        m_widget->hide();
                    }
                },
                Qt::QueuedConnection);
        } else if (event->type() == QEvent::HideToParent) {
            m_widget->setProperty(HiddenBeforeStage, true);
        }
        return false;
    }

private:
    QWidget *m_widget;
    QPointer<QWidget> m_view;
};

/** Fits its label to its box on the stage (fitOnStage()). */
class StageFit final : public QObject
{
public:
    StageFit(QLabel *label, QWidget *box)
        : QObject(label)
        , m_label(label)
        , m_box(box)
    {
        setObjectName(QStringLiteral("kit.stageFit"));
        box->installEventFilter(this);
    }

    void refit()
    {
        if (!m_box)
            return;
        if (isOnStage(m_label))
            fitText(m_label, m_box->size());
        else
            unfitText(m_label);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_box && event->type() == QEvent::Resize)
            QMetaObject::invokeMethod(this, &StageFit::refit, Qt::QueuedConnection);
        return false;
    }

private:
    QLabel *m_label;
    QPointer<QWidget> m_box;
};

} // namespace

bool isOnStage(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (isStaged(w))
            return true;
    }
    return false;
}

void fitOnStage(QLabel *label, QWidget *box)
{
    if (!label->findChild<StageFit *>(QStringLiteral("kit.stageFit"), Qt::FindDirectChildrenOnly))
        new StageFit(label, box);
}

void refitOnStage(QLabel *label)
{
    if (auto *fit
        = label->findChild<StageFit *>(QStringLiteral("kit.stageFit"), Qt::FindDirectChildrenOnly))
        fit->refit();
}

/** LABEL's words from sayOnStage(), as it is on the stage or off it. */
static void sayAgain(QLabel *label)
{
    label->setText(label->property(isOnStage(label) ? OnStageWords : OffStageWords).toString());
}

void sayOnStage(QLabel *label, const QString &offStage, const QString &onStage)
{
    label->setProperty(OffStageWords, offStage);
    label->setProperty(OnStageWords, onStage);
    sayAgain(label);
}

void sayWithAdvice(QLabel *label, const QString &words, const QString &advice)
{
    sayOnStage(label,
               advice.isEmpty()  ? words
               : words.isEmpty() ? advice
                                 : words + QLatin1Char(' ') + advice,
               words);
}

void markOffStage(QWidget *widget)
{
    if (widget)
        widget->setProperty(OffStage, true);
}

bool isOffStage(const QWidget *widget)
{
    return widget && widget->property(OffStage).toBool();
}

void setStaged(QWidget *view, bool staged)
{
    if (!view || isStaged(view) == staged)
        return;
    view->setProperty(Staged, staged);
    const QScopedValueRollback moving(stageMoving, true);
    for (QWidget *widget : view->findChildren<QWidget *>()) {
        if (!isOffStage(widget))
            continue;
        if (staged) {
            StageKeeper::keep(widget, view);
            widget->setProperty(HiddenBeforeStage, widget->isHidden());
            widget->hide();
        } else if (!widget->property(HiddenBeforeStage).toBool()) {
            widget->show();
        }
    }
    // Advice on the form said where the form is, left out on the stage.
    for (QLabel *label : view->findChildren<QLabel *>()) {
        if (label->property(OffStageWords).isValid())
            sayAgain(label);
    }
    // Words fitted to their boxes on the stage, at their own size off it (once laid out anew).
    for (StageFit *fit : view->findChildren<StageFit *>(QStringLiteral("kit.stageFit")))
        QMetaObject::invokeMethod(fit, &StageFit::refit, Qt::QueuedConnection);
}

bool isStaged(const QWidget *view)
{
    return view && view->property(Staged).toBool();
}

bool showNextPage(QWidget *view)
{
    if (!view)
        return false;
    // Breadth first: the view's own pages before the pages inside one of them.
    QQueue<QWidget *> queue;
    queue.enqueue(view);
    while (!queue.isEmpty()) {
        QWidget *widget = queue.dequeue();
        if (auto *tabs = qobject_cast<PageTabs *>(widget); tabs && tabs != view) {
            if (tabs->count() < 2)
                continue;
            tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count());
            return true;
        }
        for (QWidget *child : widget->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
            queue.enqueue(child);
    }
    return false;
}

} // namespace Kit
