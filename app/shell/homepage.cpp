// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "homepage.h"

#include <present/deck.h>

#include <QFileInfo>
#include <QHBoxLayout>

#include <kit/appearance.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Shell {

using namespace Kit;
using namespace Present;

namespace {

QLabel *paragraph(const QString &html, QWidget *parent)
{
    auto *label = new QLabel(html, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    return label;
}

} // namespace

HomePage::HomePage(const ModuleRegistry &registry, const QStringList &decks, QWidget *parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("shell.home"));
    setAccessibleName(tr("Home"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(32, 28, 32, 28);
    column->setSpacing(14);

    m_headline = new QLabel(tr("Pull back the curtain on Python"), content);
    m_headline->setWordWrap(true);
    column->addWidget(m_headline);
    column->addWidget(paragraph(
        tr("<p>Curtain shows what Python really does underneath: how a <code>class</code> "
           "statement builds a class, why two threads are not twice as fast, and why a startup's "
           "video queue falls over long before its servers are 100&nbsp;% busy. Nothing here is "
           "a cartoon. Your code runs in the real CPython interpreter, the threads and processes "
           "are real ones on your own cores, and the database is a real database.</p>"
           "<p>It grew out of one evening of talks at the SoCal Python meetup in June 2011: "
           "metaclasses, asynchronous programming, and the technical challenges of a young "
           "startup. Each talk became a module. Pick one below, or from the list on the left.</p>"),
        content));

    auto *modulesTitle = new QLabel(tr("The modules"), content);
    m_sectionTitles.append(modulesTitle);
    column->addWidget(modulesTitle);
    for (const Module *module : registry.modules())
        column->addWidget(makeCard(module));

    auto *tipsTitle = new QLabel(tr("Presenting at a meetup?"), content);
    m_sectionTitles.append(tipsTitle);
    column->addWidget(tipsTitle);
    column->addWidget(paragraph(
        tr("<p>Give the night's talks from Curtain: each is a deck of slides with speaker notes "
           "and live demos in the modules, on a full-screen audience window with a presenter "
           "console beside it (<b>Present</b> menu). Page Down / Page Up step through it, which "
           "is what clickers send. Your own decks are Markdown files.</p>"
           "<p>Showing a module without a deck: press <b>Ctrl++</b> until the back row can read "
           "it, <b>F11</b> for full screen, <b>Page Down</b> / <b>Page Up</b> to step. "
           "<b>Ctrl+Shift+T</b> switches light and dark. <b>Help → Keyboard Shortcuts</b> lists "
           "everything.</p>"),
        content));
    for (const QString &deck : decks) {
        auto *row = new QHBoxLayout;
        QString title = QFileInfo(deck).completeBaseName();
        if (const std::optional<Deck> parsed = Deck::read(deck, nullptr))
            title = parsed->title;
        auto *name = new QLabel(title, content);
        name->setWordWrap(true);
        auto *present = new QPushButton(tr("Present"), content);
        present->setObjectName(QStringLiteral("shell.home.present.")
                               + QFileInfo(deck).completeBaseName());
        present->setAccessibleName(tr("Present %1").arg(title));
        connect(present, &QPushButton::clicked, this, [this, deck] { emit presentDeck(deck); });
        row->addWidget(name, 1);
        row->addWidget(present);
        column->addLayout(row);
    }
    column->addStretch(1);

    setWidget(content);
    updateFonts();
}

QWidget *HomePage::makeCard(const Module *module)
{
    auto *card = new QFrame;
    card->setObjectName(QStringLiteral("shell.home.card.") + module->id());
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);

    auto *row = new QHBoxLayout(card);
    row->setContentsMargins(16, 14, 16, 14);
    row->setSpacing(16);

    auto *icon = new QLabel(card);
    icon->setAlignment(Qt::AlignTop);
    row->addWidget(icon, 0, Qt::AlignTop);

    auto *text = new QVBoxLayout;
    text->setSpacing(6);
    auto *title = new QLabel(module->title(), card);
    text->addWidget(title);
    auto *description = new QLabel(module->description(), card);
    description->setWordWrap(true);
    text->addWidget(description);
    row->addLayout(text, 1);

    auto *open = new QPushButton(tr("Open %1").arg(module->title()), card);
    open->setObjectName(QStringLiteral("shell.home.open.") + module->id());
    open->setAccessibleName(tr("Open %1").arg(module->title()));
    row->addWidget(open, 0, Qt::AlignVCenter);
    connect(open, &QPushButton::clicked, this, [this, id = module->id()] { emit openModule(id); });

    m_cards.append({icon, module->icon(), title});
    return card;
}

void HomePage::updateFonts()
{
    const QFont base = font();
    m_headline->setFont(scaledFont(base, 2.0, true));
    for (QLabel *title : std::as_const(m_sectionTitles))
        title->setFont(scaledFont(base, 1.35, true));
    const int iconSide = QFontMetrics(base).height() * 3;
    for (const Card &card : std::as_const(m_cards)) {
        card.title->setFont(scaledFont(base, 1.25, true));
        card.icon->setPixmap(card.source.pixmap(QSize(iconSide, iconSide), devicePixelRatioF()));
        card.icon->setFixedSize(iconSide, iconSide);
    }
}

void HomePage::changeEvent(QEvent *event)
{
    QScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateFonts();
}

} // namespace Shell
