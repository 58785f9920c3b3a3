// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Checks of a rendered window a person at the back of a room depends on: text that is whole,
// colours that stand out from what they are painted on, controls with names. Each returns one
// line per problem, naming the widget (its object name, else its class and text).

#include <QColor>
#include <QImage>
#include <QStringList>

class QWidget;

namespace Readability {

/** WCAG 2 contrast ratio of two colours (1 to 21). */
double contrast(const QColor &a, const QColor &b);

/** Text in labels, buttons, tabs, headers, combo boxes and list items that its widget cannot
 *  show whole (cut, elided, or squeezed below the size it needs). */
QStringList clippedTexts(QWidget *window);

/** Visible text whose painted colour has less than 4.5:1 contrast against the colour painted
 *  behind it, measured on IMAGE (WINDOW's grab at device pixel ratio 1). */
QStringList lowContrastTexts(QWidget *window, const QImage &image);

/** Plots whose series, tick labels, legends or items have less than 3:1 (graphics) or 4.5:1
 *  (text) contrast against the plot's background. */
QStringList lowContrastPlots(QWidget *window);

/** Plots whose legend, axis labels or text labels do not fit inside the plot, or whose text
 *  labels lie on top of each other. */
QStringList clippedPlots(QWidget *window);

/** Controls (buttons, inputs, lists, sliders, tabs, views) with no accessible name. */
QStringList unnamedControls(QWidget *window);

/** A short name for WIDGET in a problem line. */
QString describe(const QWidget *widget);

} // namespace Readability
