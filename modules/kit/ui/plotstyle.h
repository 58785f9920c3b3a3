// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QSize>
#include <QString>

class QAction;
class QCustomPlot;

namespace Kit {

/**
 * QCustomPlot ignores the Qt palette and the application font; PlotStyle restyles a plot from
 * them and gives it an Export action. Every plot in Curtain goes through attach().
 */
namespace PlotStyle {

/** Set this property to true on a plottable or item whose colour apply() must leave alone. */
inline constexpr char FixedColourProperty[] = "curtainFixedColour";

/**
 * Colours PLOT from PALETTE (background, axes, grid, legend, titles, graph pens from seriesColor())
 * and sets its fonts to BASEFONT scaled by FONTSCALE, the app's zoom (a plot in a window with a
 * zoom of its own, Appearance::setWindowFontScale, takes that window's instead); replots.
 */
void apply(QCustomPlot *plot, const QPalette &palette, const QFont &baseFont, double fontScale);

/** Set this property to true on a graph or straight line drawn in the text colour (a limit, a
 *  promise): it follows the theme like text, not like a series. */
inline constexpr char TextColourProperty[] = "curtainTextColour";
/**
 * Shows PLOT's legend under the plot, one entry per row, instead of inside it: it never covers
 * the data and never sticks out of a narrow plot.
 */
void showLegendBelow(QCustomPlot *plot);
/** Applies the current Appearance now and on every change, and adds the Export action. */
void attach(QCustomPlot *plot);

/** A series colour for INDEX that stands out from BACKGROUND (Ink::series). */
QColor seriesColor(int index, const QColor &background);

/** The file suffixes exportTo() understands. */
QStringList exportFormats();

/**
 * Saves PLOT to PATH as PNG, SVG or PDF, chosen by the suffix, at SIZE (the plot's own size
 * when empty). On failure returns false and *error names the file and the problem.
 */
bool exportTo(QCustomPlot *plot, const QString &path, QString *error, QSize size = {});

/** The plot's "Export Plot…" action (object name "plot.export"), created by attach(). */
QAction *exportAction(QCustomPlot *plot);

} // namespace PlotStyle

} // namespace Kit
