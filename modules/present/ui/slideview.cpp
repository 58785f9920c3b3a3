// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "slideview.h"

#include <kit/ink.h>
#include <present/deck.h>

#include <QEvent>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBrowser>
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
    m_text->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_text->setOpenExternalLinks(false);
    m_text->setFocusPolicy(Qt::NoFocus);
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

void SlideView::updateFont()
{
    // A slide's body text is about a sixteenth of the window's height (a demo's words, smaller:
    // the module below has its own zoom), so it reads from the back wherever the window is.
    const int height = std::max(this->height(), 200);
    const double pixels = (m_demo ? height / 30.0 : height / 18.0) * m_scale;
    QFont font = this->font();
    font.setPixelSize(std::max(10, int(pixels)));
    m_text->document()->setDefaultFont(font);
    m_text->setFont(font);
    // A slide's margin, as a talk's slides have: a twentieth of the width around the text.
    m_text->document()->setDocumentMargin(m_demo ? pixels / 2 : std::max(8, this->width() / 20));
    QFont card = font;
    card.setPixelSize(std::max(10, int(pixels * 0.6)));
    m_problems->setFont(card);
    if (m_demo) {
        // The words take what they need, up to a third; the demo the rest.
        const int need = int(m_text->document()->size().height()) + 8;
        m_text->setMaximumHeight(std::min(need, height / 3));
        m_text->setVisible(!m_text->document()->isEmpty());
    } else {
        m_text->setMaximumHeight(QWIDGETSIZE_MAX);
        m_text->setVisible(true);
    }
}

} // namespace Present
