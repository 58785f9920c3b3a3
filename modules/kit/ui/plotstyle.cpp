// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "plotstyle.h"

#include "actions.h"
#include "appearance.h"
#include "ink.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QResizeEvent>
#include <QStandardPaths>
#include <QSvgGenerator>

#include <qcustomplot.h>

namespace Kit {

namespace {

/** The title font apply() set last, for a legend laid out again at a new width. */
constexpr char TitleFontProperty[] = "curtainTitleFont";

void styleAxis(QCPAxis *axis, const QPalette &palette, const QFont &font, const QFont &labelFont)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor line = Ink::atLeast(palette.color(QPalette::Disabled, QPalette::WindowText),
                                     palette.color(QPalette::Base));
    QColor grid = text;
    grid.setAlphaF(0.14);
    QColor subGrid = text;
    subGrid.setAlphaF(0.06);

    axis->setBasePen(QPen(line, 1));
    axis->setTickPen(QPen(line, 1));
    axis->setSubTickPen(QPen(line, 1));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->setTickLabelFont(font);
    axis->setLabelFont(labelFont);
    axis->setSelectedTickLabelFont(font);
    axis->setSelectedLabelFont(labelFont);
    axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
    axis->grid()->setSubGridPen(QPen(subGrid, 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(grid, 1));
}

/** Whether PLOT's legend is below it (showLegendBelow), not inside its axis rect. */
bool legendBelow(const QCustomPlot *plot)
{
    return plot->legend && plot->legend->visible() && plot->axisRect()
           && plot->legend->layout() != plot->axisRect()->insetLayout();
}

/**
 * A legend below PLOT laid out in rows across its width (as many entries side by side as fit,
 * the rest on the next rows); returns how many rows it takes (0 when it is not below the plot).
 */
int wrapLegendBelow(QCustomPlot *plot)
{
    if (!legendBelow(plot))
        return 0;
    QCPLegend *legend = plot->legend;
    // (A grid's count includes its empty cells: only the entries are counted and measured.)
    int count = 0;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem *item = legend->item(i)) {
            ++count;
            widest
                = std::max(widest, item->minimumOuterSizeHint().width() + legend->columnSpacing());
        }
    }
    if (count == 0)
        return 0;
    const QMargins margins = legend->margins();
    const int width = std::max(1, plot->width() - margins.left() - margins.right() - 8);
    const int across = std::clamp(width / widest, 1, count);
    if (legend->wrap() != across || legend->fillOrder() != QCPLayoutGrid::foColumnsFirst) {
        legend->setWrap(across);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
    return (count + across - 1) / across;
}

/** PLOT's least size for its fonts (LABELFONT, TITLEFONT) and its legend's rows now. */
void fitMinimumSize(QCustomPlot *plot, const QFont &labelFont, const QFont &titleFont)
{
    // Smaller than this a plot cannot show its labels whole: the panel around it scrolls instead.
    const int line = QFontMetrics(labelFont).height();
    const int legendRows = wrapLegendBelow(plot); // below the plot, not inside it
    // The axis rect: at least five lines of data, and as tall as its longest upright label
    // (written along the left or right axis); under it the ticks and the label of the bottom
    // axis, the legend's rows, and above it any title.
    int upright = 0;
    int titles = 0;
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes(QCPAxis::atLeft | QCPAxis::atRight)) {
            if (axis->visible() && !axis->label().isEmpty())
                upright
                    = std::max(upright, QFontMetrics(labelFont).horizontalAdvance(axis->label()));
        }
    }
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        titles += qobject_cast<QCPTextElement *>(plot->plotLayout()->elementAt(i)) ? 1 : 0;
    const int data = std::max(5 * line, upright + line);
    // (The margins, the ticks' lengths and the legend's padding: some 48 px at any zoom.)
    constexpr int Margins = 48;
    plot->setMinimumSize(16 * line,
                         data + (2 + legendRows) * line + Margins
                             + titles * QFontMetrics(titleFont).height());
}

