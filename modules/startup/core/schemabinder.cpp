// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schemabinder.h"

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QObject>

namespace Startup {

using namespace Kit;

namespace Schema {

namespace {

/** The seed a scenario runs with unless it says otherwise. */
constexpr double DefaultSeed = 2011;

} // namespace

FieldBuilder &FieldBuilder::unit(const QString &unit)
{
    m_field->unit = unit;
    return *this;
}

FieldBuilder &FieldBuilder::about(const QString &description)
{
    m_field->description = description;
    return *this;
}

FieldBuilder &FieldBuilder::range(double min, double max)
{
    m_field->min = min;
    m_field->max = max;
    return *this;
}

FieldBuilder &FieldBuilder::decimals(int decimals)
{
    m_field->decimals = decimals;
    return *this;
}

FieldBuilder &FieldBuilder::byDefault(double value)
{
    m_field->defaultValue = value;
    return *this;
}

FieldBuilder &FieldBuilder::notInForm()
{
    m_field->inForm = false;
    return *this;
}

FieldBuilder &FieldBuilder::choices(const QStringList &ids, const QStringList &words)
{
    m_field->choices = ids;
    m_field->choiceLabels = words;
    return *this;
}

QJsonValue Binder::given(QLatin1String key) const
{
    return reading() ? JsonIo::valueAt(*m_object, key) : QJsonValue(QJsonValue::Undefined);
}

FieldBuilder
Binder::add(QLatin1String key, Kind kind, const QString &label, const QJsonValue &value)
{
    Field f;
    f.key = key;
    f.kind = kind;
    f.label = label;
    f.defaultValue = value;
    if (reading()) {
        m_scratch = std::move(f);
        return FieldBuilder(&m_scratch);
    }
    m_fields.push_back(std::move(f));
    return FieldBuilder(&m_fields.back());
}

FieldBuilder Binder::number(QLatin1String key, double &value, const QString &label)
{
    take(key, value, [](const QJsonValue &v) { return v.toDouble(); });
    return add(key, Kind::Number, label, value);
}

FieldBuilder Binder::whole(QLatin1String key, int &value, const QString &label)
{
    take(key, value, [](const QJsonValue &v) { return int(v.toDouble()); });
    return add(key, Kind::Whole, label, double(value));
}

FieldBuilder Binder::whole(QLatin1String key, long long &value, const QString &label)
{
    take(key, value, [](const QJsonValue &v) { return static_cast<long long>(v.toDouble()); });
    return add(key, Kind::Whole, label, double(value));
}

FieldBuilder Binder::seed(std::uint64_t &value)
{
    const QLatin1String key("seed");
    take(key, value, [](const QJsonValue &v) { return std::uint64_t(v.toDouble()); });
    FieldBuilder builder = add(key, Kind::Whole, QObject::tr("Seed"), DefaultSeed);
    builder.about(QObject::tr("The same seed gives the same numbers, bit for bit"))
        .range(0, MaxSeed);
    return builder;
}

FieldBuilder Binder::boolean(QLatin1String key, bool &value, const QString &label)
{
    take(key, value, [](const QJsonValue &v) { return v.toBool(); });
    return add(key, Kind::Boolean, label, value);
}

FieldBuilder Binder::text(QLatin1String key, QString &value, const QString &label)
{
    take(key, value, [](const QJsonValue &v) { return v.toString(); });
    return add(key, Kind::Text, label);
}

FieldBuilder Binder::curve(QLatin1String key, std::vector<double> &values, const QString &label)
{
    take(key, values, [](const QJsonValue &v) {
        std::vector<double> numbers;
        for (const QJsonValue x : v.toArray())
            numbers.push_back(x.toDouble());
        return numbers;
    });
    return add(key, Kind::Curve, label);
}

FieldBuilder Binder::section(QLatin1String key, const QString &label, bool *present)
{
    if (reading() && present)
        *present = !given(key).isUndefined();
    return add(key, Kind::Section, label);
}

int Binder::readChoice(QLatin1String key, const QStringList &ids) const
{
    return reading() ? int(ids.indexOf(given(key).toString())) : -1;
}

FieldBuilder Binder::declareChoice(QLatin1String key,
                                   const QString &label,
                                   const QStringList &ids,
                                   const QStringList &words,
                                   int current)
{
    FieldBuilder builder
        = add(key,
              Kind::Choice,
              label,
              current >= 0 ? QJsonValue(ids.at(current)) : QJsonValue(QJsonValue::Undefined));
    builder.choices(ids, words);
    return builder;
}

} // namespace Schema

} // namespace Startup
