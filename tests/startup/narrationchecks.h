// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What the narration tests share: reading the numbers a sentence writes, checking each against
// the result it quotes, running the what-ifs behind a cause again, and seeded random scenarios.

#include <startup/narration.h>
#include <startup/rules.h>
#include <startup/simkernel.h>

#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <functional>
#include <vector>

namespace NarrationChecks {

/** The numbers written in TEXT, as written ("+1.5" as "1.5"); "p95" is a word, not a number. */
QStringList numbers(const QString &text);
/** The numbers written in TABLE's cells. */
QSet<QString> tokensOf(const Startup::Narration::Table &table);
/** Every number of VALUE (a scenario checked, with its defaults), written as inputs are. */
void addInputs(const QJsonValue &value, QSet<QString> *tokens);
/** The value at the dotted PATH in ROOT ("points.3.mean"). */
QJsonValue at(const QJsonValue &root, const QString &path);
QList<int> intsOf(const QJsonValue &array);
/** Point I of a sweep's RESULT. */
Startup::Rules::Point pointOf(const QJsonObject &result, int i);
/** Whether A's and B's runs, paired seed by seed, differ by more than chance (recomputed here,
 *  apart from the rules). */
bool differRunByRun(const Startup::Rules::Point &a, const Startup::Rules::Point &b);

/** Whether QUOTE, as written, is its value read at its source in RESULT: a problem, or empty. */
QString checkQuote(const QJsonObject &result,
                   const Startup::Narration::Sentence &s,
                   const Startup::Narration::Quote &q);
/** Every number of every sentence is one of ALLOWED or a quote, and every quote reads its
 *  source. */
void checkNumbers(const QJsonObject &result,
                  const QList<Startup::Narration::Sentence> &sentences,
                  const QSet<QString> &allowed);
/**
 * Every cause sentence: its what-ifs are rows of the breakdown in RESULT, whose runs are the
 * scenario SCENARIOAT gives for the breakdown with that suspect removed, with the same seeds as
 * the run it explains; a named cause is a real difference the right way, one named as making
 * none is not real.
 */
void checkCauses(const QJsonObject &result,
                 const QList<Startup::Narration::Sentence> &sentences,
                 const std::function<QJsonObject(const QJsonObject &breakdown)> &scenarioAt);
/** No sentence but a cause's names a suspect. */
void noCauseWithoutItsRuns(const QList<Startup::Narration::Sentence> &sentences);

/** Seeded dice for random scenarios. */
class Dice
{
public:
    explicit Dice(std::uint64_t seed)
        : m_random(seed)
    {}
    double between(double low, double high) { return m_random.uniform(low, high); }
    int whole(int low, int high)
    {
        return low + int(m_random.next() % std::uint64_t(high - low + 1));
    }
    bool chance(double p) { return m_random.uniform() < p; }
    template<class T>
    T pick(const QList<T> &list)
    {
        return list.at(whole(0, int(list.size()) - 1));
    }

private:
    Startup::Sim::Random m_random;
};

double round1(double x);
QJsonObject transcodingScenario(Dice &d);
QJsonObject mmcScenario(Dice &d);
QJsonObject feedScenario(Dice &d);

/** Counts the rules SENTENCES spoke (with their kinds: a plateau with a knee, ...). */
void count(const QList<Startup::Narration::Sentence> &sentences);
/** Every one of RULES spoke in some case counted: no property passed for want of a case. */
void everyRuleSpoke(const QStringList &rules);

} // namespace NarrationChecks
