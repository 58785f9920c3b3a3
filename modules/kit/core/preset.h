// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Kit {

/** One `key: value` line of a deck's demo block. */
struct PresetEntry
{
    QString key;
    QString value;
    int line = 0; // in the deck file
};

/** A deck's demo for a module: its keys, where its relative files are, the slide's code. */
struct DemoPreset
{
    QList<PresetEntry> entries;
    QString deckDir;   // files named in the preset are relative to it
    QString slideCode; // the slide's ```python block (Class Forge's `source: slide`)

    /** The value of KEY, or FALLBACK. */
    QString value(const QString &key, const QString &fallback = {}) const
    {
        for (const PresetEntry &e : entries) {
            if (e.key == key)
                return e.value;
        }
        return fallback;
    }
    bool has(const QString &key) const
    {
        for (const PresetEntry &e : entries) {
            if (e.key == key)
                return true;
        }
        return false;
    }
};

/** A bad key or value in a preset, at its line. */
struct PresetProblem
{
    int line = 0;
    QString message;
};

/**
 * The keys a module's preset takes and what each accepts; check() names every unknown key (with
 * the known ones), every bad value and its line.
 */
class PresetRules
{
public:
    /** KEY is one of CHOICES (a comma-separated list of them when LIST). */
    PresetRules &choice(const QString &key, const QStringList &choices, bool list = false);
    /** KEY is a number in [MIN, MAX] (a whole one when WHOLE). */
    PresetRules &number(const QString &key, double min, double max, bool whole = false);
    /** KEY is true or false. */
    PresetRules &boolean(const QString &key);
    /** KEY is checked by CHECK, which returns a problem or an empty string. */
    PresetRules &custom(const QString &key, std::function<QString(const QString &)> check);

    QList<PresetProblem> check(const DemoPreset &preset) const;
    QStringList keys() const;

private:
    struct Rule
    {
        QString key;
        std::function<QString(const QString &)> check;
    };
    QList<Rule> m_rules;
};

} // namespace Kit
