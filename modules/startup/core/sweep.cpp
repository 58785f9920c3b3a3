#include "sweep.h"

#include "feed.h"
#include "scenario.h"
#include "simkernel.h"

#include <jsonio.h>

#include <QJsonArray>

namespace Sweep {

QStringList metrics(const QString &model)
{
    if (model == QLatin1String("mmc"))
        return {QStringLiteral("mean_wait"),
                QStringLiteral("mean_queue_length"),
                QStringLiteral("prob_wait"),
                QStringLiteral("utilization")};
    if (model == QLatin1String("transcoding"))
        return {QStringLiteral("turnaround_minutes.p95"),
                QStringLiteral("sla_share"),
                QStringLiteral("cost_per_video_minute"),
                QStringLiteral("utilization"),
                QStringLiteral("lost_jobs")};
    if (model == QLatin1String("feed"))
        return {QStringLiteral("latency_seconds.p95"),
                QStringLiteral("requests_per_second"),
                QStringLiteral("missed_events")};
    return {};
}

QJsonObject runOnce(const QJsonObject &scenario, const std::atomic<bool> &stop, QString *error)
{
    const QString model = scenario.value(QStringLiteral("model")).toString();
    if (model == QLatin1String("mmc")) {
        const auto p = Scenario::parseMmc(scenario, QStringLiteral("sweep"), error);
        return p ? simulateMmc(*p, &stop).toJson() : QJsonObject();
    }
    if (model == QLatin1String("transcoding")) {
        const auto p = Scenario::parseTranscoding(scenario, QStringLiteral("sweep"), error);
        return p ? simulateTranscoding(*p, &stop).toJson() : QJsonObject();
    }
    if (model == QLatin1String("feed")) {
        const auto p = Scenario::parseFeed(scenario, QStringLiteral("sweep"), error);
        return p ? simulateFeed(*p).toJson() : QJsonObject();
    }
    if (error)
        *error = QStringLiteral("sweep: model '%1' cannot be swept").arg(model);
    return {};
}

QJsonObject run(const QJsonObject &scenario,
                const QString &parameter,
                double from,
                double to,
                int steps,
                const QString &metric,
                int replications,
                const JobRunner::Context &context)
{
    QJsonArray points;
    const double baseSeed = scenario.value(QStringLiteral("seed")).toDouble(1);
    const int total = std::max(1, steps) * std::max(1, replications);
    int done = 0;
    for (int i = 0; i < std::max(1, steps) && !context.stop.load(); ++i) {
        const double x = steps > 1 ? from + (to - from) * i / (steps - 1) : from;
        std::vector<double> values;
        for (int r = 0; r < replications && !context.stop.load(); ++r) {
            QJsonObject s = scenario;
            JsonIo::setPath(s, parameter, x);
            s.insert(QStringLiteral("seed"),
                     baseSeed + 1000.0 * r); // common random numbers across x
            QString error;
            const QJsonObject result = runOnce(s, context.stop, &error);
            if (!error.isEmpty())
                return {{QStringLiteral("error"), error}};
            values.push_back(JsonIo::valueAt(result, metric).toDouble());
            context.progress(double(++done) / total);
        }
        if (values.empty())
            break;
        double mean = 0;
        for (const double v : values)
            mean += v;
        mean /= double(values.size());
        points.append(QJsonArray{x, mean, Sim::halfWidth95(values)});
        context.partial({{QStringLiteral("points"), points}});
    }
    return {{QStringLiteral("points"), points},
            {QStringLiteral("parameter"), parameter},
            {QStringLiteral("metric"), metric}};
}

} // namespace Sweep
