// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presentation.h"

#include "deck.h"

#include <algorithm>

namespace Present {

Presentation::Presentation(QList<int> items, QList<bool> hasDemo)
    : m_items(std::move(items))
    , m_hasDemo(std::move(hasDemo))
{
    while (m_hasDemo.size() < m_items.size())
        m_hasDemo.append(false);
}

Presentation Presentation::of(const Deck &deck)
{
    QList<int> items;
    QList<bool> demos;
    for (const Slide &slide : deck.slides) {
        items.append(slide.items);
        demos.append(slide.demo.has_value()); // a slide's problem loses a line, not its demo
    }
    return Presentation(items, demos);
}

bool Presentation::atDemo() const
{
    return m_hasDemo.value(m_stop.slide) && m_stop.revealed >= m_items.value(m_stop.slide);
}

Presentation::Move Presentation::forward(const std::function<bool()> &demoForward)
{
    if (m_items.isEmpty())
        return Move::None;
    if (m_stop.revealed < m_items.at(m_stop.slide)) {
        ++m_stop.revealed;
        return Move::Reveal;
    }
    if (atDemo() && demoForward && demoForward()) {
        ++m_demoSteps;
        return Move::DemoStep;
    }
    if (m_stop.slide + 1 >= count())
        return Move::None;
    goTo(m_stop.slide + 1);
    return Move::EnterSlide;
}

Presentation::Move Presentation::back(const std::function<bool()> &demoBack)
{
    if (m_items.isEmpty())
        return Move::None;
    if (atDemo() && m_demoSteps > 0 && demoBack && demoBack()) {
        --m_demoSteps;
        return Move::DemoStep;
    }
    if (m_stop.revealed > 0) {
        --m_stop.revealed;
        return Move::Hide;
    }
    if (m_stop.slide == 0)
        return Move::None;
    goTo(m_stop.slide - 1, true);
    return Move::EnterSlide;
}

void Presentation::goTo(int slide, bool atEnd)
{
    if (m_items.isEmpty())
        return;
    m_stop.slide = std::clamp(slide, 0, count() - 1);
    m_stop.revealed = atEnd ? m_items.at(m_stop.slide) : 0;
    // Entered from the next slide, a demo is at its end: back steps it back until it cannot.
    m_demoSteps = atEnd && m_hasDemo.value(m_stop.slide) ? EndOfDemo : 0;
}

Presentation::Stop Presentation::nextStop() const
{
    if (m_items.isEmpty())
        return m_stop;
    if (m_stop.revealed < m_items.at(m_stop.slide))
        return {m_stop.slide, m_stop.revealed + 1};
    if (m_stop.slide + 1 < count())
        return {m_stop.slide + 1, 0};
    return m_stop;
}

} // namespace Present
