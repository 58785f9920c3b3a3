// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The one description of Startup Sim's scenarios: every bad input named in one line, defaults
// filled in, and the work a scenario implies estimated before it runs.

#include <startup/feedschema.h>
#include <startup/mmcschema.h>
#include <startup/ormschema.h>
#include <startup/schema.h>
#include <startup/transcodingschema.h>

#include <kit/jsonio.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace Kit;
using namespace Startup;

namespace {

/** MODEL's scenario with every section on and every default written out. */
QJsonObject everyDefault(const Schema::Model &model)
{
    QJsonObject o{{QStringLiteral("model"), model.id}};
    for (const Schema::Field &f : model.fields) {
        if (f.kind == Schema::Kind::Section)
            JsonIo::setPath(o, f.key, QJsonObject());
        else if (!f.defaultValue.isUndefined())
            JsonIo::setPath(o, f.key, f.defaultValue);
    }
    return o;
}

/** Values F may take other than its default, likeliest to pass the model's checks first. */
QList<QJsonValue> otherValues(const Schema::Field &f)
{
    QList<QJsonValue> values;
    switch (f.kind) {
    case Schema::Kind::Number:
    case Schema::Kind::Whole: {
        const double value = f.defaultValue.toDouble();
        for (double x : {f.max, f.min, (f.min + f.max) / 2, value * 1.5, value / 2}) {
            if (f.kind == Schema::Kind::Whole)
                x = std::round(x);
            if (x != value && x >= f.min && x <= f.max)
                values.append(x);
        }
        break;
    }
    case Schema::Kind::Boolean:
        values.append(!f.defaultValue.toBool());
        break;
    case Schema::Kind::Choice:
        for (const QString &id : f.choices) {
            if (id != f.defaultValue.toString())
                values.append(id);
        }
        break;
    case Schema::Kind::Text:
        values.append(QStringLiteral("/tmp/elsewhere.sqlite"));
        break;
    case Schema::Kind::Curve:
        values.append(QJsonArray::fromVariantList(QVariantList(24, 2.0)));
        break;
    case Schema::Kind::Section:
        break;
    }
    return values;
}

template<class Params>
using Parser = std::optional<Params> (*)(const QJsonObject &, const QString &, QString *);

/** Every field MODEL declares changes what PARSE gives its engine: none is declared and then
 *  ignored. A section is changed by leaving it out. */
template<class Params>
void everyFieldIsRead(const QString &model, Parser<Params> parse)
{
    const Schema::Model *m = Schema::model(model);
    const QJsonObject base = everyDefault(*m);
    QString error;
    const std::optional<Params> reference = parse(base, QStringLiteral("base.json"), &error);
    QVERIFY2(reference, qPrintable(error));
    for (const Schema::Field &f : m->fields) {
        QJsonObject changed = base;
        bool valid = f.kind == Schema::Kind::Section;
        if (valid)
            JsonIo::removePath(changed, f.key);
        for (const QJsonValue &v : otherValues(f)) {
            changed = base;
            JsonIo::setPath(changed, f.key, v);
            valid = Schema::validate(changed, QStringLiteral("changed.json"), &error).has_value();
            if (valid)
                break;
        }
        QVERIFY2(valid,
                 qPrintable(QStringLiteral("no other value of %1 passes: %2").arg(f.key, error)));
        const std::optional<Params> p = parse(changed, QStringLiteral("changed.json"), &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY2(!(*p == *reference), qPrintable(f.key + QStringLiteral(" is never read")));
    }
}

/** A scenario naming only its model gives the engine its own defaults (and the seed 2011). */
template<class Params>
void theDefaultsAreTheEngines(const QString &model, Parser<Params> parse, Params defaults)
{
    QString error;
    const std::optional<Params> p
        = parse(QJsonObject{{QStringLiteral("model"), model}}, QStringLiteral("s.json"), &error);
    QVERIFY2(p, qPrintable(error));
    QVERIFY2(*p == defaults, qPrintable(model));
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private slots:
    void badInputIsNamedInOneLine_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("named");
        QTest::newRow("model a number")
            << QByteArray(R"({"model":5})")
            << QStringLiteral("'model' must be one of transcoding, feed, orm, mmc (got 5)");
        QTest::newRow("model unknown")
            << QByteArray(R"({"model":"bank"})") << QStringLiteral("(got \"bank\")");
        QTest::newRow("delivery a number") << QByteArray(R"({"model":"feed","delivery":5})")
                                           << QStringLiteral("'delivery' must be one of");
        QTest::newRow("delivery null")
            << QByteArray(R"({"model":"feed","delivery":null})") << QStringLiteral("(got null)");
        QTest::newRow("capture true")
            << QByteArray(R"({"model":"feed","capture":true})")
            << QStringLiteral("'capture' must be one of \"signal\", \"trigger\" (got true)");
        QTest::newRow("unknown nested")
            << QByteArray(R"({"model":"transcoding","pool":{"slot":2}})")
            << QStringLiteral("unknown field 'pool.slot'");
        QTest::newRow("section not an object")
            << QByteArray(R"({"model":"transcoding","outsourcing":true})")
            << QStringLiteral("'outsourcing' must be an object");
        QTest::newRow("whole number")
            << QByteArray(R"({"model":"transcoding","pool":{"instances":2.5}})")
            << QStringLiteral("'pool.instances' must be a whole number");
        QTest::newRow("curve entry") << QByteArray(
            R"({"model":"transcoding","arrivals":{"daily_curve":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"x"]}})")
                                     << QStringLiteral("entry 23");
        QTest::newRow("warm-up past the end")
            << QByteArray(R"({"model":"transcoding","hours":2,"warmup_hours":3})")
            << QStringLiteral("'warmup_hours' must be less than 'hours'");
        QTest::newRow("tiny rate") << QByteArray(R"({"model":"mmc","arrival_rate":1e-308})")
                                   << QStringLiteral("'arrival_rate' must be a number from 1e-06");
        QTest::newRow("load at one")
            << QByteArray(R"({"model":"mmc","arrival_rate":0.99999999,"service_rate":1})")
            << QStringLiteral("too close to 1");
        QTest::newRow("comments beyond the limit")
            << QByteArray(R"({"model":"orm","comments":100000000})")
            << QStringLiteral("'comments' must be a whole number from 0 to 5e+06");
        // Inside every range, but more than a desktop can do.
        QTest::newRow("a huge daily curve") << QByteArray(
            R"({"model":"transcoding","arrivals":{"uploads_per_hour":1e6,"daily_curve":[1000,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}})")
                                            << QStringLiteral("'arrivals.daily_curve'");
        QTest::newRow("a million users with a million followers")
            << QByteArray(R"({"model":"feed","users":1000000,"median_followers":1000000})")
            << QStringLiteral("lower field 'median_followers'");
        QTest::newRow("10,000 machines sampled every 0.1 min")
            << QByteArray(
                   R"({"model":"transcoding","pool":{"instances":10000},"sample_minutes":0.1})")
            << QStringLiteral("lower field 'sample_minutes'");
        QTest::newRow("a year of uploads")
            << QByteArray(
                   R"({"model":"transcoding","hours":8760,"arrivals":{"uploads_per_hour":100000}})")
            << QStringLiteral("lower field 'arrivals.uploads_per_hour'");
    }

    void badInputIsNamedInOneLine()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, named);
        QString error;
        QVERIFY(!Schema::validate(
            QJsonDocument::fromJson(json).object(), QStringLiteral("s.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("s.json: ")) && error.contains(named),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(error.size() < 400);
    }

    void aHugeValueIsQuotedOnlyInPart()
    {
        QJsonObject o{{QStringLiteral("model"), QStringLiteral("feed")},
                      {QStringLiteral("delivery"), QString(50 * 1024 * 1024, QLatin1Char('x'))}};
        QString error;
        QVERIFY(!Schema::validate(o, QStringLiteral("s.json"), &error));
        QVERIFY2(error.size() < 200, qPrintable(error.left(300)));
    }

    void defaultsAreFilledInAndSectionsStayOff()
    {
        QString error;
        const auto o
            = Schema::validate(QJsonDocument::fromJson(R"({"model":"transcoding"})").object(),
                               QStringLiteral("s.json"),
                               &error);
        QVERIFY2(o, qPrintable(error));
        QCOMPARE(JsonIo::valueAt(*o, QStringLiteral("pool.instances")).toInt(), 2);
        QCOMPARE(JsonIo::valueAt(*o, QStringLiteral("seed")).toInt(), 2011);
        QVERIFY(JsonIo::valueAt(*o, QStringLiteral("pool.autoscale")).isUndefined());
        QVERIFY(JsonIo::valueAt(*o, QStringLiteral("arrivals.daily_curve")).isUndefined());
        const auto on = Schema::validate(
            QJsonDocument::fromJson(R"({"model":"transcoding","pool":{"autoscale":{}}})").object(),
            QStringLiteral("s.json"),
            &error);
        QCOMPARE(JsonIo::valueAt(*on, QStringLiteral("pool.autoscale.max")).toInt(), 20);
    }

    void everyFieldHasWordsAndEveryExampleIsValid_data()
    {
        QTest::addColumn<QString>("model");
        for (const QString &id : Schema::modelIds())
            QTest::newRow(qPrintable(id)) << id;
    }

    void everyFieldHasWordsAndEveryExampleIsValid()
    {
        QFETCH(QString, model);
        const Schema::Model *m = Schema::model(model);
        for (const Schema::Field &f : m->fields) {
            // Words for people, never the dotted key.
            QVERIFY2(!f.label.isEmpty() && f.label != f.key && !f.label.contains(QLatin1Char('.')),
                     qPrintable(f.key));
            if (f.kind == Schema::Kind::Choice)
                QCOMPARE(f.choiceLabels.size(), f.choices.size());
        }
        for (const Schema::Metric &metric : m->metrics)
            QVERIFY2(!metric.label.contains(QLatin1Char('_')), qPrintable(metric.path));
        QString error;
        const QString path
            = QStringLiteral(CURTAIN_SOURCE_DIR "/resources/scenarios/%1.json").arg(model);
        const auto object = JsonIo::readObjectFile(path, &error);
        QVERIFY2(object, qPrintable(error));
        QVERIFY2(Schema::validate(*object, path, &error), qPrintable(error));
    }

    void everyDefaultPassesItsOwnChecks_data() { everyFieldHasWordsAndEveryExampleIsValid_data(); }

    void everyDefaultPassesItsOwnChecks()
    {
        QFETCH(QString, model);
        const Schema::Model *m = Schema::model(model);
        const QJsonObject full = everyDefault(*m);
        QString error;
        const auto checked = Schema::validate(full, QStringLiteral("s.json"), &error);
        QVERIFY2(checked, qPrintable(error));
        QCOMPARE(*checked, full);
        // Sections on and nothing else: the defaults fill in the same object.
        QJsonObject sections{{QStringLiteral("model"), model}};
        for (const Schema::Field &f : m->fields) {
            if (f.kind == Schema::Kind::Section)
                JsonIo::setPath(sections, f.key, QJsonObject());
        }
        QCOMPARE(*Schema::validate(sections, QStringLiteral("s.json"), &error), full);
    }

    void everyFieldIsReadByItsEngine()
    {
        everyFieldIsRead(QStringLiteral("mmc"), &Scenario::parseMmc);
        everyFieldIsRead(QStringLiteral("transcoding"), &Scenario::parseTranscoding);
        everyFieldIsRead(QStringLiteral("feed"), &Scenario::parseFeed);
        everyFieldIsRead(QStringLiteral("orm"), &Scenario::parseOrm);
    }

    void theDefaultsAreTheEnginesOwn()
    {
        MmcParams mmc;
        mmc.seed = 2011;
        theDefaultsAreTheEngines(QStringLiteral("mmc"), &Scenario::parseMmc, mmc);
        TranscodingParams transcoding;
        transcoding.seed = 2011;
        theDefaultsAreTheEngines(
            QStringLiteral("transcoding"), &Scenario::parseTranscoding, transcoding);
        FeedParams feed;
        feed.seed = 2011;
        theDefaultsAreTheEngines(QStringLiteral("feed"), &Scenario::parseFeed, feed);
        theDefaultsAreTheEngines(QStringLiteral("orm"), &Scenario::parseOrm, Scenario::OrmSpec());
    }

    void aScenarioOfAnotherModelIsRefused()
    {
        QString error;
        QVERIFY(!Scenario::parseFeed(QJsonObject{{QStringLiteral("model"), QStringLiteral("mmc")}},
                                     QStringLiteral("s.json"),
                                     &error));
        QCOMPARE(error,
                 QStringLiteral("s.json: field 'model' must be \"feed\" here (got \"mmc\")"));
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