/** Lays a legend below its plot out anew when the plot's width changes. */
class LegendBelowFit final : public QObject
{
public:
    explicit LegendBelowFit(QCustomPlot *plot)
        : QObject(plot)
        , m_plot(plot)
    {
        setObjectName(QStringLiteral("kit.legendBelow"));
        plot->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_plot && event->type() == QEvent::Resize
            && static_cast<QResizeEvent *>(event)->size().width()
                   != static_cast<QResizeEvent *>(event)->oldSize().width()) {
            const QFont label = m_plot->legend->font();
            const int before = m_plot->minimumHeight();
            fitMinimumSize(m_plot, label, m_plot->property(TitleFontProperty).value<QFont>());
            if (m_plot->minimumHeight() != before)
                m_plot->updateGeometry();
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    QCustomPlot *m_plot;
};

} // namespace

namespace PlotStyle {

void apply(QCustomPlot *plot, const QPalette &palette, const QFont &baseFont, double fontScale)
{
    // Presenter mode's audience window has its own zoom; the plots of a view lent to it follow it.
    fontScale = Appearance::windowFontScale(plot).value_or(fontScale);
    const QFont tickFont = scaledFont(baseFont, fontScale * 0.9);
    const QFont labelFont = scaledFont(baseFont, fontScale);
    const QFont titleFont = scaledFont(baseFont, fontScale * 1.2, true);

    plot->setBackground(palette.brush(QPalette::Base));
    for (QCPAxisRect *rect : plot->axisRects()) {
        rect->setBackground(palette.brush(QPalette::Base));
        for (QCPAxis *axis : rect->axes())
            styleAxis(axis, palette, tickFont, labelFont);
    }
    if (plot->legend) {
        // Below the plot it belongs to the plot's own background; inside it, a framed box.
        // (showLegendBelow holds it in a grid of the plot's layout, out of the axis rect's inset.)
        const bool below
            = !plot->axisRect() || plot->legend->layout() != plot->axisRect()->insetLayout();
        plot->legend->setBrush(palette.brush(below ? QPalette::Base : QPalette::Window));
        plot->legend->setBorderPen(below ? QPen(Qt::NoPen) : QPen(palette.color(QPalette::Mid)));
        plot->legend->setTextColor(palette.color(QPalette::WindowText));
        plot->legend->setFont(labelFont);
        plot->legend->setSelectedFont(labelFont);
    }
    plot->setProperty(TitleFontProperty, titleFont);
    fitMinimumSize(plot, labelFont, titleFont); // with the legend's font, for its rows
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->elementAt(i))) {
            title->setTextColor(palette.color(QPalette::WindowText));
            title->setFont(titleFont);
            title->setSelectedFont(titleFont);
        }
    }
    const QColor background = palette.color(QPalette::Base);
    for (int i = 0; i < plot->graphCount(); ++i) {
        // A graph whose colour carries meaning (say, "waiting" is always red) opts out.
        if (plot->graph(i)->property(FixedColourProperty).toBool())
            continue;
        QPen pen = plot->graph(i)->pen();
        pen.setColor(plot->graph(i)->property(TextColourProperty).toBool()
                         ? palette.color(QPalette::WindowText)
                         : seriesColor(i, background));
        pen.setWidthF(std::max(pen.widthF(), 2.0));
        plot->graph(i)->setPen(pen);
    }
    // Bars take the series colours after the graphs; error bars the colour of what they belong
    // to; text and lines the palette's text colour unless they carry a colour of their own.
    int series = plot->graphCount();
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *plottable = plot->plottable(i);
        if (plottable->property(FixedColourProperty).toBool())
            continue;
        if (auto *bars = qobject_cast<QCPBars *>(plottable)) {
            const QColor colour = seriesColor(series++, background);
            QColor fill = colour;
            fill.setAlphaF(0.85);
            bars->setBrush(fill);
            bars->setPen(QPen(colour, 1));
        } else if (auto *errors = qobject_cast<QCPErrorBars *>(plottable)) {
            QColor colour = palette.color(QPalette::WindowText);
            if (auto *owner = qobject_cast<QCPGraph *>(errors->dataPlottable()))
                colour = owner->pen().color();
            errors->setPen(QPen(Ink::atLeast(colour, background), 1.5));
        }
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        QCPAbstractItem *item = plot->item(i);
        if (item->property(FixedColourProperty).toBool())
            continue;
        if (auto *text = qobject_cast<QCPItemText *>(item)) {
            text->setColor(palette.color(QPalette::WindowText));
            text->setFont(tickFont);
        } else if (auto *line = qobject_cast<QCPItemStraightLine *>(item)) {
            QPen pen = line->pen();
            pen.setColor(palette.color(QPalette::WindowText));
            line->setPen(pen);
        }
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void showLegendBelow(QCustomPlot *plot)
{
    QCPLegend *legend = plot->legend;
    if (!legend)
        return;
    legend->setVisible(true);
    if (plot->axisRect() && plot->axisRect()->insetLayout()->take(legend)) {
        plot->axisRect()->insetLayout()->simplify();
        QCPLayoutGrid *layout = plot->plotLayout();
        const int row = layout->rowCount();
        // Held beside an empty element that takes what width the legend does not: a legend with
        // no entries yet (before a run) is as narrow as its margins, and alone in the plot's
        // column it would make the axis rect above it as narrow.
        auto *holder = new QCPLayoutGrid;
        layout->addElement(row, 0, holder);
        layout->setRowStretchFactor(row, 0.001); // as tall as its entries, no more
        holder->setColumnSpacing(0);
        holder->addElement(0, 0, legend);
        holder->addElement(0, 1, new QCPLayoutElement(plot));
        holder->setColumnStretchFactor(1, 0.001);
        // Entries side by side, in as many rows as the width needs (wrapLegendBelow).
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        legend->setBorderPen(Qt::NoPen);
        legend->setMargins(QMargins(4, 2, 4, 2));
        new LegendBelowFit(plot);
    }
}

