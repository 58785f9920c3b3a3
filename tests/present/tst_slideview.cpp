// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A slide as the room sees it, offscreen at a projector's 1280x800: words that do not fit are
// scaled down to fit, never below a readable floor, and never get a scroll bar; what is still cut
// is said (where, by how much), and `curtain deck check` refuses it (exit 2, FILE:LINE), as it
// refuses a code block left open above a demo.

#include "../support/fakemodule.h"

#include <kit/moduleregistry.h>
#include <present/deck.h>
#include <present/deckcommands.h>
#include <present/slideview.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace Kit;
using namespace Present;

namespace {

/** A slide of LINES lines of code, each WIDTH characters wide. */
QString codeSlide(int lines, int width)
{
    QString text = QStringLiteral("# Code\n\n```python\n");
    for (int i = 0; i < lines; ++i)
        text += QStringLiteral("x%1 = '%2'\n")
                    .arg(i, 3, 10, QLatin1Char('0'))
                    .arg(QString(width, QLatin1Char('a')));
    return text + QStringLiteral("```\n");
}

} // namespace

class TestSlideView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /** The slide TEXT shown at 1280x800, all items revealed. */
    static void show(SlideView &view, const QString &text)
    {
        const Deck deck = Deck::parse(text, QDir::tempPath());
        view.showSlide(deck.slides.first(), deck.slides.first().items, QDir::tempPath());
    }

private Q_SLOTS:
    void wordsThatFitKeepTheirSize()
    {
        SlideView view;
        view.resize(SlideView::CheckSize);
        view.show();
        show(view, QStringLiteral("# Short\n\n- one\n- two\n"));
        QCOMPARE(view.textPixels(), 800 / 18); // an eighteenth of the height: 44 px
        QVERIFY(!view.isCut());
    }

    void aLongCodeSlideIsScaledDownToFit()
    {
        SlideView view;
        view.resize(SlideView::CheckSize);
        view.show();
        show(view, codeSlide(14, 40)); // metaclasses' longest code slides
        QVERIFY2(!view.isCut(), qPrintable(view.cutText()));
        QVERIFY2(view.textPixels() < 800 / 18, qPrintable(QString::number(view.textPixels())));
        QVERIFY(view.textPixels() >= 800 / 30); // the floor: readable from the back
        const auto *text = view.findChild<QTextBrowser *>(QStringLiteral("present.slideText"));
        QVERIFY(text->document()->size().height() <= text->viewport()->height() + 1);
    }

    void whatCannotFitIsSaidAndHasNoScrollBar_data()
    {
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("where");
        QTest::newRow("400 lines") << 400 << 10 << QStringLiteral("below the bottom");
        QTest::newRow("a line of 200") << 3 << 200 << QStringLiteral("past the right edge");
    }

    void whatCannotFitIsSaidAndHasNoScrollBar()
    {
        QFETCH(int, lines);
        QFETCH(int, width);
        QFETCH(QString, where);
        SlideView view;
        view.resize(SlideView::CheckSize);
        view.show();
        show(view, codeSlide(lines, width));
        QVERIFY(view.isCut());
        QCOMPARE(view.textPixels(), 800 / 30); // not below the floor
        QVERIFY2(view.cutText().contains(where), qPrintable(view.cutText()));
        QVERIFY(view.cutText().contains(QStringLiteral("1280x800")));
        const auto *text = view.findChild<QTextBrowser *>(QStringLiteral("present.slideText"));
        QVERIFY(!text->verticalScrollBar()->isVisible());
    }

    void aDemoSlidesWordsFitTheirThird()
    {
        SlideView view;
        view.resize(SlideView::CheckSize);
        view.show();
        QWidget demo;
        view.hostDemo(&demo);
        show(view,
             QStringLiteral("# A demo\n\n- the first point, long enough to wrap at this size\n"
                            "- the second point\n- the third point\n\n```demo fake\n```\n"));
        QVERIFY(!view.isCut());
        const auto *text = view.findChild<QTextBrowser *>(QStringLiteral("present.slideText"));
        QVERIFY(text->maximumHeight() <= 800 / 3);
        QVERIFY(text->document()->size().height() <= text->maximumHeight());
        view.takeDemo();
    }

    void curtainsOwnDecksFitTheRoom_data()
    {
        QTest::addColumn<QString>("file");
        const QDir decks(QStringLiteral(CURTAIN_SOURCE_DECKS));
        for (const QString &name : decks.entryList({QStringLiteral("*.md")}, QDir::Files))
            QTest::newRow(qPrintable(name)) << decks.filePath(name);
    }

    void curtainsOwnDecksFitTheRoom()
    {
        QFETCH(QString, file);
        QString error;
        const std::optional<Deck> deck = Deck::read(file, &error);
        QVERIFY2(deck, qPrintable(error));
        SlideView view;
        view.resize(SlideView::CheckSize);
        view.show();
        QWidget standIn;
        QStringList cut;
        int smallest = 1000;
        for (int i = 0; i < deck->slides.size(); ++i) {
            const Slide &slide = deck->slides.at(i);
            view.hostDemo(slide.demo ? &standIn : nullptr);
            view.showSlide(slide, slide.items, deck->baseDir());
            smallest = std::min(smallest, view.textPixels());
            if (view.isCut())
                cut.append(QStringLiteral("slide %1 (line %2): %3")
                               .arg(i + 1)
                               .arg(slide.line)
                               .arg(view.cutText()));
            view.takeDemo();
        }
        qInfo("%s: smallest body text %d px", qPrintable(QFileInfo(file).fileName()), smallest);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
    }

    void deckCheckRefusesWhatBreaksATalk()
    {
        ModuleRegistry registry;
        QVERIFY(registry.add(std::make_unique<FakeModule>(QStringLiteral("fake")), nullptr));
        QFile file(m_dir.filePath(QStringLiteral("talk.md")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# Fine\n\n- a point\n---\n"                                   // lines 1-3
                   "# Open fence\n\n```python\nx = 1\n\n```demo fake\n```\n---\n" // 5-11
                   + codeSlide(60, 20).toUtf8());                                 // line 13
        file.close();
        const QList<Subcommand> commands = deckSubcommands(registry);
        const Subcommand *deck = findSubcommand(commands, QStringLiteral("deck"));
        QVERIFY(deck);
        QString outText;
        QString errText;
        QTextStream out(&outText);
        QTextStream err(&errText);
        const int code = deck->run({QStringLiteral("check"), file.fileName()}, out, err);
        out.flush();
        QCOMPARE(code, Subcommand::UsageError);
        QVERIFY2(outText.contains(QStringLiteral("talk.md:7: this code block is not closed before "
                                                 "line 10")),
                 qPrintable(outText));
        QVERIFY2(outText.contains(QStringLiteral("talk.md:13: cut at 1280x800")),
                 qPrintable(outText));
        QVERIFY(!outText.contains(QStringLiteral("talk.md:1:")));
    }
};

QTEST_MAIN(TestSlideView)
#include "tst_slideview.moc"
