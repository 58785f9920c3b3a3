// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "preset.h"

#include <algorithm>
#include <cmath>

namespace Kit {

PresetRules &PresetRules::choice(const QString &key, const QStringList &choices, bool list)
{
    m_rules.append(
        {key, [choices, list](const QString &value) -> QString {
             const QStringList parts
                 = list ? value.split(QLatin1Char(','), Qt::SkipEmptyParts) : QStringList{value};
             if (parts.isEmpty())
                 return QStringLiteral("needs one of %1").arg(choices.join(QStringLiteral(", ")));
             for (const QString &part : parts) {
                 if (!choices.contains(part.trimmed()))
                     return QStringLiteral("\"%1\" is not one of %2")
                         .arg(part.trimmed().left(40), choices.join(QStringLiteral(", ")));
             }
             return {};
         }});
    return *this;
}

PresetRules &PresetRules::number(const QString &key, double min, double max, bool whole)
{
    m_rules.append(
        {key, [min, max, whole](const QString &value) -> QString {
             bool ok = false;
             const double x = value.toDouble(&ok);
             if (!ok || !std::isfinite(x) || x < min || x > max || (whole && x != std::floor(x)))
                 return QStringLiteral("\"%1\" is not a %2 from %3 to %4")
                     .arg(value.left(40),
                          whole ? QStringLiteral("whole number") : QStringLiteral("number"))
                     .arg(min)
                     .arg(max);
             return {};
         }});
    return *this;
}

PresetRules &PresetRules::boolean(const QString &key)
{
    return choice(key, {QStringLiteral("true"), QStringLiteral("false")});
}

PresetRules &PresetRules::custom(const QString &key, std::function<QString(const QString &)> check)
{
    m_rules.append({key, std::move(check)});
    return *this;
}

QStringList PresetRules::keys() const
{
    QStringList keys;
    for (const Rule &rule : m_rules)
        keys.append(rule.key);
    return keys;
}

QList<PresetProblem> PresetRules::check(const DemoPreset &preset) const
{
    QList<PresetProblem> problems;
    for (const PresetEntry &entry : preset.entries) {
        const auto rule = std::find_if(
            m_rules.cbegin(), m_rules.cend(), [&](const Rule &r) { return r.key == entry.key; });
        if (rule == m_rules.cend()) {
            problems.append({entry.line,
                             QStringLiteral("unknown key \"%1\" (known: %2)")
                                 .arg(entry.key, keys().join(QStringLiteral(", ")))});
            continue;
        }
        if (const QString problem = rule->check(entry.value); !problem.isEmpty())
            problems.append({entry.line, entry.key + QStringLiteral(": ") + problem});
    }
    return problems;
}

} // namespace Kit
