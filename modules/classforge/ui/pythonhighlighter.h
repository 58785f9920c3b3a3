#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/** Python colouring for the editor: keywords, builtins, strings, numbers, comments, decorators. */
class PythonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit PythonHighlighter(QTextDocument *document);

    /** Recolours for a dark (DARK) or light background. */
    void setDark(bool dark);

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
