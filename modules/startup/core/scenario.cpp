#include "scenario.h"

#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace Scenario {

QStringList knownModels()
{
    return {QStringLiteral("mmc"),
            QStringLiteral("transcoding"),
            QStringLiteral("feed"),
            QStringLiteral("orm")};
}

std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<MmcParams> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, message);
        return std::nullopt;
    };
    static const QStringList fields{QStringLiteral("model"),
                                    QStringLiteral("arrival_rate"),
                                    QStringLiteral("service_rate"),
                                    QStringLiteral("servers"),
                                    QStringLiteral("jobs"),
                                    QStringLiteral("warmup_jobs"),
                                    QStringLiteral("seed")};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!fields.contains(it.key())) {
            return fail(QStringLiteral("unknown field '%1' for model mmc (known: %2)")
                            .arg(it.key(), fields.join(QStringLiteral(", "))));
        }
    }
    auto number = [&](const char *name, double fallback, bool required, double *out) -> QString {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined()) {
            if (required)
                return QStringLiteral("field '%1' is missing").arg(QLatin1String(name));
            *out = fallback;
            return {};
        }
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return QStringLiteral("field '%1' must be a number").arg(QLatin1String(name));
        *out = value.toDouble();
        return {};
    };
    MmcParams p;
    double servers = 1, jobs = 100000, warmup = 10000, seed = 1;
    for (const auto &[name, target, fallback, required] :
         {std::tuple{"arrival_rate", &p.arrivalRate, 0.0, true},
          std::tuple{"service_rate", &p.serviceRate, 0.0, true},
          std::tuple{"servers", &servers, 1.0, false},
          std::tuple{"jobs", &jobs, 100000.0, false},
          std::tuple{"warmup_jobs", &warmup, 10000.0, false},
          std::tuple{"seed", &seed, 1.0, false}}) {
        if (const QString problem = number(name, fallback, required, target); !problem.isEmpty())
            return fail(problem);
    }
    if (p.arrivalRate <= 0)
        return fail(
            QStringLiteral("field 'arrival_rate' must be positive (got %1)").arg(p.arrivalRate));
    if (p.serviceRate <= 0)
        return fail(
            QStringLiteral("field 'service_rate' must be positive (got %1)").arg(p.serviceRate));
    if (servers < 1 || servers > 100000 || servers != std::floor(servers))
        return fail(
            QStringLiteral("field 'servers' must be a whole number from 1 to 100000 (got %1)")
                .arg(servers));
    if (jobs < 1 || jobs > 1e9 || jobs != std::floor(jobs))
        return fail(
            QStringLiteral("field 'jobs' must be a whole number from 1 to 1e9 (got %1)").arg(jobs));
    if (warmup < 0 || warmup > 1e9 || warmup != std::floor(warmup))
        return fail(QStringLiteral("field 'warmup_jobs' must be a whole number, 0 or more (got %1)")
                        .arg(warmup));
    if (seed < 0 || seed != std::floor(seed) || seed > 9007199254740992.0)
        return fail(
            QStringLiteral("field 'seed' must be a whole number, 0 or more (got %1)").arg(seed));
    p.servers = int(servers);
    p.jobs = static_cast<long long>(jobs);
    p.warmupJobs = static_cast<long long>(warmup);
    p.seed = static_cast<std::uint64_t>(seed);
    if (p.arrivalRate >= p.servers * p.serviceRate) {
        return fail(
            QStringLiteral("field 'arrival_rate' %1 is at least servers × service_rate = %2: "
                           "the queue would grow without end; add servers or lower the rate")
                .arg(p.arrivalRate)
                .arg(p.servers * p.serviceRate));
    }
    return p;
}

std::optional<OrmSpec> parseOrm(const QJsonObject &object, const QString &source, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<OrmSpec> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, message);
        return std::nullopt;
    };
    static const QStringList fields{QStringLiteral("model"),
                                    QStringLiteral("database"),
                                    QStringLiteral("users"),
                                    QStringLiteral("videos"),
                                    QStringLiteral("comments"),
                                    QStringLiteral("seed"),
                                    QStringLiteral("page_size")};
    OrmSpec spec;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!fields.contains(it.key())) {
            return fail(QStringLiteral("unknown field '%1' for model orm (known: %2)")
                            .arg(it.key(), fields.join(QStringLiteral(", "))));
        }
    }
    if (object.contains(QStringLiteral("database"))) {
        if (!object.value(QStringLiteral("database")).isString())
            return fail(QStringLiteral("field 'database' must be a file path"));
        spec.database = object.value(QStringLiteral("database")).toString();
    }
    const std::tuple<const char *, int *, int, int> counts[]
        = {{"users", &spec.size.users, 1, 1000000},
           {"videos", &spec.size.videos, 1, 10000000},
           {"comments", &spec.size.comments, 0, 100000000},
           {"page_size", &spec.pageSize, 1, 10000}};
    for (const auto &[name, target, low, high] : counts) {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined())
            continue;
        const double n = value.toDouble(-1);
        if (!value.isDouble() || n < low || n > high || n != std::floor(n)) {
            return fail(QStringLiteral("field '%1' must be a whole number from %2 to %3")
                            .arg(QLatin1String(name))
                            .arg(low)
                            .arg(high));
        }
        *target = int(n);
    }
    if (object.contains(QStringLiteral("seed"))) {
        const double seed = object.value(QStringLiteral("seed")).toDouble(-1);
        if (seed < 0 || seed != std::floor(seed))
            return fail(QStringLiteral("field 'seed' must be a whole number, 0 or more"));
        spec.size.seed = std::uint64_t(seed);
    }
    return spec;
}

} // namespace Scenario
