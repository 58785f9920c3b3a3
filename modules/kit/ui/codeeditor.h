// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QPlainTextEdit>

namespace Kit {

class PythonHighlighter;

/** The Python editor: line numbers, highlighting, the current step's line, an error's line. */
class CodeEditor final : public QPlainTextEdit
{
    Q_OBJECT

public:
    /** Takes the application's font (in monospace) and the palette's colours now: when the
     *  zoom or the theme changes (Appearance::changed), and once at the start. On a presenter's
     *  stage the font is set smaller, down to StageFloor of it, until the widest line fits the
     *  editor's width (as a slide's code is): the room cannot scroll sideways, and a line
     *  wrapped mid-word misreads. */
    void followAppearance();
    static constexpr double StageFloor = 0.7;
    explicit CodeEditor(QWidget *parent = nullptr);

    /** Marks LINE (1-based) as the current step's line and scrolls to it; 0 clears. */
    void setCurrentLine(int line);
    /** Marks LINE as where the program failed, with MESSAGE as its tooltip; 0 clears. */
    void setErrorLine(int line, const QString &message = {});
    int currentLine() const { return m_currentLine; }
    int errorLine() const { return m_errorLine; }

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    /** FONT, or on a stage FONT made smaller so that the widest line fits (followAppearance). */
    QFont stageFitted(QFont font) const;
    void updateMargins();
    void updateSelections();

    QWidget *m_lineNumbers = nullptr;
    PythonHighlighter *m_highlighter = nullptr;
    int m_currentLine = 0;
    int m_errorLine = 0;
    bool m_restyling = false; // followAppearance() at work: no edit, whatever the document says
    QString m_errorMessage;
};

} // namespace Kit
