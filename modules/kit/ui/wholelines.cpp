// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wholelines.h"

#include "stage.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextEdit>
#include <QTextLayout>

#include <cmath>

namespace Kit {

namespace {

constexpr char CoverName[] = "kit.wholeLinesCover";

/** Covers EDIT's cut bottom line while on the stage. */
class WholeLines final : public QObject
{
public:
    explicit WholeLines(QTextEdit *edit)
        : QObject(edit)
        , m_edit(edit)
    {
        setObjectName(QStringLiteral("kit.wholeLines"));
        m_cover = new QWidget(edit->viewport());
        m_cover->setObjectName(QLatin1String(CoverName));
        m_cover->setBackgroundRole(QPalette::Base);
        m_cover->setAutoFillBackground(true);
        m_cover->hide();
        edit->viewport()->installEventFilter(this);
        edit->installEventFilter(this);
        auto later = [this] {
            QMetaObject::invokeMethod(this, &WholeLines::update, Qt::QueuedConnection);
        };
        connect(edit->verticalScrollBar(), &QScrollBar::valueChanged, this, later);
        connect(edit->verticalScrollBar(), &QScrollBar::rangeChanged, this, later);
        connect(edit->document(), &QTextDocument::contentsChanged, this, later);
    }

    void update()
    {
        const bool staged = isOnStage(m_edit);
        m_edit->setVerticalScrollBarPolicy(staged ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
        const int height = m_edit->viewport()->height();
        const int whole = staged ? wholeLinesHeight(m_edit) : height;
        if (whole >= height || whole <= 0) {
            m_cover->hide();
            return;
        }
        m_cover->setGeometry(0, whole, m_edit->viewport()->width(), height - whole);
        m_cover->show();
        m_cover->raise();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if ((watched == m_edit->viewport() && type == QEvent::Resize)
            || (watched == m_edit
                && (type == QEvent::Show || type == QEvent::FontChange
                    || type == QEvent::ParentChange)))
            QMetaObject::invokeMethod(this, &WholeLines::update, Qt::QueuedConnection);
        return false;
    }

private:
    QTextEdit *m_edit;
    QWidget *m_cover;
};

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
    auto *lines = edit->findChild<WholeLines *>(QStringLiteral("kit.wholeLines"),
                                                Qt::FindDirectChildrenOnly);
    if (!lines)
        lines = new WholeLines(edit);
    QMetaObject::invokeMethod(lines, &WholeLines::update, Qt::QueuedConnection);
}

} // namespace Kit
