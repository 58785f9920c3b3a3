// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The deck library, headless: the decks installed with Curtain found by name, the one way a deck
// is opened (and the words when it cannot be), and `deck check`'s findings with a stand-in for
// the modules.

#include <present/deckcheck.h>
#include <present/decklibrary.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;
using namespace Present;

class TestDeckLibrary : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data; // CURTAIN_DATA_DIR: decks/ holds the "installed" ones
    QTemporaryDir m_mine; // a presenter's own decks

    static QString write(const QString &path, const QByteArray &text)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(text);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("CURTAIN_DATA_DIR", m_data.path().toLocal8Bit());
        QVERIFY(QDir(m_data.path()).mkpath(QStringLiteral("decks")));
        write(m_data.filePath(QStringLiteral("decks/talk.md")), "# Talk\n");
        write(m_data.filePath(QStringLiteral("decks/another.md")), "# Another\n");
        write(m_data.filePath(QStringLiteral("decks/notes.txt")), "not a deck");
    }

    void builtInDecksAreFoundByName()
    {
        QCOMPARE(DeckLibrary::dir(), m_data.filePath(QStringLiteral("decks")));
        QCOMPARE(DeckLibrary::builtIn(),
                 QStringList({m_data.filePath(QStringLiteral("decks/another.md")),
                              m_data.filePath(QStringLiteral("decks/talk.md"))}));
        QCOMPARE(DeckLibrary::names(),
                 QStringList({QStringLiteral("another"), QStringLiteral("talk")}));
        const QString talk = m_data.filePath(QStringLiteral("decks/talk.md"));
        QCOMPARE(DeckLibrary::resolve(QStringLiteral("talk")), talk);
        QCOMPARE(DeckLibrary::resolve(QStringLiteral("talk.md")), talk);
        QVERIFY(DeckLibrary::isBuiltIn(talk));
        const QString mine = write(m_mine.filePath(QStringLiteral("talk.md")), "# Mine\n");
        QCOMPARE(DeckLibrary::resolve(mine), mine); // a file is itself, whatever its name
        QVERIFY(!DeckLibrary::isBuiltIn(mine));
        QCOMPARE(DeckLibrary::resolve(QStringLiteral("nowhere")), QStringLiteral("nowhere"));
    }

    void openingSaysWhatIsWrong()
    {
        QString error;
        const std::optional<Deck> talk = DeckLibrary::open(QStringLiteral("talk"), &error);
        QVERIFY(talk);
        QCOMPARE(talk->title, QStringLiteral("Talk"));
        QCOMPARE(talk->path, m_data.filePath(QStringLiteral("decks/talk.md")));

        QVERIFY(!DeckLibrary::open(QStringLiteral("nowhere"), &error));
        QCOMPARE(error,
                 QStringLiteral("no deck nowhere: give a deck's file, or one of Curtain's own "
                                "(another, talk)"));
        const QString folder = m_mine.filePath(QStringLiteral("folder.md"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(!DeckLibrary::read(folder, &error));
        QVERIFY2(error.contains(folder), qPrintable(error));
    }

    void checkNamesEveryProblemInLineOrder()
    {
        const QString path = write(m_mine.filePath(QStringLiteral("check.md")),
                                   "# Checked\n\n![gone](gone.png)\n---\n"
                                   "# Demo\n\n```python\nx = 1\n```\n\n```demo fake\nbad: yes\n"
                                   "good: yes\n```\n---\n"
                                   "# Chess\n\n```demo chess\n```\n");
        const std::optional<Deck> deck = DeckLibrary::read(path, nullptr);
        QVERIFY(deck);
        QList<DemoPreset> asked;
        const DeckCheck::Report report = DeckCheck::check(
            *deck,
            {QStringLiteral("fake"), QStringLiteral("other")},
            [&](const QString &module, const DemoPreset &preset) {
                asked.append(preset);
                QList<PresetProblem> problems;
                for (const PresetEntry &e : preset.entries) {
                    if (e.key == QLatin1String("bad"))
                        problems.append({e.line, module + QStringLiteral(": bad")});
                }
                return problems;
            });
        QCOMPARE(report.problems,
                 QStringList({QStringLiteral("check.md:3: picture \"gone.png\" not found (looked "
                                             "in %1)")
                                  .arg(m_mine.path()),
                              QStringLiteral("check.md:12: fake: bad"),
                              QStringLiteral("check.md:18: unknown demo module \"chess\" (Curtain "
                                             "has fake, other)")}));
        QCOMPARE(report.summary,
                 QStringLiteral("check.md: \"Checked\", 3 slides, 2 demos, 1 picture: 3 problems"));
        // The module is asked about its preset as the presenter would apply it.
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().deckDir, m_mine.path());
        QCOMPARE(asked.first().slideCode, QStringLiteral("x = 1\n"));
        QCOMPARE(asked.first().entries.size(), 2);

        const std::optional<Deck> talk = DeckLibrary::open(QStringLiteral("talk"), nullptr);
        const DeckCheck::Report sound = DeckCheck::check(*talk, {}, {});
        QVERIFY(sound.problems.isEmpty());
        QCOMPARE(sound.summary,
                 QStringLiteral("talk.md: \"Talk\", 1 slide, 0 demos, 0 pictures: sound"));
    }
};

QTEST_GUILESS_MAIN(TestDeckLibrary)
#include "tst_decklibrary.moc"
