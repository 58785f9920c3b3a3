// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The one description of Startup Sim's scenarios: every bad input named in one line, defaults
// filled in, and the work a scenario implies estimated before it runs.

#include <schema.h>

#include <jsonio.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

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
            << QStringLiteral("'model' must be one of mmc, transcoding, feed, orm (got 5)");
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
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
