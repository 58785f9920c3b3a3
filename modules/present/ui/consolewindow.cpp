// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "consolewindow.h"

#include <kit/appearance.h>
#include <kit/ink.h>

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace Present {

using namespace Kit;

namespace {

QString clockText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ConsoleWindow::ConsoleWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_position(new QLabel(this))
    , m_elapsed(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_pace(new QLabel(this))
    , m_pause(new QPushButton(tr("Pause Timer"), this))
    , m_reset(new QPushButton(tr("Reset Timer"), this))
    , m_now(new QLabel(this))
    , m_next(new QLabel(this))
    , m_nextCaption(new QLabel(this))
    , m_notes(new QTextBrowser(this))
    , m_keys(new QTextBrowser(this))
    , m_perSlide(new QLabel(this))
    , m_problems(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("present.console"));
    setWindowTitle(tr("Curtain: presenter console"));
    m_position->setObjectName(QStringLiteral("present.position"));
    m_position->setWordWrap(true);
    m_position->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_elapsed->setObjectName(QStringLiteral("present.elapsed"));
    m_elapsed->setAccessibleName(tr("Elapsed time"));
    m_clock->setObjectName(QStringLiteral("present.clock"));
    m_clock->setAccessibleName(tr("Clock"));
    m_pace->setObjectName(QStringLiteral("present.pace"));
    m_pace->setAccessibleName(tr("Time left"));
    m_pace->hide();
    m_pause->setObjectName(QStringLiteral("present.pauseTimer"));
    m_reset->setObjectName(QStringLiteral("present.resetTimer"));
    m_pause->setFocusPolicy(Qt::NoFocus); // the keys belong to the talk
    m_reset->setFocusPolicy(Qt::NoFocus);
    m_now->setObjectName(QStringLiteral("present.now"));
    m_now->setAccessibleName(tr("What the audience sees"));
    m_now->setAlignment(Qt::AlignCenter);
    m_now->setMinimumSize(160, 90);
    m_now->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_now->setMouseTracking(true);
    m_now->installEventFilter(this);
    m_next->setObjectName(QStringLiteral("present.next"));
    m_next->setAccessibleName(tr("The next stop"));
    m_next->setAlignment(Qt::AlignCenter);
    m_next->setMinimumSize(120, 68);
    m_next->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_nextCaption->setWordWrap(true);
    m_notes->setObjectName(QStringLiteral("present.notes"));
    m_notes->setAccessibleName(tr("Speaker notes"));
    m_notes->setFocusPolicy(Qt::NoFocus);
    m_keys->setObjectName(QStringLiteral("present.keys"));
    m_keys->setAccessibleName(tr("Keys"));
    m_keys->setFocusPolicy(Qt::NoFocus);
    m_keys->hide();
    m_perSlide->setObjectName(QStringLiteral("present.perSlide"));
    m_perSlide->setWordWrap(true);
    m_problems->setObjectName(QStringLiteral("present.consoleProblems"));
    m_problems->setAccessibleName(tr("Problems on this slide"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->hide();
    m_message->setObjectName(QStringLiteral("present.message"));
    m_message->setWordWrap(true);
    connect(m_pause, &QPushButton::clicked, this, &ConsoleWindow::pauseClicked);
    connect(m_reset, &QPushButton::clicked, this, &ConsoleWindow::resetClicked);

    auto *header = new QHBoxLayout;
    header->addWidget(m_position, 1);
    header->addWidget(m_elapsed);
    header->addWidget(m_pace);
    header->addWidget(m_pause);
    header->addWidget(m_reset);
    header->addSpacing(16);
    header->addWidget(m_clock);

    auto *grid = new QGridLayout;
    auto *nowTitle = new QLabel(tr("Now"), this);
    auto *nextTitle = new QLabel(tr("Next"), this);
    grid->addWidget(nowTitle, 0, 0);
    grid->addWidget(m_now, 1, 0, 3, 1);
    grid->addWidget(nextTitle, 0, 1);
    grid->addWidget(m_next, 1, 1);
    grid->addWidget(m_nextCaption, 2, 1);
    grid->addWidget(m_notes, 3, 1);
    grid->addWidget(m_keys, 3, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setRowStretch(1, 2);
    grid->setRowStretch(3, 3);

    auto *column = new QVBoxLayout(this);
    column->addLayout(header);
    column->addLayout(grid, 1);
    column->addWidget(m_problems);
    column->addWidget(m_perSlide);
    column->addWidget(m_message);

    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] {
        m_clock->setText(QTime::currentTime().toString(QStringLiteral("HH:mm")));
    });
    tick->start(1000);
    m_clock->setText(QTime::currentTime().toString(QStringLiteral("HH:mm")));
    connect(Appearance::instance(), &Appearance::changed, this, &ConsoleWindow::updateFonts);
    updateFonts();
}

void ConsoleWindow::setPosition(int slide, int count, const QString &title, const QString &stop)
{
    m_position->setText(tr("Slide %1 of %2 · %3%4")
                            .arg(slide + 1)
                            .arg(count)
                            .arg(title.isEmpty() ? tr("(no title)") : title,
                                 stop.isEmpty() ? QString() : QStringLiteral(" · ") + stop));
}

void ConsoleWindow::setNow(const QPixmap &picture)
{
    m_now->setPixmap(picture);
}

void ConsoleWindow::setNext(const QPixmap &picture, const QString &caption)
{
    m_next->setPixmap(
        picture.isNull()
            ? QPixmap()
            : picture.scaled(m_next->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
    m_nextCaption->setText(caption);
}

void ConsoleWindow::setNotes(const QString &markdown)
{
    if (markdown.isEmpty())
        m_notes->setPlainText(tr("(no notes for this slide)"));
    else
        m_notes->setMarkdown(markdown);
}

void ConsoleWindow::setTimes(qint64 elapsedMs, bool paused, const QList<qint64> &perSlideMs)
{
    m_elapsed->setText(paused ? tr("%1 (paused)").arg(clockText(elapsedMs)) : clockText(elapsedMs));
    m_pause->setText(paused ? tr("Resume Timer") : tr("Pause Timer"));
    QStringList parts;
    for (int i = 0; i < perSlideMs.size(); ++i) {
        if (perSlideMs.at(i) >= 1000)
            parts.append(tr("%1: %2").arg(i + 1).arg(clockText(perSlideMs.at(i)).mid(2)));
    }
    m_perSlide->setText(
        parts.isEmpty() ? QString() : tr("Time per slide: ") + parts.join(QStringLiteral(" · ")));
}

void ConsoleWindow::setProblems(const QStringList &problems)
{
    m_problemList = problems;
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    QPalette red = palette();
    red.setColor(QPalette::WindowText, Ink::failure(palette().color(QPalette::Window)));
    m_problems->setPalette(red);
}

void ConsoleWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        setProblems(m_problemList);
        setPace(m_pace->text(), m_paceLevel);
    }
}

void ConsoleWindow::setPace(const QString &text, Pace::Level level)
{
    m_pace->setText(text);
    m_pace->setVisible(!text.isEmpty());
    m_paceLevel = level;
    const QColor background = palette().color(QPalette::Window);
    QPalette colours = palette();
    if (level == Pace::Level::Hurry) // amber (Okabe-Ito's orange), readable on the background
        colours.setColor(QPalette::WindowText,
                         Ink::atLeast(QColor(0xe6, 0x9f, 0x00), background, Ink::Text));
    else if (level == Pace::Level::Over)
        colours.setColor(QPalette::WindowText, Ink::failure(background));
    m_pace->setPalette(colours);
}

QString ConsoleWindow::paceText() const
{
    return m_pace->text();
}

void ConsoleWindow::setMessage(const QString &message)
{
    m_message->setText(message);
}

void ConsoleWindow::setKeys(const QString &markdown)
{
    m_keys->setMarkdown(markdown);
}

void ConsoleWindow::setKeysShown(bool shown)
{
    m_keys->setVisible(shown);
    m_notes->setVisible(!shown);
}

bool ConsoleWindow::keysShown() const
{
    return !m_keys->isHidden();
}

QString ConsoleWindow::notesText() const
{
    return m_notes->toPlainText();
}

QString ConsoleWindow::positionText() const
{
    return m_position->text();
}

QString ConsoleWindow::message() const
{
    return m_message->text();
}

QSize ConsoleWindow::nowSize() const
{
    return m_now->size();
}

void ConsoleWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateFonts();
}

bool ConsoleWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_now && event->type() == QEvent::MouseMove) {
        // The picture is drawn centred, at the room's aspect: where in it is the mouse?
        const QSize shown = m_now->pixmap().size();
        const QPointF origin((m_now->width() - shown.width()) / 2.0,
                             (m_now->height() - shown.height()) / 2.0);
        const QPointF at = static_cast<QMouseEvent *>(event)->position() - origin;
        emit pointerMoved({std::clamp(at.x() / std::max(1, shown.width()), 0.0, 1.0),
                           std::clamp(at.y() / std::max(1, shown.height()), 0.0, 1.0)});
    }
    return QWidget::eventFilter(watched, event);
}

void ConsoleWindow::updateFonts()
{
    // Large enough to read at a glance from a step away from the laptop.
    const QFont base = font();
    QFont big = scaledFont(base, 1.6, true);
    m_position->setFont(big);
    m_elapsed->setFont(big);
    m_clock->setFont(big);
    m_pace->setFont(big);
    QFont notes = base;
    notes.setPixelSize(std::max(14, height() / 34));
    for (QTextBrowser *browser : {m_notes, m_keys}) {
        browser->document()->setDefaultFont(notes);
        browser->setFont(notes);
    }
}

} // namespace Present
