// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "presenterkeys.h"

namespace Present {

namespace {

QList<PresenterKey> table()
{
    QList<PresenterKey> rows;
    // A row of the table; KEYS are its keys' portable names, separated by spaces.
    const auto add = [&rows](const char *id,
                             const char *text,
                             const char *description,
                             const char *keys) -> PresenterKey & {
        rows.append({QString::fromLatin1(id),
                     QString::fromUtf8(text),
                     QString::fromUtf8(description),
                     QString::fromLatin1(keys).split(QLatin1Char(' ')),
                     QString(),
                     false,
                     false});
        return rows.last();
    };
    const QString afterNumber = QStringLiteral("after a number");

    add("present.next",
        "Next",
        "One stop on: the next `+` item, then the demo's next step (Class Forge: the next step "
        "of the trace; Scheduler Lab: run, then the replay from one event to the next; Startup "
        "Sim: "
        "the playback an hour, or the deck's `step`, at a time), then the next slide",
        "PgDown Right Down Space Return Enter")
        .brief
        = true;
    add("present.previous",
        "Back",
        "One stop back, the same way, across slides",
        "PgUp Left Up Backspace")
        .brief
        = true;
    add("present.first", "First slide", "Go to the first slide", "Home");
    add("present.last", "Last slide", "Go to the last slide", "End");
    PresenterKey &type = add("present.type",
                             "Slide number, then Enter",
                             "Type a slide's number, for Enter to go to",
                             "0 1 2 3 4 5 6 7 8 9");
    type.eachKey = true;
    type.brief = true;
    add("present.goTo",
        "Go to that slide",
        "Go to the slide whose number was typed",
        "Return Enter")
        .when
        = afterNumber;
    add("present.blackout",
        "Black out",
        "Black the room's screen out, or back in (what moves pauses); `.` is a clicker's "
        "\"blank\" key",
        "B .")
        .brief
        = true;
    add("present.whiteout",
        "White out",
        "White the room's screen out, or back in (what moves pauses)",
        "W ,")
        .brief
        = true;
    add("present.pointer",
        "Pointer",
        "Show or hide a pointer the room sees (move it over the console's picture of the room)",
        "P")
        .brief
        = true;
    add("present.zoomIn",
        "Larger",
        "The room's text and the demo's views larger (the laptop's windows keep their own zoom)",
        "Ctrl++ Ctrl+=");
    add("present.zoomOut", "Smaller", "The room's text and the demo's views smaller", "Ctrl+-");
    add("present.zoomReset",
        "Usual size",
        "The room's text and views back to their size for a projector",
        "Ctrl+0");
    add("present.panel",
        "Next panel",
        "The demo's next page on the room's screen (Scheduler Lab: Timeline, Runs, and Compare "
        "once it ran; Startup Sim: Results, Sweep, For real; Class Forge: its panels), going round",
        "V");
    add("present.timer", "Pause timer", "Pause or resume the talk's timer", "T");
    add("present.swapScreens", "Swap screens", "Swap the two windows' screens", "Tab").brief = true;
    add("present.console", "Console", "Show or hide the console (on a single screen)", "C").brief
        = true;
    add("present.reload",
        "Reload",
        "Read the deck again, on the same slide (it also does when its file changes)",
        "R");
    add("present.help", "Keys", "Show or hide this list of keys on the console", "F1 H ?").brief
        = true;
    add("present.start",
        "Start",
        "Nothing: a clicker's \"start\" key, while presenting already",
        "F5");
    add("present.clearNumber", "Forget the number", "Forget the number typed", "Esc").when
        = afterNumber;
    add("present.uncover", "Uncover", "Show the room the slide again", "Esc").when
        = QStringLiteral("while blacked or whited out");
    add("present.leave",
        "Leave",
        "Stop presenting: a first press asks on the console, a second within 2 seconds "
        "closes both windows and gives the module views back",
        "Esc")
        .brief
        = true;
    return rows;
}

} // namespace

namespace PresenterKeys {

const QList<PresenterKey> &all()
{
    static const QList<PresenterKey> rows = table();
    return rows;
}

const PresenterKey *find(const QString &id)
{
    for (const PresenterKey &row : all()) {
        if (row.id == id)
            return &row;
    }
    return nullptr;
}

QString words(const QString &key)
{
    static const QList<std::pair<QString, QString>> names{
        {QStringLiteral("PgDown"), QStringLiteral("Page Down")},
        {QStringLiteral("PgUp"), QStringLiteral("Page Up")},
        {QStringLiteral("Esc"), QStringLiteral("Escape")},
        {QStringLiteral("Return"), QStringLiteral("Enter")},
        {QStringLiteral("Enter"), QStringLiteral("keypad Enter")},
    };
    for (const auto &[portable, word] : names) {
        if (key == portable)
            return word;
    }
    return key;
}

QString keysText(const PresenterKey &row)
{
    QString text;
    if (row.eachKey && row.keys.size() > 2) {
        text = QStringLiteral("`%1` … `%2`").arg(words(row.keys.first()), words(row.keys.last()));
    } else {
        QStringList keys;
        for (const QString &key : row.keys)
            keys.append(QLatin1Char('`') + words(key) + QLatin1Char('`'));
        text = keys.join(QStringLiteral(", "));
    }
    if (!row.when.isEmpty())
        text += QStringLiteral(" (%1)").arg(row.when);
    return text;
}

QString markdown()
{
    QStringList lines{QStringLiteral("| Keys | Action | What it does |"),
                      QStringLiteral("|---|---|---|")};
    for (const PresenterKey &row : all()) {
        lines.append(
            QStringLiteral("| %1 | %2 | %3 |").arg(keysText(row), row.text, row.description));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString brief()
{
    QStringList parts;
    for (const PresenterKey &row : all()) {
        if (!row.brief)
            continue;
        const QString key = row.eachKey && row.keys.size() > 2
                                ? QStringLiteral("%1–%2").arg(row.keys.first(), row.keys.last())
                                : words(row.keys.first());
        const QString text = row.text.left(1).toLower() + row.text.mid(1); // "Next" reads "next"
        parts.append(QStringLiteral("%1: %2").arg(key, text));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace PresenterKeys

} // namespace Present
