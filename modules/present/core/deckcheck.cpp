// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deckcheck.h"

#include <QFileInfo>

#include <algorithm>

namespace Present {

using namespace Kit;

namespace DeckCheck {

QString unknownModule(const QString &module, const QStringList &moduleIds)
{
    return QStringLiteral("unknown demo module \"%1\" (Curtain has %2)")
        .arg(module, moduleIds.join(QStringLiteral(", ")));
}

DemoPreset withoutProblems(const DemoPreset &preset, const QList<PresetProblem> &problems)
{
    DemoPreset kept = preset;
    kept.entries.removeIf([&problems](const PresetEntry &e) {
        return std::any_of(problems.begin(), problems.end(), [&e](const PresetProblem &p) {
            return p.line == e.line;
        });
    });
    return kept;
}

Report check(const Deck &deck,
             const QStringList &moduleIds,
             const PresetCheck &check,
             const SlideCheck &slideCheck)
{
    QList<DeckProblem> found = deck.problems();
    int demos = 0;
    int pictures = 0;
    for (const Slide &slide : deck.slides) {
        pictures += int(slide.pictures.size());
        if (const QString shown = slideCheck ? slideCheck(slide) : QString(); !shown.isEmpty())
            found.append({slide.line, shown});
        if (!slide.demo)
            continue;
        ++demos;
        if (!moduleIds.contains(slide.demo->module)) {
            found.append({slide.demo->line, unknownModule(slide.demo->module, moduleIds)});
            continue;
        }
        for (const PresetProblem &p : check(slide.demo->module, slide.demoPreset(deck.baseDir())))
            found.append({p.line, p.message});
    }
    std::stable_sort(found.begin(), found.end(), [](const DeckProblem &a, const DeckProblem &b) {
        return a.line < b.line;
    });
    Report report;
    const QString name = QFileInfo(deck.path).fileName();
    for (const DeckProblem &p : std::as_const(found))
        report.problems.append(QStringLiteral("%1:%2: %3").arg(name).arg(p.line).arg(p.message));
    // "1 picture", "2 pictures": a count and its noun, as said.
    const auto counted = [](qsizetype n, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    report.summary = QStringLiteral("%1: \"%2\", %3, %4, %5: %6")
                         .arg(name,
                              deck.title,
                              counted(deck.slides.size(), "slide", "slides"),
                              counted(demos, "demo", "demos"),
                              counted(pictures, "picture", "pictures"),
                              report.problems.isEmpty()
                                  ? QStringLiteral("sound")
                                  : counted(report.problems.size(), "problem", "problems"));
    return report;
}

} // namespace DeckCheck

} // namespace Present
