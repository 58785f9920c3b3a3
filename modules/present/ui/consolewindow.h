// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <present/pace.h>

#include <QPointF>
#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace Present {

/**
 * The presenter's window on the laptop: what the room sees now (a live picture of the audience
 * window), the next stop, the speaker notes in large type (or the list of keys), slide n of N,
 * the elapsed time (pause, reset), the clock, and the time spent on each slide.
 */
class ConsoleWindow final : public QWidget
{
    Q_OBJECT

public:
    explicit ConsoleWindow(QWidget *parent = nullptr);

    void setPosition(int slide, int count, const QString &title, const QString &stop);
    void setNow(const QPixmap &picture);
    void setNext(const QPixmap &picture, const QString &caption);
    void setNotes(const QString &markdown);
    /** ELAPSEDMS of talk, whether the timer is PAUSED, and the time on each slide so far. */
    void setTimes(qint64 elapsedMs, bool paused, const QList<qint64> &perSlideMs);
    /** What is wrong on this slide ("line N: ..."), for the presenter only; empty hides it. */
    void setProblems(const QStringList &problems);
    QStringList problems() const { return m_problemList; }
    /** The talk's countdown and pace (TEXT; empty hides it), coloured for LEVEL: the palette's
     *  text while calm, amber near the end, red when over. */
    void setPace(const QString &text, Pace::Level level);
    QString paceText() const;
    Pace::Level paceLevel() const { return m_paceLevel; }
    /** A line for the presenter: a reload, a problem, a key to remember. */
    void setMessage(const QString &message);
    /** The list of keys (Markdown), shown in the notes' place while keysShown(). */
    void setKeys(const QString &markdown);
    void setKeysShown(bool shown);
    bool keysShown() const;
    QString notesText() const;
    QString positionText() const;
    QString message() const;
    /** The size the live picture of the audience is drawn at. */
    QSize nowSize() const;

signals:
    void pauseClicked();
    void resetClicked();
    /** The mouse moved over the picture of the room, to AT (a fraction of it, 0..1 each way). */
    void pointerMoved(QPointF at);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateFonts();

    QLabel *m_position;
    QLabel *m_elapsed;
    QLabel *m_clock;
    QLabel *m_pace;
    Pace::Level m_paceLevel = Pace::Level::Calm;
    QPushButton *m_pause;
    QPushButton *m_reset;
    QLabel *m_now;
    QLabel *m_next;
    QLabel *m_nextCaption;
    QTextBrowser *m_notes;
    QTextBrowser *m_keys;
    QLabel *m_perSlide;
    QLabel *m_problems;
    QStringList m_problemList;
    QLabel *m_message;
};

} // namespace Present
