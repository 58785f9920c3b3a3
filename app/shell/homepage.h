// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QScrollArea>

namespace Kit {
class Module;
class ModuleRegistry;
} // namespace Kit
class QLabel;

namespace Shell {

/** The first page a learner sees: what Curtain is, the meetup it comes from, and each module. */
class HomePage final : public QScrollArea
{
    Q_OBJECT

public:
    /** DECKS: the built-in decks' files, each with a Present button. */
    explicit HomePage(const Kit::ModuleRegistry &registry,
                      const QStringList &decks = {},
                      QWidget *parent = nullptr);

signals:
    /** The learner asked to open module ID. */
    void openModule(const QString &id);
    /** The presenter asked to present the deck PATH. */
    void presentDeck(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Card
    {
        QLabel *icon;
        QIcon source;
        QLabel *title;
    };

    QWidget *makeCard(const Kit::Module *module);
    void updateFonts();

    QLabel *m_headline = nullptr;
    QList<QLabel *> m_sectionTitles;
    QList<Card> m_cards;
};

} // namespace Shell
