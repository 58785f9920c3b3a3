// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fittable.h"

#include <QApplication>
#include <QEvent>
#include <QFontInfo>
#include <QHeaderView>
#include <QRegularExpression>
#include <QStyle>
#include <QTableWidget>

#include <cstdlib>

namespace Kit {

namespace FitTable {

namespace {

/** Fits its table again when the table is resized or its cells change. */
class FitKeeper final : public QObject
{
public:
    explicit FitKeeper(QTableWidget *table)
        : QObject(table)
        , m_table(table)
    {
        setObjectName(QStringLiteral("kit.fitTable"));
        table->installEventFilter(this);
    }

    /** Fits the table once the current changes are done. */
    void later()
    {
        if (m_pending)
            return;
        m_pending = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_pending = false;
                fitWidth(m_table);
            },
            Qt::QueuedConnection);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_table
            && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
            later();
        return false;
    }

private:
    QTableWidget *m_table;
    bool m_pending = false;
};

} // namespace

namespace {

/** The role a header item keeps its words in as setUp() was given them (one line). */
constexpr int WordsRole = Qt::UserRole + 71;

/** HEADER broken in two at the space nearest its middle, however short (or as it is). */
QString brokenInTwo(const QString &header)
{
    if (header.contains(QLatin1Char('\n')))
        return header;
    const int middle = int(header.size()) / 2;
    int best = -1;
    for (int i = 0; i < header.size(); ++i) {
        if (header.at(i) == QLatin1Char(' ')
            && (best < 0 || std::abs(i - middle) < std::abs(best - middle)))
            best = i;
    }
    if (best < 0)
        return header;
    QString broken = header;
    broken[best] = QLatin1Char('\n');
    return broken;
}

} // namespace

QString twoLines(const QString &header)
{
    constexpr int Long = 12; // characters: shorter headers are as narrow as their numbers
    if (header.size() < Long)
        return header;
    return brokenInTwo(header);
}

void setUp(QTableWidget *table, const QStringList &headers)
{
    QStringList labels;
    for (const QString &h : headers)
        labels.append(twoLines(h));
    table->setColumnCount(int(labels.size()));
    table->setHorizontalHeaderLabels(labels);
    for (int c = 0; c < int(headers.size()); ++c)
        table->horizontalHeaderItem(c)->setData(WordsRole, headers.at(c));
    table->setWordWrap(true);
    QHeaderView *columns = table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(0, QHeaderView::Stretch);
    columns->setStretchLastSection(false);
    // The first column wraps between words, never inside one ("coroutines", "processes").
    columns->setMinimumSectionSize(
        table->fontMetrics().horizontalAdvance(QStringLiteral("coroutines")) + 12);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Fitted again whenever its width or its cells change (once per turn of the event loop).
    if (!table->findChild<QObject *>(QStringLiteral("kit.fitTable"), Qt::FindDirectChildrenOnly)) {
        auto *keeper = new FitKeeper(table);
        QAbstractItemModel *model = table->model();
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            QObject::connect(model, signal, keeper, &FitKeeper::later);
        QObject::connect(model, &QAbstractItemModel::dataChanged, keeper, &FitKeeper::later);
        QObject::connect(model, &QAbstractItemModel::modelReset, keeper, &FitKeeper::later);
    }
}

