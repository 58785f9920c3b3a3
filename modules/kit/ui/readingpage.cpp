// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "readingpage.h"

#include <QEvent>
#include <QFile>
#include <QScrollBar>

namespace Kit {

ReadingPage::ReadingPage(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenExternalLinks(true);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(24);
}

QString ReadingPage::styleSheetFor(const QPalette &palette)
{
    const QColor codeBackground = palette.color(QPalette::AlternateBase);
    const QColor accent = palette.color(QPalette::Highlight);
    const QColor muted = palette.color(QPalette::PlaceholderText);
    return QStringLiteral("h1 { font-size: xx-large; margin-bottom: 8px; }"
                          "h2 { font-size: x-large; margin-top: 18px; color: %2; }"
                          "h3 { font-size: large; margin-top: 12px; }"
                          "p, li { line-height: 130%; }"
                          "pre { background-color: %1; font-family: monospace; padding: 8px; }"
                          "code { font-family: monospace; }"
                          ".muted { color: %3; }"
                          "a { color: %4; }")
        .arg(codeBackground.name(),
             accent.name(),
             muted.name(),
             palette.color(QPalette::Link).name());
}

void ReadingPage::setBody(const QString &body)
{
    m_body = body;
    render();
}

bool ReadingPage::setBodyFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        setBody(QStringLiteral("<p>Could not read %1: %2</p>")
                    .arg(path.toHtmlEscaped(), file.errorString().toHtmlEscaped()));
        return false;
    }
    setBody(QString::fromUtf8(file.readAll()));
    return true;
}

void ReadingPage::render()
{
    const int scroll = verticalScrollBar()->value();
    document()->setDefaultStyleSheet(styleSheetFor(palette()));
    setHtml(m_body);
    verticalScrollBar()->setValue(scroll);
}

void ReadingPage::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_body.isEmpty())
        render();
}

} // namespace Kit
