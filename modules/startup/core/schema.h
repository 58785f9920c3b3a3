// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace Startup {

/**
 * The one description of every Startup Sim scenario: its fields (dotted keys, words, units,
 * ranges, defaults, descriptions) and its metrics. The parser checks files against it, the form
 * is built from it, sweeps and the replication summary take their metrics from it.
 *
 * This file holds what every model shares: the types, the list of models, the validator and the
 * deck's overrides. Each model declares its own fields, checks and cost beside its engine
 * (mmcschema.h, transcodingschema.h, feedschema.h, ormschema.h), through schemabinder.h.
 */
namespace Schema {

enum class Kind {
    Number,  // a finite number in [min, max]
    Whole,   // a whole number in [min, max]
    Choice,  // one of `choices` (strings)
    Boolean, // true or false
    Curve,   // a list of 24 numbers in [min, max], one per hour
    Text,    // a string (a path)
    Section, // an optional object: present means "on" (pool.autoscale, outsourcing)
};

struct Field
{
    QString key; // dotted: "pool.autoscale.max"
    Kind kind = Kind::Number;
    QString label;       // words for the form ("Max instances")
    QString unit;        // "min", "/ h"; empty when none
    QString description; // one sentence
    double min = 0;
    double max = 0;
    QJsonValue defaultValue{QJsonValue::Undefined}; // what an absent field means (none: undefined)
    QStringList choices;                            // Choice: the ids
    QStringList choiceLabels;                       // Choice: the words
    int decimals = 0;                               // the form's precision
    bool inForm = true; // the form shows it (others are kept as the file has them)
};

/** Which way a metric is better, for the words "best", "worse"; Neither for a plain quantity. */
enum class Better { Neither, Lower, Higher };

/** A result a run reports: a dotted path into its JSON. Every metric is at least 0; a "share"
 *  is at most 1. */
struct Metric
{
    QString path;  // "turnaround_minutes.p95"
    QString label; // "p95 turnaround"
    QString unit;  // "min"
    Better better = Better::Neither;
    /** What a run did when it has no value for it ("delivered no notification"); empty when
     * every run has one. */
    QString unmeasured = {};
    /** The same where the run had a warm-up the metric leaves out ("finished no video that
     * arrived after the warm-up"); empty where the warm-up does not touch the metric. */
    QString unmeasuredAfterWarmup = {};
    /** The input field whose value, times LEASTSCALE, no run's value can go below ("network_ms":
     *  no delivery beats the network's own delay); empty where that least value is 0. */
    QString leastField = {};
    double leastScale = 1;
};

struct Model
{
    QString id;    // "transcoding"
    QString title; // "Transcoding queue"
    std::vector<Field> fields;
    std::vector<Metric> metrics; // what replications summarise and sweeps can chart
    bool replicable = true;      // whether replications mean anything (not the ORM's timings)
    /** Rules across fields, on a checked object with defaults: a problem or empty. */
    std::function<QString(const QJsonObject &)> check;
    /** The work and memory the scenario implies: the field that makes it too big, or empty. */
    std::function<QString(const QJsonObject &)> budget;

    const Field *field(const QString &key) const;
    const Metric *metric(const QString &path) const;
};

/** Scenario files are a few kilobytes; anything past this is not one. */
inline constexpr qint64 MaxScenarioBytes = 1 << 20;

/** Every model, in the order the app offers them. */
const std::vector<Model> &models();
/** The model with id ID, or nullptr. */
const Model *model(const QString &id);
QStringList modelIds();

/**
 * Checks OBJECT against its model: "model" names one, every key is known, every value is of its
 * kind and in range, the rules across fields hold and the run fits the budget. Returns the
 * object with every default filled in; on failure *error is one line, "SOURCE: field 'KEY' ...",
 * quoting a bad value only in part.
 */
std::optional<QJsonObject>
validate(const QJsonObject &object, const QString &source, QString *error);

/** validate() for OBJECT read as model MODEL: without "model" it is taken as MODEL; one naming
 *  another model is refused. */
/**
 * The fields FULL (validate()'s answer for GIVEN) holds that GIVEN left out: what the scenario
 * took from the defaults, keyed by field ("pool.instances": 2). Sections and fields with no
 * default are not listed.
 */
QJsonObject defaultsUsed(const QJsonObject &given, const QJsonObject &full);

std::optional<QJsonObject>
validateAs(const QJsonObject &object, const QString &model, const QString &source, QString *error);

/**
 * Sets OVERRIDES, "key=value, key=value" with dotted keys of OBJECT's model (a deck's `set:`),
 * in OBJECT, each value read as its field's kind; sections along a key are made as needed. On
 * failure returns false, *error names the key or value, and OBJECT is unchanged. The result is
 * still to be validate()d.
 */
bool applyOverrides(QJsonObject &object, const QString &overrides, QString *error);

/** The most events and bytes a scenario may imply. */
constexpr double MaxEvents = 3e8;
constexpr double MaxBytes = 1.5 * 1024 * 1024 * 1024;
/** The largest seed: 2^53, up to which every whole number is exact in JSON. */
constexpr double MaxSeed = 9007199254740992.0;

/** A budget's refusal: the EVENTS and BYTES a scenario implies, and the FIELD to lower (WHY). */
QString tooBig(double events, double bytes, const QString &field, const QString &why);

} // namespace Schema

} // namespace Startup