namespace {

/** The widest single word of TEXT (split at white space) in METRICS, at least one pixel. */
int widestWord(const QString &text, const QFontMetrics &metrics)
{
    int widest = 1;
    for (const QString &word :
         text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        widest = std::max(widest, metrics.horizontalAdvance(word));
    return widest;
}

} // namespace

void fitWidth(QTableWidget *table)
{
    QHeaderView *columns = table->horizontalHeader();
    const int count = table->columnCount();
    if (count == 0)
        return;
    const int available = table->viewport()->width();
    // What each column asks for whole (its cells and header on their lines) and at least (its
    // longest word), with the cell's padding.
    const int padding
        = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) * 2 + 8;
    QList<int> natural(count), least(count);
    int naturalSum = 0;
    int leastSum = 0;
    // A header as shown: its words on one line (long ones on two, as setUp() gave them), or
    // BROKEN, every header of two words or more on two lines.
    const auto label = [table](int c, bool broken) {
        const QTableWidgetItem *header = table->horizontalHeaderItem(c);
        if (!header)
            return QString();
        if (!header->data(WordsRole).isValid())
            return header->text();
        const QString words = header->data(WordsRole).toString();
        return broken ? brokenInTwo(words) : twoLines(words);
    };
    const auto measure = [&](bool broken) {
        naturalSum = 0;
        leastSum = 0;
        for (int c = 0; c < count; ++c) {
            natural[c]
                = std::max(static_cast<const QAbstractItemView *>(table)->sizeHintForColumn(c),
                           columns->sectionSizeHint(c));
            // A header does not wrap: its widest line (setUp() breaks long ones in two), measured
            // bold, as a style draws the header of a selected column.
            int word = 1;
            {
                QFont bold = columns->font();
                bold.setBold(true);
                for (const QString &line : label(c, broken).split(QLatin1Char('\n')))
                    word = std::max(word, QFontMetrics(bold).horizontalAdvance(line));
            }
            for (int r = 0; r < table->rowCount(); ++r) {
                // At the cell's own font (a row set in bold is wider).
                if (const QTableWidgetItem *item = table->item(r, c))
                    word = std::max(word,
                                    widestWord(item->text(),
                                               QFontMetrics(item->font().resolve(table->font()))));
            }
            least[c] = std::min(natural[c], word + padding);
            naturalSum += natural[c];
            leastSum += least[c];
        }
    };
    measure(false);
    // Headers on one line where they fit (long ones on two, as setUp() gave them); every header
    // of two words or more on two lines where even the smallest text would not fit them so.
    {
        const QFont base
            = table->parentWidget() ? table->parentWidget()->font() : QApplication::font();
        const double floorScale = 0.7 * QFontInfo(base).pixelSize()
                                  / std::max(1.0, double(QFontInfo(table->font()).pixelSize()));
        const bool tight = leastSum * floorScale > available;
        if (tight)
            measure(true);
        for (int c = 0; c < count; ++c) {
            QTableWidgetItem *header = table->horizontalHeaderItem(c);
            if (header && header->text() != label(c, tight))
                header->setText(label(c, tight));
        }
    }
    // Even every column at its least is too wide (a dozen columns at a presenter's zoom): the
    // table's text is set smaller, down to 70 % of what it inherits, as a slide's is; the
    // columns are shared out again once the new size is in (a FitKeeper sees the font change).
    const QFont base = table->parentWidget() ? table->parentWidget()->font() : QApplication::font();
    const double basePixels = QFontInfo(base).pixelSize();
    const double nowPixels = QFontInfo(table->font()).pixelSize();
    const double leastAtBase = leastSum * basePixels / std::max(1.0, nowPixels);
    int wanted = int(basePixels);
    if (leastAtBase > available)
        wanted = std::max(int(basePixels * 0.7), int(basePixels * available / leastAtBase));
    if (wanted != int(nowPixels)) {
        if (wanted == int(basePixels)) {
            table->setFont(QFont()); // inherited again
        } else {
            QFont smaller = base;
            smaller.setPixelSize(wanted);
            table->setFont(smaller);
        }
        if (QFontInfo(table->font()).pixelSize() != int(nowPixels))
            return;
    }
    const bool whole = naturalSum <= available;
    if (whole) {
        // Numbers at their width, the first column the rest (as setUp() leaves it).
        if (columns->sectionResizeMode(0) != QHeaderView::Stretch) {
            for (int c = 0; c < count; ++c)
                columns->setSectionResizeMode(c, QHeaderView::ResizeToContents);
            columns->setSectionResizeMode(0, QHeaderView::Stretch);
            table->resizeRowsToContents();
            table->updateGeometry(); // a table that asks for its rows' height asks again
        }
        return;
    }
    // Too narrow: every column its longest word, and what is left shared by what each lacks.
    // (The header's own least width, which setUp() gives the first column's words, would keep
    // the numbers' columns wider than their words.)
    columns->setMinimumSectionSize(std::max(1, *std::min_element(least.begin(), least.end())));
    const int spare = std::max(0, available - leastSum);
    const int lacking = std::max(1, naturalSum - leastSum);
    int given = 0;
    for (int c = 0; c < count; ++c) {
        columns->setSectionResizeMode(c, QHeaderView::Fixed);
        int width = least[c] + int(double(spare) * (natural[c] - least[c]) / lacking);
        if (c == count - 1 && leastSum <= available)
            width = std::max(least[c], available - given); // the rounding's pixels to the last
        columns->resizeSection(c, width);
        given += width;
    }
    table->resizeRowsToContents();
    table->updateGeometry();
}

} // namespace FitTable

} // namespace Kit
