// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QTextBrowser>

namespace Kit {

/**
 * A page of reading for learners: HTML with headings, paragraphs and Python listings, styled from
 * the current palette and the application font, so it follows the theme and the zoom.
 */
class ReadingPage : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ReadingPage(QWidget *parent = nullptr);

    /** Shows BODY, an HTML fragment (no <html> or <style>: the page styles itself). */
    void setBody(const QString &body);
    /** Shows the HTML fragment in the resource or file PATH; false if it cannot be read. */
    bool setBodyFromFile(const QString &path);
    QString body() const { return m_body; }

    /** The style sheet a page uses with PALETTE. */
    static QString styleSheetFor(const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_body;
};

} // namespace Kit
