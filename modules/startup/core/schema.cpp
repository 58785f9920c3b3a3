// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schema.h"

#include "feedschema.h"
#include "mmcschema.h"
#include "ormschema.h"
#include "transcodingschema.h"

#include <kit/jsonio.h>

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Startup {

using namespace Kit;

namespace Schema {

namespace {

bool has(const QJsonObject &o, const QString &key)
{
    return !JsonIo::valueAt(o, key).isUndefined();
}

/** The child names allowed right under PREFIX ("" for the top level). */
QStringList childrenOf(const Model &m, const QString &prefix)
{
    QStringList names;
    if (prefix.isEmpty())
        names.append(QStringLiteral("model"));
    const QString start = prefix.isEmpty() ? QString() : prefix + QLatin1Char('.');
    for (const Field &f : m.fields) {
        if (!f.key.startsWith(start))
            continue;
        const QString name = f.key.mid(start.size()).section(QLatin1Char('.'), 0, 0);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

bool isContainer(const Model &m, const QString &path)
{
    const QString start = path + QLatin1Char('.');
    return std::any_of(
        m.fields.begin(), m.fields.end(), [&](const Field &f) { return f.key.startsWith(start); });
}

QString checkValue(const Field &f, const QJsonValue &v)
{
    const QString range = QStringLiteral("%1 to %2").arg(f.min).arg(f.max);
    switch (f.kind) {
    case Kind::Number:
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < f.min
            || v.toDouble() > f.max)
            return QStringLiteral("field '%1' must be a number from %2 (got %3)")
                .arg(f.key, range, JsonIo::excerpt(v));
        return {};
    case Kind::Whole:
        if (!v.isDouble() || v.toDouble() < f.min || v.toDouble() > f.max
            || v.toDouble() != std::floor(v.toDouble()))
            return QStringLiteral("field '%1' must be a whole number from %2 (got %3)")
                .arg(f.key, range, JsonIo::excerpt(v));
        return {};
    case Kind::Choice:
        if (!v.isString() || !f.choices.contains(v.toString())) {
            QStringList quoted;
            for (const QString &c : f.choices)
                quoted.append(QLatin1Char('"') + c + QLatin1Char('"'));
            return QStringLiteral("field '%1' must be one of %2 (got %3)")
                .arg(f.key, quoted.join(QStringLiteral(", ")), JsonIo::excerpt(v));
        }
        return {};
    case Kind::Boolean:
        if (!v.isBool())
            return QStringLiteral("field '%1' must be true or false (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    case Kind::Curve: {
        const QJsonArray values = v.toArray();
        if (!v.isArray() || values.size() != 24)
            return QStringLiteral("field '%1' must list 24 numbers, one per hour (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        for (int i = 0; i < 24; ++i) {
            const QJsonValue x = values.at(i);
            if (!x.isDouble() || !std::isfinite(x.toDouble()) || x.toDouble() < f.min
                || x.toDouble() > f.max)
                return QStringLiteral("field '%1' entry %2 must be a number from %3 (got %4)")
                    .arg(f.key)
                    .arg(i)
                    .arg(range, JsonIo::excerpt(x));
        }
        return {};
    }
    case Kind::Text:
        if (!v.isString() || v.toString().size() > 4096)
            return QStringLiteral("field '%1' must be a file path (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    case Kind::Section:
        if (!v.isObject())
            return QStringLiteral("field '%1' must be an object (got %2)")
                .arg(f.key, JsonIo::excerpt(v));
        return {};
    }
    return {};
}

QString walk(const Model &m, const QJsonObject &object, const QString &prefix)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (path == QLatin1String("model"))
            continue;
        const Field *f = m.field(path);
        if (f && f->kind != Kind::Section) {
            if (QString problem = checkValue(*f, it.value()); !problem.isEmpty())
                return problem;
            continue;
        }
        if (f || isContainer(m, path)) {
            if (!it.value().isObject())
                return QStringLiteral("field '%1' must be an object (got %2)")
                    .arg(path, JsonIo::excerpt(it.value()));
            if (QString problem = walk(m, it.value().toObject(), path); !problem.isEmpty())
                return problem;
            continue;
        }
        return QStringLiteral("unknown field '%1' for model %2 (known here: %3)")
            .arg(path.left(80), m.id, childrenOf(m, prefix).join(QStringLiteral(", ")));
    }
    return {};
}

/** Whether every section KEY lies in is present in OBJECT. */
bool sectionsPresent(const Model &m, const QJsonObject &object, const QString &key)
{
    for (const Field &f : m.fields) {
        if (f.kind == Kind::Section && key.startsWith(f.key + QLatin1Char('.'))
            && !has(object, f.key))
            return false;
    }
    return true;
}

} // namespace

const Field *Model::field(const QString &key) const
{
    for (const Field &f : fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const Metric *Model::metric(const QString &path) const
{
    for (const Metric &m : metrics) {
        if (m.path == path)
            return &m;
    }
    return nullptr;
}

const std::vector<Model> &models()
{
    // The list of models, explicitly, in the order the app offers them (the talk's own scenario
    // first): each declares itself beside its engine.
    static const std::vector<Model> all{transcodingModel(), feedModel(), ormModel(), mmcModel()};
    return all;
}

const Model *model(const QString &id)
{
    for (const Model &m : models()) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

QStringList modelIds()
{
    QStringList ids;
    for (const Model &m : models())
        ids.append(m.id);
    return ids;
}

std::optional<QJsonObject>
validate(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &problem) -> std::optional<QJsonObject> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, problem);
        return std::nullopt;
    };
    const QJsonValue id = object.value(QStringLiteral("model"));
    const Model *m = id.isString() ? model(id.toString()) : nullptr;
    if (!m) {
        return fail(QStringLiteral("field 'model' must be one of %1 (got %2)")
                        .arg(modelIds().join(QStringLiteral(", ")), JsonIo::excerpt(id)));
    }
    if (QString problem = walk(*m, object, QString()); !problem.isEmpty())
        return fail(problem);
    QJsonObject full = object;
    for (const Field &f : m->fields) {
        if (f.kind == Kind::Section || f.defaultValue.isUndefined() || has(full, f.key))
            continue;
        if (sectionsPresent(*m, full, f.key))
            JsonIo::setPath(full, f.key, f.defaultValue);
    }
    if (m->check) {
        if (QString problem = m->check(full); !problem.isEmpty())
            return fail(problem);
    }
    if (m->budget) {
        if (QString problem = m->budget(full); !problem.isEmpty())
            return fail(problem);
    }
    return full;
}

QJsonObject defaultsUsed(const QJsonObject &given, const QJsonObject &full)
{
    QJsonObject used;
    const Model *m = model(full.value(QStringLiteral("model")).toString());
    if (!m)
        return used;
    for (const Field &f : m->fields) {
        if (f.kind != Kind::Section && !f.defaultValue.isUndefined() && !has(given, f.key)
            && has(full, f.key))
            used.insert(f.key, JsonIo::valueAt(full, f.key));
    }
    return used;
}

std::optional<QJsonObject>
validateAs(const QJsonObject &object, const QString &model, const QString &source, QString *error)
{
    const QJsonValue named = object.value(QStringLiteral("model"));
    if (named.isUndefined()) {
        QJsonObject as = object;
        as.insert(QStringLiteral("model"), model);
        return validate(as, source, error);
    }
    if (named.toString() != model) {
        if (error) {
            *error = QStringLiteral("%1: field 'model' must be \"%2\" here (got %3)")
                         .arg(source, model, JsonIo::excerpt(named));
        }
        return std::nullopt;
    }
    return validate(object, source, error);
}

QString tooBig(double events, double bytes, const QString &field, const QString &why)
{
    return QStringLiteral("the scenario implies about %1 events and %2 MiB (limits: %3 events, "
                          "%4 MiB): lower field '%5' (%6)")
        .arg(events, 0, 'g', 3)
        .arg(bytes / (1 << 20), 0, 'f', 0)
        .arg(MaxEvents, 0, 'g', 3)
        .arg(MaxBytes / (1 << 20), 0, 'f', 0)
        .arg(field, why);
}

namespace {

/** OBJECT with VALUE at the dotted PATH (objects made along it). */
QJsonObject withValue(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object.insert(path.first(), value);
        return object;
    }
    const QJsonObject inner = object.value(path.first()).toObject();
    object.insert(path.first(), withValue(inner, path.mid(1), value));
    return object;
}

} // namespace

bool applyOverrides(QJsonObject &object, const QString &overrides, QString *error)
{
    const Model *m = model(object.value(QStringLiteral("model")).toString());
    if (!m) {
        if (error)
            *error = QStringLiteral("the scenario names no model to set fields of");
        return false;
    }
    QJsonObject result = object;
    for (const QString &part : overrides.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int equals = part.indexOf(QLatin1Char('='));
        const QString key = part.left(equals).trimmed();
        const QString text = part.mid(equals + 1).trimmed();
        if (equals < 0 || key.isEmpty()) {
            if (error)
                *error = QStringLiteral("\"%1\" is not field=value").arg(part.trimmed());
            return false;
        }
        const Field *field = m->field(key);
        if (!field || field->kind == Kind::Section || field->kind == Kind::Curve) {
            QStringList known;
            for (const Field &f : m->fields) {
                if (f.kind != Kind::Section && f.kind != Kind::Curve)
                    known.append(f.key);
            }
            if (error)
                *error = QStringLiteral("%1 has no field \"%2\" to set (it has %3)")
                             .arg(m->id, key, known.join(QStringLiteral(", ")));
            return false;
        }
        QJsonValue value;
        bool ok = true;
        switch (field->kind) {
        case Kind::Number:
        case Kind::Whole:
            value = text.toDouble(&ok);
            break;
        case Kind::Boolean:
            ok = text == QLatin1String("true") || text == QLatin1String("false");
            value = text == QLatin1String("true");
            break;
        case Kind::Choice:
        case Kind::Text:
            value = text;
            break;
        case Kind::Section:
        case Kind::Curve:
            break;
        }
        if (!ok) {
            if (error)
                *error = QStringLiteral("%1 = \"%2\" is not %3")
                             .arg(key,
                                  text.left(40),
                                  field->kind == Kind::Boolean ? QStringLiteral("true or false")
                                                               : QStringLiteral("a number"));
            return false;
        }
        result = withValue(result, key.split(QLatin1Char('.')), value);
    }
    object = result;
    return true;
}

} // namespace Schema

} // namespace Startup
