// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wholelines.h"

#include "stage.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTextBlock>
#include <QTextEdit>
#include <QTextLayout>

#include <cmath>
#include <functional>

namespace Kit {

namespace {

constexpr char CoverName[] = "kit.wholeLinesCover";

/** Covers its box's cut bottom line (or row) while on the stage. */
class WholeLines final : public QObject
{
public:
    WholeLines(QAbstractScrollArea *box, std::function<int()> wholeHeight)
        : QObject(box)
        , m_box(box)
        , m_viewport(box->viewport())
        , m_wholeHeight(std::move(wholeHeight))
    {
        setObjectName(QStringLiteral("kit.wholeLines"));
        m_cover = new QWidget(box->viewport());
        m_cover->setObjectName(QLatin1String(CoverName));
        m_cover->setBackgroundRole(QPalette::Base);
        m_cover->setAutoFillBackground(true);
        m_cover->hide();
        box->viewport()->installEventFilter(this);
        box->installEventFilter(this);
        connect(box->verticalScrollBar(), &QScrollBar::valueChanged, this, &WholeLines::later);
        connect(box->verticalScrollBar(), &QScrollBar::rangeChanged, this, &WholeLines::later);
    }

    /** Looks again once the box is laid out anew. */
    void later() { QMetaObject::invokeMethod(this, &WholeLines::update, Qt::QueuedConnection); }

    void update()
    {
        const bool staged = isOnStage(m_box);
        m_box->setVerticalScrollBarPolicy(staged ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
        const int height = m_box->viewport()->height();
        const int whole = staged ? m_wholeHeight() : height;
        if (whole >= height || whole <= 0) {
            m_cover->hide();
            return;
        }
        m_cover->setGeometry(0, whole, m_box->viewport()->width(), height - whole);
        m_cover->show();
        m_cover->raise();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        // Pointers compared only: events come while the box is being destroyed, when it is no
        // longer a scroll area to ask for its viewport.
        if ((watched == m_viewport && type == QEvent::Resize)
            || (watched == m_box
                && (type == QEvent::Show || type == QEvent::FontChange
                    || type == QEvent::ParentChange)))
            later();
        return false;
    }

private:
    QAbstractScrollArea *m_box;
    QWidget *m_viewport;
    std::function<int()> m_wholeHeight;
    QWidget *m_cover;
};

/** BOX's WholeLines, made with WHOLEHEIGHT the first time; told to look again. */
WholeLines *wholeLines(QAbstractScrollArea *box, const std::function<int()> &wholeHeight)
{
    auto *lines = box->findChild<WholeLines *>(QStringLiteral("kit.wholeLines"),
                                               Qt::FindDirectChildrenOnly);
    const bool made = !lines;
    if (made)
        lines = new WholeLines(box, wholeHeight);
    lines->later();
    return made ? lines : nullptr;
}

} // namespace

int wholeLinesHeight(const QTextEdit *edit)
{
    const int top = edit->verticalScrollBar()->value();
    const int height = edit->viewport()->height();
    const QTextDocument *document = edit->document();
    QAbstractTextDocumentLayout *layout = document->documentLayout();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const QRectF box = layout->blockBoundingRect(block);
        if (box.top() - top >= height)
            break;
        const QTextLayout *lines = block.layout();
        for (int i = 0; lines && i < lines->lineCount(); ++i) {
            const QRectF line = lines->lineAt(i).rect().translated(box.topLeft());
            const double bottom = line.bottom() - top;
            if (bottom <= 0)
                continue; // above the box
            if (bottom > height)
                return line.top() - top >= 0 ? int(std::floor(line.top() - top)) : height;
        }
    }
    return height;
}

void showWholeLinesOnStage(QTextEdit *edit)
{
    if (WholeLines *made = wholeLines(edit, [edit] { return wholeLinesHeight(edit); }))
        QObject::connect(
            edit->document(), &QTextDocument::contentsChanged, made, &WholeLines::later);
}

int wholeRowsHeight(const QTableView *table)
{
    const int height = table->viewport()->height();
    for (int row = table->rowAt(0); row >= 0 && row < table->model()->rowCount(); ++row) {
        if (table->isRowHidden(row))
            continue;
        const int top = table->rowViewportPosition(row);
        if (top >= height)
            break;
        if (top + table->rowHeight(row) > height)
            return top > 0 ? top : height; // a row taller than the box is shown as it can be
    }
    return height;
}

void showWholeRowsOnStage(QTableView *table)
{
    if (WholeLines *made = wholeLines(table, [table] { return wholeRowsHeight(table); })) {
        // New rows, and rows made taller or shorter by wrapping.
        QObject::connect(
            table->verticalHeader(), &QHeaderView::sectionResized, made, &WholeLines::later);
        QObject::connect(
            table->verticalHeader(), &QHeaderView::sectionCountChanged, made, &WholeLines::later);
    }
}

} // namespace Kit
