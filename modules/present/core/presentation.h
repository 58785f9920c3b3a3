// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>

#include <functional>

namespace Present {

struct Deck;

/**
 * Where a talk is and where a clicker press takes it. A slide's stops are: the slide itself, each
 * `+` item revealed in turn, then the steps of its demo (as many as the demo has: the demo says
 * when it has none left). Forward from the last stop enters the next slide; back from the first
 * stop enters the previous slide at its last stop. Pure state: the demo's steps are asked for
 * through the callbacks, so the machine is tested without a module.
 */
class Presentation
{
public:
    /** What a press did. */
    enum class Move {
        None,       // nothing to move to (the first or last stop of the talk)
        Reveal,     // showed the next `+` item
        Hide,       // hid the last shown item
        DemoStep,   // the demo moved one step (forward or back)
        EnterSlide, // another slide (at its first stop going forward, its last going back)
    };

    struct Stop
    {
        int slide = 0;
        int revealed = 0;
        bool operator==(const Stop &) const = default;
    };

    /** ITEMS[i] is the number of `+` items on slide i; HASDEMO[i] whether it has a demo. */
    Presentation(QList<int> items, QList<bool> hasDemo);
    /** DECK's stops: its slides' `+` items, and the demo of each slide that has one. */
    static Presentation of(const Deck &deck);

    /** One stop on. DEMOFORWARD moves the slide's demo one step and says whether it could. */
    Move forward(const std::function<bool()> &demoForward = {});
    /** One stop back. DEMOBACK moves the demo back one step and says whether it could. */
    Move back(const std::function<bool()> &demoBack = {});
    /** Slide SLIDE (clamped), at its first stop, or its last when ATEND. */
    void goTo(int slide, bool atEnd = false);

    Stop stop() const { return m_stop; }
    int slide() const { return m_stop.slide; }
    int revealed() const { return m_stop.revealed; }
    int count() const { return int(m_items.size()); }
    /** Where forward() goes when the demo (if any) has no step left: for a preview. */
    Stop nextStop() const;
    /** Whether the current slide has a demo and every item is shown (its steps come next). */
    bool atDemo() const;
    /** Demo steps taken forward on this slide and not taken back. */
    int demoSteps() const { return m_demoSteps; }

    /** demoSteps() of a slide entered at its end: its demo is at its end, steps unknown. */
    static constexpr int EndOfDemo = 1 << 20;

private:
    QList<int> m_items;
    QList<bool> m_hasDemo;
    Stop m_stop;
    int m_demoSteps = 0;
};

} // namespace Present
