// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythonhighlighter.h"

#include "ink.h"

namespace Kit {

namespace {

QTextCharFormat charFormat(const QColor &colour, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(colour);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void PythonHighlighter::setPalette(const QPalette &palette)
{
    // Hues that tell the kinds apart; Ink makes each one readable (4.5:1) on this base.
    const QColor base = palette.color(QPalette::Base);
    const bool dark = Ink::isDark(palette);
    const auto ink = [&](QColor onLight, QColor onDark) {
        return Ink::atLeast(dark ? onDark : onLight, base, Ink::Text);
    };
    const QColor keyword = ink(QColor(0x7a, 0x1f, 0xa2), QColor(0xc7, 0x92, 0xea));
    const QColor builtin = ink(QColor(0x1f, 0x4f, 0xb5), QColor(0x82, 0xaa, 0xff));
    const QColor string = ink(QColor(0x2e, 0x7d, 0x32), QColor(0xc3, 0xe8, 0x8d));
    const QColor number = ink(QColor(0xb3, 0x50, 0x00), QColor(0xf7, 0x8c, 0x6c));
    const QColor comment = ink(QColor(0x6a, 0x73, 0x7d), QColor(0x8a, 0x92, 0xa0));
    const QColor definition = ink(QColor(0x8a, 0x5a, 0x00), QColor(0xff, 0xcb, 0x6b));

    static const QStringList keywords{
        QStringLiteral("and"),    QStringLiteral("as"),       QStringLiteral("assert"),
        QStringLiteral("async"),  QStringLiteral("await"),    QStringLiteral("break"),
        QStringLiteral("class"),  QStringLiteral("continue"), QStringLiteral("def"),
        QStringLiteral("del"),    QStringLiteral("elif"),     QStringLiteral("else"),
        QStringLiteral("except"), QStringLiteral("finally"),  QStringLiteral("for"),
        QStringLiteral("from"),   QStringLiteral("global"),   QStringLiteral("if"),
        QStringLiteral("import"), QStringLiteral("in"),       QStringLiteral("is"),
        QStringLiteral("lambda"), QStringLiteral("nonlocal"), QStringLiteral("not"),
        QStringLiteral("or"),     QStringLiteral("pass"),     QStringLiteral("raise"),
        QStringLiteral("return"), QStringLiteral("try"),      QStringLiteral("while"),
        QStringLiteral("with"),   QStringLiteral("yield"),    QStringLiteral("None"),
        QStringLiteral("True"),   QStringLiteral("False")};
    static const QStringList builtins{
        QStringLiteral("type"),         QStringLiteral("object"),     QStringLiteral("super"),
        QStringLiteral("print"),        QStringLiteral("isinstance"), QStringLiteral("len"),
        QStringLiteral("self"),         QStringLiteral("cls"),        QStringLiteral("str"),
        QStringLiteral("int"),          QStringLiteral("dict"),       QStringLiteral("list"),
        QStringLiteral("hasattr"),      QStringLiteral("getattr"),    QStringLiteral("setattr"),
        QStringLiteral("vars"),         QStringLiteral("range"),      QStringLiteral("classmethod"),
        QStringLiteral("staticmethod"), QStringLiteral("property")};

    m_rules.clear();
    m_rules.append(
        {QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(keywords.join(QLatin1Char('|')))),
         charFormat(keyword, true)});
    m_rules.append(
        {QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(builtins.join(QLatin1Char('|')))),
         charFormat(builtin)});
    m_rules.append(
        {QRegularExpression(QStringLiteral("\\b__\\w+__\\b")), charFormat(builtin, false, true)});
    m_rules.append({QRegularExpression(QStringLiteral("\\b(?:def|class)\\s+(\\w+)")),
                    charFormat(definition, true),
                    1});
    m_rules.append({QRegularExpression(QStringLiteral("^\\s*@[\\w.]+")), charFormat(definition)});
    m_rules.append(
        {QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?\\b")), charFormat(number)});
    m_string = charFormat(string);
    m_comment = charFormat(comment, false, true);
    rehighlight();
}

void PythonHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto match = it.next();
            setFormat(int(match.capturedStart(rule.group)),
                      int(match.capturedLength(rule.group)),
                      rule.format);
        }
    }

    // Strings and comments last, so they win; a small scanner keeps '#' inside strings a string.
    int i = previousBlockState() == 1 ? 0 : -1;
    int start = 0;
    QChar quote;
    bool triple = previousBlockState() == 1;
    if (triple)
        quote = QLatin1Char('"');
    for (int pos = 0; pos < text.size(); ++pos) {
        const QChar c = text.at(pos);
        if (i >= 0 || triple) {
            if (triple) {
                const auto close = m_tripleQuote.match(text, pos);
                const int end = close.hasMatch() ? int(close.capturedEnd()) : int(text.size());
                setFormat(start, end - start, m_string);
                if (!close.hasMatch()) {
                    setCurrentBlockState(1);
                    return;
                }
                pos = end - 1;
                triple = false;
                i = -1;
                continue;
            }
            if (c == QLatin1Char('\\')) {
                ++pos;
                continue;
            }
            if (c == quote) {
                setFormat(start, pos - start + 1, m_string);
                i = -1;
            }
            continue;
        }
        if (c == QLatin1Char('#')) {
            setFormat(pos, int(text.size()) - pos, m_comment);
            break;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            start = pos;
            quote = c;
            if (text.mid(pos, 3) == QString(3, c)) {
                triple = true;
                pos += 2;
                const auto close = m_tripleQuote.match(text, pos + 1);
                if (close.hasMatch()) {
                    setFormat(start, int(close.capturedEnd()) - start, m_string);
                    pos = int(close.capturedEnd()) - 1;
                    triple = false;
                } else {
                    setFormat(start, int(text.size()) - start, m_string);
                    setCurrentBlockState(1);
                    return;
                }
                continue;
            }
            i = pos;
        }
    }
    if (i >= 0)
        setFormat(start, int(text.size()) - start, m_string);
    setCurrentBlockState(0);
}

} // namespace Kit
