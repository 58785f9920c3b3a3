// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// One function names a scenario's fields once: declaring it gives the field list with the
// engine's defaults, reading it fills the engine's parameters from a checked object.

#include <startup/schemabinder.h>

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Startup;

namespace {

enum class Colour { Red, Green };

struct Params
{
    double rate = 2.5;
    int count = 3;
    long long jobs = 1000;
    bool flag = true;
    QString path;
    std::vector<double> curve;
    Colour colour = Colour::Green;
    bool extra = false;
    double extraSize = 7;
    double offSentinel = -1;
    std::uint64_t seed = 1;
};

void bindParams(Schema::Binder &b, Params &p)
{
    b.number(QLatin1String("rate"), p.rate, QStringLiteral("Rate"))
        .unit(QStringLiteral("/ h"))
        .about(QStringLiteral("How fast"))
        .range(0, 10)
        .decimals(2);
    b.whole(QLatin1String("count"), p.count, QStringLiteral("Count")).range(1, 9);
    b.whole(QLatin1String("jobs"), p.jobs, QStringLiteral("Jobs")).range(1, 1e9);
    b.boolean(QLatin1String("flag"), p.flag, QStringLiteral("Flag"));
    b.text(QLatin1String("path"), p.path, QStringLiteral("Path")).notInForm();
    b.curve(QLatin1String("curve"), p.curve, QStringLiteral("Curve")).range(0, 100);
    b.choice(QLatin1String("colour"),
             p.colour,
             QStringLiteral("Colour"),
             {{QLatin1String("red"), QStringLiteral("warm red"), Colour::Red},
              {QLatin1String("green"), QStringLiteral("leaf green"), Colour::Green}});
    b.section(QLatin1String("extra"), QStringLiteral("Extra"), &p.extra);
    b.number(QLatin1String("extra.size"), p.extraSize, QStringLiteral("Size")).range(0, 100);
    b.number(QLatin1String("extra.start"), p.offSentinel, QStringLiteral("Start"))
        .range(0, 100)
        .byDefault(0);
    b.seed(p.seed);
}

} // namespace

class TestSchemaBinder : public QObject
{
    Q_OBJECT

private slots:
    void declaringListsTheFieldsWithTheEnginesDefaults()
    {
        const std::vector<Schema::Field> fields = Schema::declare(&bindParams);
        QStringList keys;
        for (const Schema::Field &f : fields)
            keys.append(f.key);
        QCOMPARE(keys.join(QLatin1Char(',')),
                 QStringLiteral("rate,count,jobs,flag,path,curve,colour,extra,extra.size,"
                                "extra.start,seed"));
        const Schema::Field &rate = fields[0];
        QCOMPARE(rate.kind, Schema::Kind::Number);
        QCOMPARE(rate.defaultValue, QJsonValue(2.5));
        QCOMPARE(rate.unit, QStringLiteral("/ h"));
        QCOMPARE(rate.description, QStringLiteral("How fast"));
        QCOMPARE(rate.max, 10.0);
        QCOMPARE(rate.decimals, 2);
        QCOMPARE(fields[1].kind, Schema::Kind::Whole);
        QCOMPARE(fields[1].defaultValue, QJsonValue(3.0));
        QCOMPARE(fields[2].defaultValue, QJsonValue(1000.0));
        QCOMPARE(fields[3].defaultValue, QJsonValue(true));
        // A path, a curve and a section have no default: absent means "the engine's own".
        QVERIFY(fields[4].defaultValue.isUndefined());
        QVERIFY(!fields[4].inForm);
        QVERIFY(fields[5].defaultValue.isUndefined());
        QCOMPARE(fields[5].kind, Schema::Kind::Curve);
        QCOMPARE(fields[6].choices.join(QLatin1Char(',')), QStringLiteral("red,green"));
        QCOMPARE(fields[6].choiceLabels.join(QLatin1Char(',')),
                 QStringLiteral("warm red,leaf green"));
        QCOMPARE(fields[6].defaultValue, QJsonValue(QStringLiteral("green")));
        QCOMPARE(fields[7].kind, Schema::Kind::Section);
        QVERIFY(fields[7].defaultValue.isUndefined());
        // A sentinel in the engine's parameters gives way to the field's own default.
        QCOMPARE(fields[9].defaultValue, QJsonValue(0.0));
        // Every model's seed: 2011 by default, whatever the engine's struct starts with.
        QCOMPARE(fields[10].kind, Schema::Kind::Whole);
        QCOMPARE(fields[10].defaultValue, QJsonValue(2011.0));
        QCOMPARE(fields[10].max, Schema::MaxSeed);
    }

    void readingSetsWhatTheObjectHasAndKeepsTheRest()
    {
        const QJsonObject object = QJsonDocument::fromJson(R"({
            "rate": 7.25, "count": 4, "jobs": 5000000000, "flag": false, "path": "/tmp/db",
            "curve": [1, 2, 3], "colour": "red", "extra": {"size": 9, "start": 12},
            "seed": 9007199254740992})")
                                       .object();
        const Params p = Schema::read(object, &bindParams);
        QCOMPARE(p.rate, 7.25);
        QCOMPARE(p.count, 4);
        QCOMPARE(p.jobs, 5000000000LL);
        QCOMPARE(p.flag, false);
        QCOMPARE(p.path, QStringLiteral("/tmp/db"));
        QCOMPARE(p.curve, std::vector<double>({1, 2, 3}));
        QCOMPARE(p.colour, Colour::Red);
        QVERIFY(p.extra);
        QCOMPARE(p.extraSize, 9.0);
        QCOMPARE(p.offSentinel, 12.0);
        QCOMPARE(p.seed, std::uint64_t(1) << 53);

        // A section that is off, and keys that are absent, leave the parameters as they are.
        const Params none = Schema::read(QJsonObject{{QStringLiteral("rate"), 1.0}}, &bindParams);
        const Params defaults;
        QCOMPARE(none.rate, 1.0);
        QCOMPARE(none.count, defaults.count);
        QCOMPARE(none.path, defaults.path);
        QVERIFY(none.curve.empty());
        QCOMPARE(none.colour, defaults.colour);
        QVERIFY(!none.extra);
        QCOMPARE(none.extraSize, defaults.extraSize);
        QCOMPARE(none.offSentinel, -1.0);
        QCOMPARE(none.seed, defaults.seed);
    }

    void readingDeclaresNothing()
    {
        Params p;
        Schema::Binder reader(QJsonObject{});
        bindParams(reader, p);
        QVERIFY(reader.fields().empty());
    }
};

QTEST_GUILESS_MAIN(TestSchemaBinder)
#include "tst_schemabinder.moc"
