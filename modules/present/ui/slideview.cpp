// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "slideview.h"

#include <kit/ink.h>
#include <present/deck.h>

#include <QEvent>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>

namespace Present {

using namespace Kit;

namespace {

/** The Markdown of a demo slide without its code blocks: the module's view shows the code. */
QString withoutCode(const QString &markdown)
{
    static const QRegularExpression code(
        QStringLiteral("(^|\\n) {0,3}(```|~~~)[^\\n]*\\n.*?\\n {0,3}\\2[^\\n]*(?=\\n|$)"),
        QRegularExpression::DotMatchesEverythingOption);
    QString text = markdown;
    text.replace(code, QStringLiteral("\\1"));
    return text.trimmed();
}

/** Lets the code in DOCUMENT (which Qt's Markdown sets in the system's fixed font, at its own
 *  size) follow the document's default size, as the rest of the slide does. */
void followDefaultSize(QTextDocument *document)
{
    // Collected first: setting a format may merge fragments under an iterator.
    QList<std::pair<QTextFragment, QTextCharFormat>> sized;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            QTextCharFormat format = it.fragment().charFormat();
            if (!format.hasProperty(QTextFormat::FontPointSize)
                && !format.hasProperty(QTextFormat::FontPixelSize))
                continue;
            format.clearProperty(QTextFormat::FontPointSize);
            format.clearProperty(QTextFormat::FontPixelSize);
            sized.append({it.fragment(), format});
        }
    }
    QTextCursor cursor(document);
    for (const auto &[fragment, format] : std::as_const(sized)) {
        cursor.setPosition(fragment.position());
        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
        cursor.setCharFormat(format);
    }
}

} // namespace

SlideView::SlideView(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_problems(new QLabel(this))
    , m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("present.slide"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_problems->setObjectName(QStringLiteral("present.problems"));
    m_problems->setWordWrap(true);
    m_problems->setFrameShape(QFrame::Box);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->hide();
    m_text->setObjectName(QStringLiteral("present.slideText"));
    m_text->setAccessibleName(tr("Slide"));
    m_text->setFrameShape(QFrame::NoFrame);
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // No scroll bar the room cannot use: what does not fit is scaled down, or the console says.
    m_text->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_text->setOpenExternalLinks(false);
    m_text->setFocusPolicy(Qt::NoFocus);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
    m_layout->addWidget(m_problems);
    m_layout->addWidget(m_text, 1);
    updateFont();
}

void SlideView::showSlide(const Slide &slide, int revealed, const QString &baseDir)
{
    m_demoSlide = slide.demo.has_value();
    m_markdown = slide.markdownAt(revealed);
    m_baseDir = baseDir;
    m_text->document()->setBaseUrl(QUrl::fromLocalFile(baseDir + QLatin1Char('/')));
    m_text->setSearchPaths({baseDir});
    m_text->setMarkdown(m_demoSlide ? withoutCode(m_markdown) : m_markdown);
    followDefaultSize(m_text->document());
    updateFont();
}

void SlideView::setProblems(const QStringList &problems)
{
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    QPalette card = palette();
    const QColor base = palette().color(QPalette::Base);
    card.setColor(QPalette::Window, Ink::tint(QColor(0xe5, 0x39, 0x35), base, 0.18));
    card.setColor(QPalette::WindowText, Ink::textOn(card.color(QPalette::Window), palette()));
    m_problems->setPalette(card);
    m_problems->setAutoFillBackground(true);
}

void SlideView::hostDemo(QWidget *demo)
{
    if (demo == m_demo)
        return;
    if (m_demo)
        takeDemo();
    m_demo = demo;
    if (!demo)
        return;
    m_layout->addWidget(demo, 4);
    demo->show();
    updateFont();
}

QWidget *SlideView::takeDemo()
{
    QWidget *demo = m_demo;
    m_demo = nullptr;
    if (demo) {
        m_layout->removeWidget(demo);
        demo->hide();
        demo->setParent(nullptr);
    }
    updateFont();
    return demo;
}

void SlideView::setTextScale(double scale)
{
    m_scale = std::clamp(scale, 0.5, 3.0);
    updateFont();
}

QString SlideView::text() const
{
    return m_text->toPlainText();
}

void SlideView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateFont();
}

void SlideView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setProblems(m_problems->text().isEmpty() ? QStringList()
                                                 : m_problems->text().split(QLatin1Char('\n')));
}

void SlideView::applyFont(int pixels)
{
    QFont font = this->font();
    font.setPixelSize(pixels);
    m_text->document()->setDefaultFont(font);
    m_text->setFont(font);
    // A slide's margin, as a talk's slides have: a twentieth of the width around the text.
    m_text->document()->setDocumentMargin(m_demo ? pixels / 2 : std::max(8, width() / 20));
    QFont card = font;
    card.setPixelSize(std::max(10, int(pixels * 0.6)));
    m_problems->setFont(card);
}

bool SlideView::fitsAt(int pixels, QSize room)
{
    applyFont(pixels);
    QTextDocument *document = m_text->document();
    document->setTextWidth(room.width());
    // A line that cannot wrap (code) makes the document wider than the room: cut at the right.
    const QSizeF size = document->size();
    return size.height() <= room.height() && size.width() <= room.width() + 0.5;
}

void SlideView::updateFont()
{
    // A slide's body text is about an eighteenth of the window's height (a demo's words, a
    // twenty-fourth: the module below has its own zoom), so it reads from the back wherever the
    // window is. What does not fit is scaled down, to a floor still readable from the back.
    const int height = std::max(this->height(), 200);
    const int nominal = std::max(10, int((m_demo ? height / 24.0 : height / 18.0) * m_scale));
    const int floor = std::min(nominal, std::max(10, int(height / 30.0 * m_scale)));
    const int cardHeight = m_problems->isVisible() ? m_problems->sizeHint().height() : 0;
    const QSize room(std::max(1, width()),
                     m_demo ? height / 3 : std::max(1, this->height() - cardHeight));
    int pixels = nominal;
    m_cut = false;
    m_cutText.clear();
    if (!fitsAt(nominal, room)) {
        if (fitsAt(floor, room)) {
            int fits = floor;
            int tooBig = nominal;
            while (tooBig - fits > 1) {
                const int middle = (fits + tooBig) / 2;
                (fitsAt(middle, room) ? fits : tooBig) = middle;
            }
            pixels = fits;
        } else {
            pixels = floor;
            m_cut = true;
            const QSizeF size = m_text->document()->size();
            QStringList where;
            if (size.height() > room.height())
                where.append(tr("%1 px below the bottom").arg(int(size.height() - room.height())));
            if (size.width() > room.width() + 0.5)
                where.append(tr("%1 px past the right edge").arg(int(size.width() - room.width())));
            m_cutText = tr("cut at %1x%2 even with its text at %3 px: it runs %4")
                            .arg(width())
                            .arg(this->height())
                            .arg(floor)
                            .arg(where.join(tr(" and ")));
        }
    }
    applyFont(pixels);
    m_pixels = pixels;
    if (m_demo) {
        // The words take what they need, up to a third; the demo the rest.
        m_text->document()->setTextWidth(room.width());
        const int need = int(m_text->document()->size().height()) + 2;
        // Exactly that: a demo whose own minimum is tall must not squeeze the last bullet in half.
        m_text->setFixedHeight(std::min(need, room.height()));
        m_text->setVisible(!m_text->document()->isEmpty());
    } else {
        m_text->setMinimumHeight(0);
        m_text->setMaximumHeight(QWIDGETSIZE_MAX);
        m_text->setVisible(true);
    }
}

} // namespace Present