void attach(QCustomPlot *plot)
{
    Appearance *appearance = Appearance::instance();
    auto restyle = [plot, appearance] {
        apply(plot, appearance->palette(), appearance->baseFont(), appearance->fontScale());
    };
    restyle();
    QObject::connect(appearance, &Appearance::changed, plot, restyle);

    if (exportAction(plot))
        return;
    QAction *action = makeAction(plot, QStringLiteral("plot.export"), QObject::tr("&Export Plot…"));
    QObject::connect(action, &QAction::triggered, plot, [plot] {
        const QString documents
            = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        const QString suggested
            = documents + QLatin1Char('/')
              + (plot->objectName().isEmpty() ? QStringLiteral("plot") : plot->objectName())
              + QStringLiteral(".png");
        const QString path = QFileDialog::getSaveFileName(
            plot,
            QObject::tr("Export Plot"),
            suggested,
            QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!exportTo(plot, path, &error))
            QMessageBox::warning(plot, QObject::tr("Export Plot"), error);
    });
    plot->addAction(action);
    plot->setContextMenuPolicy(Qt::ActionsContextMenu);
}

QAction *exportAction(QCustomPlot *plot)
{
    return plot->findChild<QAction *>(QStringLiteral("plot.export"), Qt::FindDirectChildrenOnly);
}

QColor seriesColor(int index, const QColor &background)
{
    return Ink::series(index, background);
}

QStringList exportFormats()
{
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
}

bool exportTo(QCustomPlot *plot, const QString &path, QString *error, QSize size)
{
    if (size.isEmpty())
        size = plot->size();
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, size.width(), size.height());
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path,
                           size.width(),
                           size.height(),
                           QCP::epNoCosmetic,
                           QStringLiteral("Curtain"),
                           plot->objectName());
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(plot->objectName());
        generator.setDescription(QStringLiteral("Exported from Curtain"));
        QCPPainter painter;
        ok = painter.begin(&generator);
        if (ok) {
            plot->toPainter(&painter, size.width(), size.height());
            ok = painter.end();
        }
        ok = ok && QFileInfo(path).size() > 0;
    } else {
        if (error) {
            *error = QObject::tr("%1: unknown export format '%2': use .png, .svg or .pdf")
                         .arg(path, suffix);
        }
        return false;
    }
    if (!ok && error) {
        *error = QObject::tr("%1: could not write the plot: check that the folder exists and is "
                             "writable")
                     .arg(path);
    }
    return ok;
}

} // namespace PlotStyle

} // namespace Kit
