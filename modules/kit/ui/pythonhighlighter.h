// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QPalette>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Kit {

/** Python colouring for the editor: keywords, builtins, strings, numbers, comments, decorators. */
class PythonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit PythonHighlighter(QTextDocument *document);

    /** Colours from PALETTE: each kind of word keeps its hue and reads on the palette's base. */
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule
    {
        QRegularExpression pattern;
        QTextCharFormat format;
        int group = 0;
    };
    QList<Rule> m_rules;
    QTextCharFormat m_string;
    QTextCharFormat m_comment;
    QRegularExpression m_tripleQuote{QStringLiteral("\"\"\"|'''")};
};

} // namespace Kit
