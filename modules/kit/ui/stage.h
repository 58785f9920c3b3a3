// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace Kit {

/**
 * A module's view on presenter mode's stage shows the room its content only (the run, its
 * pictures and their narration): the forms, buttons, tab rows and status lines that are for the
 * person at the keyboard are marked off-stage and hidden while the view is staged. Presenting
 * keeps working through the presenter's keys and the deck's demo keys.
 */

/** Marks WIDGET (a form, a row of buttons, a tab row, a status line) as off the stage. */
void markOffStage(QWidget *widget);
/** Whether WIDGET is marked off the stage. */
bool isOffStage(const QWidget *widget);
/**
 * Stages VIEW (STAGED) or puts it back: every widget under it marked off the stage is hidden,
 * or shown again if it was shown before; a widget already hidden stays hidden. Twice in a row
 * changes nothing more.
 */
void setStaged(QWidget *view, bool staged);
/** Whether VIEW is staged. */
bool isStaged(const QWidget *view);
/** Whether WIDGET is in a staged view (itself or an ancestor). */
bool isOnStage(const QWidget *widget);
/**
 * LABEL's words fit BOX (the label itself, or the scroll area's viewport it sits in) while it is
 * on the stage: set smaller, down to a floor, as a slide's text is (fitText); off the stage, at
 * the font it inherits, scrolling as before. Fitted again when BOX is resized, when the view is
 * staged or put back, and at refitOnStage(), which whoever changes LABEL's text calls.
 */
void fitOnStage(QLabel *label, QWidget *box);
/** LABEL (given to fitOnStage()) fitted again: its text changed. */
void refitOnStage(QLabel *label);
/**
 * LABEL says WORDS and, off the stage, ADVICE after them: what to do at the module's form or
 * buttons ("close them and run again"), which the room does not see. Said again whenever the
 * view is staged or put back.
 */
void sayWithAdvice(QLabel *label, const QString &words, const QString &advice);
/** LABEL says OFFSTAGE in the module's window and ONSTAGE on a presenter's stage (fewer
 *  sentences, where the room sees less of the page): said again as the view is staged or put
 *  back. */
void sayOnStage(QLabel *label, const QString &offStage, const QString &onStage);
/**
 * Presenting: the next page of VIEW's outermost tabbed pages (a PageTabs), going round; false
 * when VIEW has none with two pages or more.
 */
bool showNextPage(QWidget *view);

} // namespace Kit
