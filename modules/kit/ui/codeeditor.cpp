// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "codeeditor.h"

#include "appearance.h"
#include "ink.h"

#include "pythonhighlighter.h"
#include "stage.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QHelpEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

namespace Kit {

namespace {

class LineNumberArea final : public QWidget
{
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {}
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    CodeEditor *m_editor;
};

QFont monospace(const QFont &like)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(like.pointSizeF());
    return font;
}

} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setAccessibleName(tr("Python program"));
    // Long lines (the lessons' comments) wrap: nothing is cut at a large zoom, no sideways scroll.
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTabChangesFocus(false);
    m_lineNumbers = new LineNumberArea(this);
    m_highlighter = new PythonHighlighter(document());
    followAppearance();
    // The zoom and the theme reach the editor at once (its monospace font is its own).
    connect(Appearance::instance(), &Appearance::changed, this, &CodeEditor::followAppearance);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateMargins);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_lineNumbers->scroll(0, dy);
        else
            m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_restyling)
            return;          // a new font or highlighting: the same program, its marks stay
        if (isOnStage(this)) // a new program on a stage: its widest line fits
            QMetaObject::invokeMethod(this, &CodeEditor::followAppearance, Qt::QueuedConnection);
        // The marks belong to the program that ran, not to the one being edited.
        if (m_currentLine || m_errorLine) {
            m_currentLine = 0;
            m_errorLine = 0;
            updateSelections();
        }
    });
    updateMargins();
}

void CodeEditor::followAppearance()
{
    const QScopedValueRollback restyling(m_restyling, true);
    setFont(stageFitted(monospace(Appearance::instance()->fontFor(this))));
    m_highlighter->setPalette(palette());
    updateMargins();
    updateSelections();
}

int CodeEditor::lineNumberAreaWidth() const
{
    const int digits = std::max(3, int(QString::number(blockCount()).size()));
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateMargins()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

QFont CodeEditor::stageFitted(QFont font) const
{
    if (!isOnStage(this) || width() <= 0)
        return font;
    // The widest line and the line numbers at FONT, against the width there is for them.
    const QFontMetricsF metrics(font);
    double widest = 0;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        QString text = block.text();
        text.replace(QLatin1Char('\t'), QString(4, QLatin1Char(' ')));
        widest = std::max(widest, metrics.horizontalAdvance(text));
    }
    const int digits = std::max(3, int(QString::number(blockCount()).size()));
    const double needed = widest + metrics.horizontalAdvance(QLatin1Char('9')) * digits
                          + 2 * document()->documentMargin() + metrics.averageCharWidth();
    const double fixed = 12 + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    const double scale = std::clamp((contentsRect().width() - fixed) / needed, StageFloor, 1.0);
    if (scale < 1.0)
        font.setPixelSize(std::max(8, int(std::floor(QFontInfo(font).pixelSize() * scale))));
    return font;
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    // On a stage the code's widest line fits the width the editor has now.
    if (event->size().width() != event->oldSize().width() && isOnStage(this))
        QMetaObject::invokeMethod(this, &CodeEditor::followAppearance, Qt::QueuedConnection);
    const QRect r = contentsRect();
    m_lineNumbers->setGeometry(QRect(r.left(), r.top(), lineNumberAreaWidth(), r.height()));
}

void CodeEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        updateMargins();
    } else if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        updateSelections();
    }
    QPlainTextEdit::changeEvent(event);
}

bool CodeEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_errorLine > 0) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QTextBlock block = cursorForPosition(viewport()->mapFrom(this, help->pos())).block();
        if (block.blockNumber() + 1 == m_errorLine) {
            QToolTip::showText(help->globalPos(), m_errorMessage, this);
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void CodeEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumbers);
    painter.fillRect(event->rect(), palette().color(QPalette::Window));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        const int number = block.blockNumber() + 1;
        QColor colour = palette().color(QPalette::PlaceholderText);
        if (number == m_errorLine)
            colour = QColor(0xe5, 0x39, 0x35);
        else if (number == m_currentLine)
            colour = palette().color(QPalette::Text);
        painter.setPen(colour);
        QFont f = font();
        f.setBold(number == m_currentLine || number == m_errorLine);
        painter.setFont(f);
        painter.drawText(0,
                         top,
                         m_lineNumbers->width() - 6,
                         height,
                         Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(number));
        block = block.next();
        top += height;
    }
}

void CodeEditor::setCurrentLine(int line)
{
    m_currentLine = line;
    updateSelections();
    if (line > 0) {
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        if (block.isValid()) {
            QTextCursor cursor(block);
            setTextCursor(cursor);
            centerCursor();
        }
    }
    m_lineNumbers->update();
}

void CodeEditor::setErrorLine(int line, const QString &message)
{
    m_errorLine = line;
    m_errorMessage = message;
    updateSelections();
    m_lineNumbers->update();
}

void CodeEditor::updateSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    const QColor base = palette().color(QPalette::Base);
    auto mark = [&](int line, const QColor &colour) {
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        if (!block.isValid())
            return;
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(block);
        selection.format.setBackground(colour);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections.append(selection);
    };
    if (m_currentLine > 0)
        mark(m_currentLine, Ink::tint(palette().color(QPalette::Highlight), base, 0.3));
    if (m_errorLine > 0)
        mark(m_errorLine, Ink::tint(QColor(0xe5, 0x39, 0x35), base, 0.3));
    setExtraSelections(selections);
}

} // namespace Kit
