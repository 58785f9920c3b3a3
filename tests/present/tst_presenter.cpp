// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Presenter mode's two windows, offscreen on two screens (tests/data/present/two-screens.json):
// where they go, the clicker's keys through items, demo steps and slides, blackout pausing the
// demo, live reload, the trust question, and bad slides that say what is wrong.

#include "../support/fakemodule.h"

#include <consolewindow.h>
#include <moduleregistry.h>
#include <presenter.h>
#include <slideview.h>

#include <QApplication>
#include <QFile>
#include <QScreen>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

namespace {

const char *Talk = "# Title\n\nNotes:\nWelcome.\n---\n"
                   "# Road map\n\n+ one\n+ two\n\nNotes:\nTwo items.\n---\n"
                   "# Demo\n\n```demo fake\nspeed: 3\n```\n\nNotes:\nStep it.\n---\n"
                   "# End\n\nNotes:\nThanks.\n";

} // namespace

class TestPresenter : public QObject
{
    Q_OBJECT

private:
    ModuleRegistry m_registry;
    FakeModule *m_fake = nullptr;
    QTemporaryDir m_dir;

    QString writeDeck(const QString &name, const QByteArray &text)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(text);
        file.close();
        return file.fileName();
    }

    static void press(Presenter &presenter, int key)
    {
        QTest::keyClick(presenter.audience()->slide(), Qt::Key(key));
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto fake = std::make_unique<FakeModule>(QStringLiteral("fake"));
        m_fake = fake.get();
        QVERIFY(m_registry.add(std::move(fake), nullptr));
        QCOMPARE(QGuiApplication::screens().size(), 2);
    }

    void init()
    {
        m_fake->maxSteps = 3;
        m_fake->pauses = 0;
        m_fake->runsCode = false;
        m_fake->presets.clear();
    }

    void windowsGoToTheirScreens()
    {
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start();
        QVERIFY(QTest::qWaitForWindowExposed(presenter.audience()));
        QCOMPARE(presenter.audience()->windowHandle()->screen()->name(),
                 QStringLiteral("projector"));
        QCOMPARE(presenter.audience()->geometry(), QRect(1280, 0, 1280, 720));
        QVERIFY(presenter.console()->isVisible());
        QCOMPARE(presenter.console()->windowHandle()->screen()->name(), QStringLiteral("laptop"));
        press(presenter, Qt::Key_Tab); // swap
        QCOMPARE(presenter.audience()->windowHandle()->screen()->name(), QStringLiteral("laptop"));
        QCOMPARE(presenter.console()->windowHandle()->screen()->name(),
                 QStringLiteral("projector"));
        QSignalSpy finished(&presenter, &Presenter::finished);
        press(presenter, Qt::Key_Escape);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!presenter.audience()->isVisible());
    }

    void theClickerWalksTheTalk()
    {
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start();
        QCOMPARE(presenter.console()->notesText(), QStringLiteral("Welcome."));
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 1);
        QVERIFY(!presenter.audience()->slide()->text().contains(QStringLiteral("one")));
        press(presenter, Qt::Key_Space);
        QVERIFY(presenter.audience()->slide()->text().contains(QStringLiteral("one")));
        QVERIFY(!presenter.audience()->slide()->text().contains(QStringLiteral("two")));
        press(presenter, Qt::Key_Right);
        QVERIFY(presenter.audience()->slide()->text().contains(QStringLiteral("two")));
        // The demo slide hosts the module's own view and applies its preset.
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 2);
        QCOMPARE(presenter.demo(), m_fake);
        QCOMPARE(presenter.audience()->slide()->demo(), m_fake->viewIfCreated());
        QCOMPARE(m_fake->presets.size(), 1);
        QCOMPARE(m_fake->presets.first().value(QStringLiteral("speed")), QStringLiteral("3"));
        // Its three steps, then the next slide; the view goes back when the slide is left.
        for (int i = 1; i <= 3; ++i) {
            press(presenter, Qt::Key_PageDown);
            QCOMPARE(m_fake->steps, i);
            QCOMPARE(presenter.presentation().slide(), 2);
        }
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 3);
        QVERIFY(!m_fake->viewIfCreated()->isVisible());
        QVERIFY(!m_fake->viewIfCreated()->parent());
        // Back across the boundary: the demo is at its end, and steps back from there.
        press(presenter, Qt::Key_PageUp);
        QCOMPARE(presenter.presentation().slide(), 2);
        QCOMPARE(m_fake->steps, 3);
        press(presenter, Qt::Key_PageUp);
        QCOMPARE(m_fake->steps, 2);
        QCOMPARE(presenter.presentation().slide(), 2);
        // A number and Enter jump; Home and End.
        press(presenter, Qt::Key_2);
        press(presenter, Qt::Key_Return);
        QCOMPARE(presenter.presentation().slide(), 1);
        press(presenter, Qt::Key_End);
        QCOMPARE(presenter.presentation().slide(), 3);
        press(presenter, Qt::Key_Home);
        QCOMPARE(presenter.presentation().slide(), 0);
        QVERIFY(presenter.console()->positionText().contains(QStringLiteral("Slide 1 of 4")));
        presenter.stop();
    }

    void blackoutCoversAndPausesTheDemo()
    {
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start(2);
        const int before = m_fake->pauses;
        press(presenter, Qt::Key_B);
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::Black);
        QVERIFY(m_fake->pauses > before);
        const QImage covered = presenter.audience()->grab().toImage();
        QCOMPARE(covered.pixelColor(covered.width() / 2, covered.height() / 2), QColor(Qt::black));
        press(presenter, Qt::Key_B);
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::None);
        press(presenter, Qt::Key_W);
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::White);
        press(presenter, Qt::Key_Escape); // the first Escape uncovers, it does not leave
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::None);
        QVERIFY(presenter.isRunning());
        press(presenter, Qt::Key_P);
        QVERIFY(presenter.audience()->pointer().x() >= 0);
        presenter.stop();
    }

    void theDeckReloadsWhenItChanges()
    {
        const QString path = writeDeck(QStringLiteral("live.md"), Talk);
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(path, nullptr));
        presenter.start(1);
        QByteArray changed(Talk);
        changed.replace("# Road map", "# The road ahead");
        // Replaced as editors save: a new file moved over the old one.
        const QString temporary = writeDeck(QStringLiteral("live.md.new"), changed);
        QFile::remove(path);
        QVERIFY(QFile::rename(temporary, path));
        QTRY_VERIFY_WITH_TIMEOUT(
            presenter.audience()->slide()->text().contains(QStringLiteral("The road ahead")), 5000);
        QCOMPARE(presenter.presentation().slide(), 1);
        QVERIFY(presenter.console()->message().contains(QStringLiteral("Reloaded")));
        presenter.stop();
    }

    void aDeckThatRunsPythonAsksOnce_data()
    {
        QTest::addColumn<bool>("answer");
        QTest::newRow("yes") << true;
        QTest::newRow("no") << false;
    }

    void aDeckThatRunsPythonAsksOnce()
    {
        QFETCH(bool, answer);
        m_fake->runsCode = true;
        QByteArray text(Talk);
        text.append("---\n# Demo again\n\n```demo fake\n```\n\nNotes:\nAgain.\n");
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("mine.md"), text), nullptr));
        int asked = 0;
        presenter.setTrustPrompt([&](const QString &) {
            ++asked;
            return answer;
        });
        presenter.start(2);
        presenter.goToSlide(4);
        QCOMPARE(asked, answer ? 1 : 2); // a "no" is asked again at the next demo
        QCOMPARE(presenter.demo() != nullptr, answer);
        QCOMPARE(m_fake->presets.size(), answer ? 2 : 0);
        if (!answer)
            QVERIFY(
                presenter.currentProblems().join(QString()).contains(QStringLiteral("not run")));
        presenter.stop();
    }

    void badSlidesSayWhatIsWrongAndTheTalkGoesOn()
    {
        const QByteArray text = "# One\n\nNotes:\nx\n---\n# Two\n\n```demo chess\n```\n---\n"
                                "# Three\n\n```demo fake\nbad: yes\n```\n---\n# Four\n";
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("bad.md"), text), nullptr));
        presenter.start(1);
        QVERIFY(presenter.currentProblems().join(QString()).contains(QStringLiteral("line 8")));
        QVERIFY(presenter.audience()
                    ->slide()
                    ->findChild<QLabel *>(QStringLiteral("present.problems"))
                    ->isVisible());
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 2);
        QVERIFY(presenter.currentProblems().join(QString()).contains(
            QStringLiteral("line 14: bad is bad")));
        QCOMPARE(presenter.demo(), nullptr);
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 3);
        QVERIFY(presenter.currentProblems().isEmpty());
        presenter.stop();
    }
};

QTEST_MAIN(TestPresenter)
#include "tst_presenter.moc"
