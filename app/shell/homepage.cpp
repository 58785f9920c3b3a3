#include "homepage.h"

#include <appearance.h>
#include <module.h>
#include <moduleregistry.h>

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

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

HomePage::HomePage(const ModuleRegistry &registry, QWidget *parent)
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
        tr("<p>Press <b>Ctrl++</b> until the back row can read it (every plot follows), "
           "<b>F11</b> for full screen, and <b>Page Down</b> / <b>Page Up</b> to step through a "
           "module, which is what most presentation clickers send. <b>View → Theme</b> switches "
           "between light and dark; a light theme usually reads better on a projector. "
           "<b>Help → Keyboard Shortcuts</b> lists everything.</p>"),
        content));
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
