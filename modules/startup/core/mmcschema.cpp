// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mmcschema.h"

#include "schemabinder.h"

#include <QObject>

namespace Startup {

namespace {

constexpr QLatin1String Id("mmc");

// Each key spelled once: the field list, the engine's reading and the messages use these.
namespace Key {
constexpr QLatin1String arrivalRate("arrival_rate");
constexpr QLatin1String serviceRate("service_rate");
constexpr QLatin1String servers("servers");
constexpr QLatin1String jobs("jobs");
constexpr QLatin1String warmupJobs("warmup_jobs");
} // namespace Key

void bindFields(Schema::Binder &b, MmcParams &p)
{
    b.number(Key::arrivalRate, p.arrivalRate, QObject::tr("Arrivals"))
        .unit(QObject::tr("per time unit"))
        .about(QObject::tr("Poisson arrival rate λ"))
        .range(1e-6, 1e6)
        .decimals(3);
    b.number(Key::serviceRate, p.serviceRate, QObject::tr("Service"))
        .unit(QObject::tr("per time unit"))
        .about(QObject::tr("Each server's exponential service rate μ"))
        .range(1e-6, 1e6)
        .decimals(3);
    b.whole(Key::servers, p.servers, QObject::tr("Servers"))
        .about(QObject::tr("c identical servers, one FIFO queue"))
        .range(1, 100000);
    b.whole(Key::jobs, p.jobs, QObject::tr("Jobs"))
        .about(QObject::tr("Jobs measured per replication"))
        .range(1, 1e9);
    b.whole(Key::warmupJobs, p.warmupJobs, QObject::tr("Warm-up"))
        .unit(QObject::tr("jobs"))
        .about(QObject::tr("Jobs simulated first and then forgotten"))
        .range(0, 1e9);
    b.seed(p.seed);
}

QString check(const MmcParams &p)
{
    const double capacity = p.servers * p.serviceRate;
    if (p.arrivalRate >= capacity) {
        return QStringLiteral("field '%1' %2 is at least %3 × %4 = %5: the queue would grow "
                              "without end; add servers or lower the rate")
            .arg(Key::arrivalRate)
            .arg(p.arrivalRate)
            .arg(Key::servers, Key::serviceRate)
            .arg(capacity);
    }
    // Past this the waits are so long that the run would never settle in its jobs.
    if (p.arrivalRate / capacity > 0.9999) {
        return QStringLiteral("field '%1' puts the load at %2 of the servers' capacity: too close "
                              "to 1 to simulate faithfully; keep it below 0.9999")
            .arg(Key::arrivalRate)
            .arg(p.arrivalRate / capacity, 0, 'g', 6);
    }
    return {};
}

QString budget(const MmcParams &p)
{
    const MmcWork work = mmcWork(p);
    if (work.events <= Schema::MaxEvents && work.bytes <= Schema::MaxBytes)
        return {};
    return Schema::tooBig(work.events,
                          work.bytes,
                          p.jobs >= p.warmupJobs ? Key::jobs : Key::warmupJobs,
                          QObject::tr("two events per job"));
}

} // namespace

MmcWork mmcWork(const MmcParams &p)
{
    MmcWork work;
    work.events = 2 * double(totalJobs(p));
    work.bytes = 8 * double(p.jobs);
    return work;
}

Schema::Model Schema::mmcModel()
{
    return modelOf(
        Id,
        QObject::tr("Validation: M/M/c queue"),
        &bindFields,
        {{QStringLiteral("mean_wait"),
          QObject::tr("mean wait in queue"),
          QObject::tr("time units"),
          Better::Lower},
         {QStringLiteral("mean_response"),
          QObject::tr("mean time in system"),
          QObject::tr("time units"),
          Better::Lower},
         {QStringLiteral("mean_queue_length"),
          QObject::tr("mean queue length"),
          QObject::tr("jobs"),
          Better::Lower},
         {QStringLiteral("utilization"), QObject::tr("utilisation"), QObject::tr("share")},
         {QStringLiteral("prob_wait"),
          QObject::tr("probability of waiting"),
          QObject::tr("share"),
          Better::Lower}},
        &check,
        &budget);
}

std::optional<MmcParams>
Scenario::parseMmc(const QJsonObject &object, const QString &source, QString *error)
{
    return Schema::parse(object, Id, source, error, &bindFields);
}

} // namespace Startup
