// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The deck format (docs/decks.md): slides, notes, items revealed per click, pictures, demo blocks,
// and every problem named at its line while the rest of the deck stays usable.

#include <present/deck.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;
using namespace Present;

class TestDeck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slidesNotesItemsAndDemos()
    {
        const QString text = QStringLiteral(
            "<!-- a comment\nover two lines -->\n"
            "# Title slide\n\nSome *text*.\n\nNotes:\nSay hello.\n\n---\n"
            "# Road map\n\n+ first\n+ second\n  continues\n- always there\n\nNotes:\nThree stops.\n"
            "---\n"
            "# Demo\n\n```python\nclass A:\n    pass\n```\n\n"
            "```demo classforge\nsource: slide\nstep: 3\n```\n"
            "Notes:\nStep on.\n---\n");
        const Deck deck = Deck::parse(text, QDir::tempPath());
        QCOMPARE(deck.slides.size(), 3);
        QCOMPARE(deck.title, QStringLiteral("Title slide"));
        QVERIFY(deck.problems().isEmpty());

        const Slide &title = deck.slides.at(0);
        QCOMPARE(title.notes, QStringLiteral("Say hello."));
        QVERIFY(!title.markdown.contains(QStringLiteral("comment")));
        QVERIFY(!title.markdown.contains(QStringLiteral("Notes")));
        QCOMPARE(title.items, 0);

        const Slide &roadmap = deck.slides.at(1);
        QCOMPARE(roadmap.line, 11);
        QCOMPARE(roadmap.items, 2);
        QVERIFY(!roadmap.markdownAt(0).contains(QStringLiteral("first")));
        QVERIFY(roadmap.markdownAt(0).contains(QStringLiteral("- always there")));
        QVERIFY(roadmap.markdownAt(1).contains(QStringLiteral("- first")));
        QVERIFY(!roadmap.markdownAt(1).contains(QStringLiteral("second")));
        QVERIFY(!roadmap.markdownAt(1).contains(QStringLiteral("continues")));
        QVERIFY(roadmap.markdownAt(2).contains(QStringLiteral("- second\n  continues")));
        QCOMPARE(roadmap.markdown, roadmap.markdownAt(2));

        const Slide &demo = deck.slides.at(2);
        QVERIFY(demo.demo.has_value());
        QCOMPARE(demo.demo->module, QStringLiteral("classforge"));
        QCOMPARE(demo.demo->entries.size(), 2);
        QCOMPARE(demo.demo->value(QStringLiteral("step")), QStringLiteral("3"));
        QCOMPARE(demo.demo->entries.at(1).line, 30);
        QCOMPARE(demo.code, QStringLiteral("class A:\n    pass\n"));
        QVERIFY(!demo.markdown.contains(QStringLiteral("source: slide")));
        QVERIFY(demo.markdown.contains(QStringLiteral("class A:")));
    }

    void separatorsInsideCodeAreCode()
    {
        const Deck deck
            = Deck::parse(QStringLiteral("# One\n```\n---\n```\n---\n# Two\n"), QDir::tempPath());
        QCOMPARE(deck.slides.size(), 2);
        QVERIFY(deck.slides.at(0).markdown.contains(QStringLiteral("---")));
        QCOMPARE(deck.slides.at(1).title, QStringLiteral("Two"));
    }

    void problemsAreNamedAtTheirLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("words");
        QTest::newRow("no module") << QStringLiteral("# A\n```demo\nrun: true\n```\n") << 2
                                   << QStringLiteral("names its module");
        QTest::newRow("not key: value")
            << QStringLiteral("# A\n```demo scheduler\nworkers 4\n```\n") << 3
            << QStringLiteral("key: value");
        QTest::newRow("key twice")
            << QStringLiteral("# A\n```demo scheduler\nworkers: 2\nworkers: 4\n```\n") << 4
            << QStringLiteral("set twice");
        QTest::newRow("two demos")
            << QStringLiteral("---\n# B\n```demo startup\n```\n```demo startup\n```\n") << 5
            << QStringLiteral("at most one demo");
        QTest::newRow("missing picture")
            << QStringLiteral("# A\n\n![a chart](nowhere/chart.png)\n") << 3
            << QStringLiteral("picture \"nowhere/chart.png\" not found");
        QTest::newRow("unclosed code") << QStringLiteral("# A\n```python\nx = 1\n---\n# B\n") << 2
                                       << QStringLiteral("not closed");
        // A fence left open swallows the demo below it: CommonMark reads on, the check does not.
        QTest::newRow("unclosed code above a demo")
            << QStringLiteral("# A\n```python\nx = 1\n\n```demo classforge\nsource: slide\n```\n")
            << 2 << QStringLiteral("not closed before line 5");
        QTest::newRow("bad duration") << QStringLiteral("---\nduration: soon\n---\n# A\n") << 2
                                      << QStringLiteral("duration takes a time");
        QTest::newRow("unknown front matter")
            << QStringLiteral("---\ntheme: dark\n---\n# A\n") << 2
            << QStringLiteral("unknown front matter key \"theme\"");
        QTest::newRow("bad slide time")
            << QStringLiteral("# A\n\nTime: a while\n") << 3 << QStringLiteral("takes a time");
        QTest::newRow("source slide without code")
            << QStringLiteral("# A\n```demo classforge\nsource: slide\n```\n") << 2
            << QStringLiteral("```python");
    }

    void problemsAreNamedAtTheirLines()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, words);
        const Deck deck = Deck::parse(text, QDir::tempPath());
        const QList<DeckProblem> problems = deck.problems();
        QVERIFY2(!problems.isEmpty(), "no problem found");
        QCOMPARE(problems.first().line, line);
        QVERIFY2(problems.first().message.contains(words), qPrintable(problems.first().message));
        QVERIFY(!deck.slides.isEmpty()); // the deck is still there to present
    }

    void frontMatterAndTargetsSetThePace()
    {
        const Deck deck = Deck::parse(QStringLiteral("---\nduration: 30m\n---\n# One\n\nTime: 2m\n"
                                                     "---\n# Two\n\nNotes:\nTime: not a target\n"
                                                     "---\n# Three\nTime: 1:30\n"),
                                      QDir::tempPath());
        QVERIFY2(deck.problems().isEmpty(), qPrintable(deck.problems().value(0).text()));
        QCOMPARE(deck.durationMs, 30 * 60 * 1000);
        QCOMPARE(deck.slides.size(), 3);
        QCOMPARE(deck.slides.at(0).line, 4);
        QCOMPARE(deck.slides.at(0).markdown, QStringLiteral("# One")); // the target is not shown
        QCOMPARE(deck.slides.at(0).targetMs, 120000);
        QCOMPARE(deck.slides.at(1).targetMs, 0); // in the notes it is a note
        QCOMPARE(deck.slides.at(2).targetMs, 90000);
        QVERIFY(deck.hasTargets());
        QCOMPARE(deck.targetBefore(2), 120000);
        QCOMPARE(deck.title, QStringLiteral("One"));
    }

    void durationsAreReadAsPeopleWriteThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: not a time
        QTest::newRow("minutes") << QStringLiteral("30m") << qint64(1800000);
        QTest::newRow("min") << QStringLiteral("45 min") << qint64(2700000);
        QTest::newRow("hours and minutes") << QStringLiteral("1h 30m") << qint64(5400000);
        QTest::newRow("seconds") << QStringLiteral("90s") << qint64(90000);
        QTest::newRow("clock") << QStringLiteral("25:00") << qint64(1500000);
        QTest::newRow("long clock") << QStringLiteral("1:30:00") << qint64(5400000);
        QTest::newRow("words") << QStringLiteral("soon") << qint64(-1);
        QTest::newRow("zero") << QStringLiteral("0m") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }

    void durationsAreReadAsPeopleWriteThem()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseDuration(text).value_or(-1), ms);
    }

    void aSlideIsFoundAgainByItsContent()
    {
        const QString before = QStringLiteral("# A\n---\n# B\n---\n# C\nc\n---\n# D\n");
        const Deck was = Deck::parse(before, QDir::tempPath());
        // A slide inserted above C: C is found where it went.
        const Deck now = Deck::parse(
            QStringLiteral("# A\n---\n# New\n---\n# B\n---\n# C\nc\n---\n# D\n"), QDir::tempPath());
        QCOMPARE(now.find(was.slides.at(2), 2), 3);
        // C's text edited: found by its title.
        const Deck edited = Deck::parse(QStringLiteral("# A\n---\n# New\n---\n# C\nc, edited\n"),
                                        QDir::tempPath());
        QCOMPARE(edited.find(was.slides.at(2), 2), 2);
        // Gone: the same number, within the deck.
        const Deck gone = Deck::parse(QStringLiteral("# A\n---\n# B\n"), QDir::tempPath());
        QCOMPARE(gone.find(was.slides.at(3), 3), 1);
    }

    void picturesResolveBesideTheDeck()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkdir(QStringLiteral("pictures"));
        QFile picture(dir.filePath(QStringLiteral("pictures/p.png")));
        QVERIFY(picture.open(QIODevice::WriteOnly));
        picture.write("png");
        picture.close();
        QFile file(dir.filePath(QStringLiteral("talk.md")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# Talk\n\n![the picture](pictures/p.png) ![web](https://example.org/x.png)\n");
        file.close();
        QString error;
        const std::optional<Deck> deck = Deck::read(file.fileName(), &error);
        QVERIFY2(deck, qPrintable(error));
        QVERIFY(deck->problems().isEmpty());
        QCOMPARE(deck->slides.first().pictures.first(),
                 dir.filePath(QStringLiteral("pictures/p.png")));
        QCOMPARE(deck->baseDir(), QDir(dir.path()).absolutePath());
    }

    void unreadableAndHugeFilesAreRefusedByName()
    {
        QString error;
        QVERIFY(!Deck::read(QStringLiteral("/nonexistent/talk.md"), &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/talk.md")));
        QTemporaryDir dir;
        QFile big(dir.filePath(QStringLiteral("big.md")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(Deck::MaxBytes + 10, 'x'));
        big.close();
        QVERIFY(!Deck::read(big.fileName(), &error));
        QVERIFY(error.contains(QStringLiteral("at most 4 MiB")));
    }

    void builtInDecksParseCleanly_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &name : QDir(QStringLiteral(CURTAIN_SOURCE_DIR "/resources/decks"))
                                       .entryList({QStringLiteral("*.md")}))
            QTest::newRow(qPrintable(name))
                << QStringLiteral(CURTAIN_SOURCE_DIR "/resources/decks/") + name;
    }

    void builtInDecksParseCleanly()
    {
        QFETCH(QString, file);
        QString error;
        const std::optional<Deck> deck = Deck::read(file, &error);
        QVERIFY2(deck, qPrintable(error));
        for (const DeckProblem &p : deck->problems())
            qWarning("%s:%d: %s", qPrintable(file), p.line, qPrintable(p.message));
        QVERIFY(deck->problems().isEmpty());
        QVERIFY(deck->slides.size() >= 12 && deck->slides.size() <= 25);
        int demos = 0;
        for (const Slide &slide : deck->slides) {
            QVERIFY2(!slide.notes.isEmpty(),
                     qPrintable(QStringLiteral("slide at line %1 has no notes").arg(slide.line)));
            demos += slide.demo.has_value();
        }
        QVERIFY(demos >= 4);
    }

    void aDemosPresetIsWhatItsModuleTakes()
    {
        const Deck deck = Deck::parse(QStringLiteral("# Demo\n\n```python\nx = 1\n```\n\n"
                                                     "```demo classforge\nsource: slide\n"
                                                     "step: 2\n```\n---\n# Plain\n"),
                                      QStringLiteral("/decks"));
        const DemoPreset preset = deck.slides.at(0).demoPreset(QStringLiteral("/decks"));
        QCOMPARE(preset.entries.size(), 2);
        QCOMPARE(preset.entries.at(1).key, QStringLiteral("step"));
        QCOMPARE(preset.entries.at(1).value, QStringLiteral("2"));
        QCOMPARE(preset.entries.at(1).line, 9);
        QCOMPARE(preset.deckDir, QStringLiteral("/decks"));
        QCOMPARE(preset.slideCode, QStringLiteral("x = 1\n"));
        QVERIFY(deck.slides.at(1).demoPreset(QStringLiteral("/decks")).entries.isEmpty());
        QCOMPARE((DeckProblem{7, QStringLiteral("bad")}).text(), QStringLiteral("line 7: bad"));
    }
};

QTEST_MAIN(TestDeck)
#include "tst_deck.moc"
