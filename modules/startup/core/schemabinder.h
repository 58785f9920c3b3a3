// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "schema.h"

#include <QLatin1String>

#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace Startup {

namespace Schema {

/** One choice of a Choice field: its id in files, its words, and the engine's value for it. */
template<class T>
struct Option
{
    QLatin1String id;
    QString words;
    T value;
};

/** The rest of a field's description, after Binder named it: words, range, precision. It
 *  refers to the field being declared, so it lives only until the next one. */
class FieldBuilder
{
public:
    explicit FieldBuilder(Field *field)
        : m_field(field)
    {}
    FieldBuilder &unit(const QString &unit);
    FieldBuilder &about(const QString &description);
    FieldBuilder &range(double min, double max);
    FieldBuilder &decimals(int decimals);
    /** A default of the field's own, where the engine's parameter means something else (a
     *  sentinel for "off"). */
    FieldBuilder &byDefault(double value);
    /** The form leaves it out (a file keeps it as it has it). */
    FieldBuilder &notInForm();
    /** A Choice field's IDS and their WORDS. */
    FieldBuilder &choices(const QStringList &ids, const QStringList &words);

private:
    Field *m_field;
};

/**
 * One function per scenario, BIND(Binder &, Params &), names each field once: its key, the
 * engine's parameter it sets, its words and range. A Binder runs it for one of two jobs:
 *
 * - declaring (Binder()): collects the model's fields in order; a field's default is its
 *   parameter's value in a default-constructed Params (the seed's is the scenario seed, 2011);
 * - reading (Binder(object)): sets each parameter from a validated object (defaults filled in).
 *   A key the object lacks (its section is off) leaves the parameter as it is.
 *
 * So a key is spelled once, and the field list, the defaults and the engine's reading of a file
 * cannot disagree.
 */
class Binder
{
public:
    /** Declaring. */
    Binder() = default;
    /** Reading VALIDATED, an object validate() returned. */
    explicit Binder(const QJsonObject &validated)
        : m_object(validated)
    {}

    FieldBuilder number(QLatin1String key, double &value, const QString &label);
    FieldBuilder whole(QLatin1String key, int &value, const QString &label);
    FieldBuilder whole(QLatin1String key, long long &value, const QString &label);
    /** The seed every model has: a whole number from 0 to MaxSeed. */
    FieldBuilder seed(std::uint64_t &value);
    FieldBuilder boolean(QLatin1String key, bool &value, const QString &label);
    /** A path; no default (absent means the engine's own choice). */
    FieldBuilder text(QLatin1String key, QString &value, const QString &label);
    /** 24 numbers, one per hour; no default (absent means a flat day). */
    FieldBuilder curve(QLatin1String key, std::vector<double> &values, const QString &label);
    /** An optional object; *PRESENT (when given) says whether the file has it. */
    FieldBuilder section(QLatin1String key, const QString &label, bool *present = nullptr);

    /** One of OPTIONS; the default is the option whose value VALUE holds. */
    template<class T>
    FieldBuilder
    choice(QLatin1String key, T &value, const QString &label, const std::vector<Option<T>> &options)
    {
        QStringList ids;
        QStringList words;
        int current = -1;
        for (std::size_t i = 0; i < options.size(); ++i) {
            ids.append(options[i].id);
            words.append(options[i].words);
            if (current < 0 && options[i].value == value)
                current = int(i);
        }
        if (const int chosen = readChoice(key, ids); chosen >= 0)
            value = options[std::size_t(chosen)].value;
        return declareChoice(key, label, ids, words, current);
    }

    /** The fields declared, in order. */
    const std::vector<Field> &fields() const { return m_fields; }

private:
    bool reading() const { return m_object.has_value(); }
    /** Reading: the value at KEY; undefined when absent, and always when declaring. */
    QJsonValue given(QLatin1String key) const;
    /** Reading: sets VALUE to READ of the value at KEY, if the object has one. */
    template<class T, class Read>
    void take(QLatin1String key, T &value, Read read) const
    {
        if (const QJsonValue v = given(key); !v.isUndefined())
            value = read(v);
    }
    /** Declaring: appends the field; reading: a scratch one. Either way, the rest of its words. */
    FieldBuilder add(QLatin1String key,
                     Kind kind,
                     const QString &label,
                     const QJsonValue &value = QJsonValue::Undefined);
    /** Reading: the index in IDS of the value at KEY, or -1. */
    int readChoice(QLatin1String key, const QStringList &ids) const;
    FieldBuilder declareChoice(QLatin1String key,
                               const QString &label,
                               const QStringList &ids,
                               const QStringList &words,
                               int current);

    std::optional<QJsonObject> m_object;
    std::vector<Field> m_fields;
    Field m_scratch;
};

/** The fields BIND declares. */
template<class Params>
std::vector<Field> declare(void (*bind)(Binder &, Params &))
{
    Params defaults;
    Binder binder;
    bind(binder, defaults);
    return binder.fields();
}

/** The parameters BIND reads from VALIDATED (an object validate() returned). */
template<class Params>
Params read(const QJsonObject &validated, void (*bind)(Binder &, Params &))
{
    Params params;
    Binder binder(validated);
    bind(binder, params);
    return params;
}

/** A model's rule on its parameters: a problem in one line, or empty. (Not deduced: nullptr
 *  stands for none.) */
template<class Params>
using Judge = std::type_identity_t<QString (*)(const Params &)>;

/**
 * The model ID, TITLE, whose fields BIND declares and who reports METRICS. CHECK (the rules
 * across fields) and BUDGET (the work it implies), when given, judge the parameters BIND reads
 * from a validated object: a problem, or empty.
 */
template<class Params>
Model modelOf(QLatin1String id,
              const QString &title,
              void (*bind)(Binder &, Params &),
              std::vector<Metric> metrics,
              Judge<Params> check = nullptr,
              Judge<Params> budget = nullptr)
{
    Model m;
    m.id = id;
    m.title = title;
    m.fields = declare(bind);
    m.metrics = std::move(metrics);
    if (check)
        m.check = [bind, check](const QJsonObject &o) {
            return check(read(o, bind));
        };
    if (budget)
        m.budget = [bind, budget](const QJsonObject &o) {
            return budget(read(o, bind));
        };
    return m;
}

/** OBJECT checked as model MODEL (validateAs()) and read through BIND; on failure nothing, and
 *  *error names the field. */
template<class Params>
std::optional<Params> parse(const QJsonObject &object,
                            const QString &model,
                            const QString &source,
                            QString *error,
                            void (*bind)(Binder &, Params &))
{
    const std::optional<QJsonObject> checked = validateAs(object, model, source, error);
    if (!checked)
        return std::nullopt;
    return read(*checked, bind);
}

} // namespace Schema

} // namespace Startup
