// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QWidget>

class QLabel;
class QTextBrowser;
class QVBoxLayout;

namespace Present {

struct Slide;

/**
 * One slide as the audience sees it: its Markdown (Qt's own renderer) in large type filling the
 * window, or for a demo slide its heading and words above the module's own view, hosted live.
 * A slide with problems shows a card naming each with its line.
 */
class SlideView final : public QWidget
{
    Q_OBJECT

public:
    explicit SlideView(QWidget *parent = nullptr);

    /** The screen `deck check` lays every slide out on: a common projector's. */
    static constexpr QSize CheckSize{1280, 800};

    /** Shows SLIDE with its first REVEALED items; pictures resolve against BASEDIR. */
    void showSlide(const Slide &slide, int revealed, const QString &baseDir);
    /** Shows the problems (line: message) on a card above the slide; empty hides it. */
    void setProblems(const QStringList &problems);
    /** Hosts DEMO (a module's view, lent: see ViewLoan) under the slide's words; nullptr for
     *  none. */
    void hostDemo(QWidget *demo);
    /** The hosted view, taken out of this slide (hidden, parentless; its loan puts it back where
     *  it came from), or nullptr. */
    QWidget *takeDemo();
    QWidget *demo() const { return m_demo; }
    /** The audience's text scale (1: the text fits a talk's slide at this window's size). */
    void setTextScale(double scale);
    double textScale() const { return m_scale; }
    /** The slide's text as shown (for tests and the console). */
    QString text() const;
    /** Whether the slide's words are cut (at the bottom or the right) even at the smallest
     *  readable size: the console warns, `deck check` refuses. */
    bool isCut() const { return m_cut; }
    /** Where it is cut and by how much ("cut at 1280x800 even with its text at 26 px: it runs
     *  120 px below the bottom"); empty when it fits. */
    QString cutText() const { return m_cutText; }
    /** The pixel size of the slide's body text now (scaled down to fit, if it had to be). */
    int textPixels() const { return m_pixels; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateFont();
    void applyFont(int pixels);
    /** Whether the words fit ROOM with their body text PIXELS tall. */
    bool fitsAt(int pixels, QSize room);

    QVBoxLayout *m_layout;
    QLabel *m_problems;
    QTextBrowser *m_text;
    QWidget *m_demo = nullptr;
    QString m_markdown;
    QString m_baseDir;
    bool m_demoSlide = false;
    double m_scale = 1.0;
    bool m_cut = false;
    QString m_cutText;
    int m_pixels = 0;
};

} // namespace Present
