// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sweep.h"

#include "schema.h"

#include <kit/jsonio.h>

#include <QJsonArray>

#include <cmath>

namespace Startup {

using namespace Kit;

namespace Sweep {

QStringList metrics(const QString &model)
{
    QStringList paths;
    if (const Schema::Model *m = Schema::model(model)) {
        for (const Schema::Metric &metric : m->metrics)
            paths.append(metric.path);
    }
    return paths;
}

QStringList parameters(const QString &model)
{
    QStringList keys;
    if (const Schema::Model *m = Schema::model(model)) {
        for (const Schema::Field &f : m->fields) {
            if ((f.kind == Schema::Kind::Number || f.kind == Schema::Kind::Whole)
                && f.key != QLatin1String("seed"))
                keys.append(f.key);
        }
    }
    return keys;
}

QString check(const QJsonObject &scenario, const Spec &spec)
{
    const QString model = scenario.value(QStringLiteral("model")).toString();
    if (metrics(model).isEmpty())
        return QStringLiteral("model '%1' has nothing to sweep").arg(model);
    if (!parameters(model).contains(spec.parameter))
        return QStringLiteral("'%1' is not a number of model %2 that a sweep can vary")
            .arg(spec.parameter, model);
    if (!metrics(model).contains(spec.metric))
        return QStringLiteral("'%1' is not a metric of model %2").arg(spec.metric, model);
    const Schema::Field *f = Schema::model(model)->field(spec.parameter);
    for (const double x : {spec.from, spec.to}) {
        if (!std::isfinite(x) || x < f->min || x > f->max)
            return QStringLiteral("field '%1' runs from %2 to %3: %4 is outside")
                .arg(spec.parameter)
                .arg(f->min)
                .arg(f->max)
                .arg(x);
    }
    if (spec.points < 2 || spec.points > 100)
        return QStringLiteral("give 2 to 100 points");
    return {};
}

QJsonObject run(const QJsonObject &scenario, const Spec &spec, const Simulation::Control &control)
{
    if (const QString problem = check(scenario, spec); !problem.isEmpty())
        return {{QStringLiteral("error"), problem}};
    const Schema::Field *field
        = Schema::model(scenario.value(QStringLiteral("model")).toString())->field(spec.parameter);
    QJsonArray points;
    for (int i = 0; i < spec.points; ++i) {
        if (control.stop && control.stop->load())
            break;
        double x = spec.from + (spec.to - spec.from) * i / (spec.points - 1);
        if (field->kind == Schema::Kind::Whole)
            x = std::round(x);
        Simulation::Request request;
        request.scenario = scenario;
        JsonIo::setPath(request.scenario, spec.parameter, x);
        request.source = QStringLiteral("sweep point %1 = %2").arg(spec.parameter).arg(x);
        request.replications = spec.replications;
        Simulation::Control inner;
        inner.stop = control.stop;
        inner.progress = [&control, i, &spec](double f) {
            if (control.progress)
                control.progress((i + f) / spec.points);
        };
        QString error;
        const QJsonObject result = Simulation::run(request, inner, &error);
        if (result.isEmpty())
            return {{QStringLiteral("error"), error}};
        if (result.value(QStringLiteral("stopped")).toBool())
            break;
        const double mean = JsonIo::valueAt(result, spec.metric).toDouble();
        const double halfWidth
            = result.value(QStringLiteral("ci95")).toObject().value(spec.metric).toDouble();
        // A whole-number parameter may round two points onto one: keep one.
        if (!points.isEmpty() && points.last().toArray().at(0).toDouble() == x)
            continue;
        points.append(QJsonArray{x, mean, halfWidth});
        if (control.partial)
            control.partial({{QStringLiteral("points"), points},
                             {QStringLiteral("parameter"), spec.parameter},
                             {QStringLiteral("metric"), spec.metric}});
    }
    return {{QStringLiteral("points"), points},
            {QStringLiteral("parameter"), spec.parameter},
            {QStringLiteral("metric"), spec.metric}};
}

} // namespace Sweep

} // namespace Startup
