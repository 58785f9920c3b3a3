// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Presenter mode's two windows, offscreen on two screens (tests/data/present/two-screens.json):
// where they go, the clicker's keys through items, demo steps and slides, blackout pausing the
// demo, live reload, the trust question, bad slides that say what is wrong, every key an action
// of both windows, a lent view given back as it was however the talk ends, and the room's zoom
// its own.

#include "../support/fakemodule.h"

#include <kit/appearance.h>
#include <kit/moduleregistry.h>
#include <kit/stage.h>
#include <present/consolewindow.h>
#include <present/presenter.h>
#include <present/presenterkeys.h>
#include <present/slideview.h>

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <QWindow>

using namespace Kit;
using namespace Present;

namespace {

const char *Talk = "# Title\n\nNotes:\nWelcome.\n---\n"
                   "# Road map\n\n+ one\n+ two\n\nNotes:\nTwo items.\n---\n"
                   "# Demo\n\n```demo fake\nspeed: 3\n```\n\nNotes:\nStep it.\n---\n"
                   "# End\n\nNotes:\nThanks.\n";

/** Raises its first sibling when its font changes (as a scroll area lays its parts out). */
class ReordersSiblings final : public QWidget
{
public:
    using QWidget::QWidget;

protected:
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::FontChange && parentWidget()) {
            const QList<QWidget *> siblings
                = parentWidget()->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
            if (!siblings.isEmpty() && siblings.first() != this)
                siblings.first()->raise();
        }
        QWidget::changeEvent(event);
    }
};

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

    static void press(Presenter &presenter, int key, Qt::KeyboardModifiers modifiers = {})
    {
        QTest::keyClick(presenter.audience()->slide(), Qt::Key(key), modifiers);
    }

    static void pressTwice(Presenter &presenter, int key)
    {
        press(presenter, key);
        press(presenter, key);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto fake = std::make_unique<FakeModule>(QStringLiteral("fake"));
        m_fake = fake.get();
        QVERIFY(m_registry.add(std::move(fake), nullptr));
        QCOMPARE(QGuiApplication::screens().size(), 2);
        // The decks trusted are remembered in settings: here, in the test's own folder.
        QCoreApplication::setOrganizationName(QStringLiteral("curtain-tests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QSettings().clear();
    }

    void init()
    {
        m_fake->maxSteps = 3;
        m_fake->saysPosition = false;
        m_fake->pauses = 0;
        m_fake->runsCode = false;
        m_fake->presets.clear();
        Appearance::instance()->setFontScale(1.0);
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
        press(presenter, Qt::Key_Escape); // a stray Escape asks, on the console only
        QCOMPARE(finished.count(), 0);
        QVERIFY(presenter.console()->message().contains(QStringLiteral("Escape again")));
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
        QVERIFY(presenter.console()->positionText().contains(QStringLiteral("at its start")));
        for (int i = 1; i <= 3; ++i) {
            press(presenter, Qt::Key_PageDown);
            QCOMPARE(m_fake->steps, i);
            QCOMPARE(presenter.presentation().slide(), 2);
            QVERIFY2(presenter.console()->positionText().contains(QStringLiteral("step %1").arg(i)),
                     qPrintable(presenter.console()->positionText()));
        }
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 3);
        QVERIFY(!m_fake->viewIfCreated()->isVisible());
        QVERIFY(!m_fake->viewIfCreated()->parent());
        // Back across the boundary: the demo is at its end, and steps back from there.
        press(presenter, Qt::Key_PageUp);
        QCOMPARE(presenter.presentation().slide(), 2);
        QCOMPARE(m_fake->steps, 3);
        QVERIFY(presenter.console()->positionText().contains(QStringLiteral("at its end")));
        press(presenter, Qt::Key_PageUp);
        QCOMPARE(m_fake->steps, 2);
        QCOMPARE(presenter.presentation().slide(), 2);
        QVERIFY(
            presenter.console()->positionText().contains(QStringLiteral("a step before its end")));
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

    void theConsoleSaysStepNOfN()
    {
        // A module that knows its steps: the console says where the demo is, of how many.
        m_fake->saysPosition = true;
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start();
        while (presenter.presentation().slide() < 2)
            press(presenter, Qt::Key_PageDown);
        QVERIFY2(
            presenter.console()->positionText().contains(QStringLiteral("at its start (3 steps)")),
            qPrintable(presenter.console()->positionText()));
        for (int i = 1; i <= 3; ++i) {
            press(presenter, Qt::Key_PageDown);
            QVERIFY2(
                presenter.console()->positionText().contains(QStringLiteral("step %1 of 3").arg(i)),
                qPrintable(presenter.console()->positionText()));
        }
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
        // A slide inserted above: the room stays on its slide (now the third), not on the second
        // (the new one), and never jumps into a demo.
        changed.replace("# The road ahead", "# Inserted\n---\n# The road ahead");
        writeDeck(QStringLiteral("live.md"), changed);
        presenter.reload();
        QCOMPARE(presenter.presentation().slide(), 2);
        QVERIFY(presenter.audience()->slide()->text().contains(QStringLiteral("The road ahead")));
        QCOMPARE(presenter.demo(), nullptr);
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
        QSettings().clear();
        m_fake->runsCode = true;
        QByteArray text(Talk);
        text.append("---\n# Demo again\n\n```demo fake\n```\n\nNotes:\nAgain.\n");
        const QString path = writeDeck(QStringLiteral("mine.md"), text);
        int asked = 0;
        bool windowsShownWhenAsked = true;
        const auto ask = [&](Presenter &presenter) {
            presenter.setTrustPrompt([&](const QString &) {
                ++asked;
                windowsShownWhenAsked = presenter.audience() && presenter.audience()->isVisible();
                return answer;
            });
        };
        {
            Presenter presenter(m_registry);
            QVERIFY(presenter.open(path, nullptr));
            ask(presenter);
            presenter.start(0); // asked before the first slide, not at the first demo
            QCOMPARE(asked, 1);
            QVERIFY(!windowsShownWhenAsked); // the room never sees the question
            presenter.goToSlide(2);
            presenter.goToSlide(4);
            QCOMPARE(asked, 1); // a "no" is not asked again mid-talk either
            QCOMPARE(presenter.demo() != nullptr, answer);
            QCOMPARE(m_fake->presets.size(), answer ? 2 : 0);
            if (!answer)
                QVERIFY(presenter.console()->problems().join(QString()).contains(
                    QStringLiteral("not run")));
            presenter.stop();
        }
        // The same file with the same content: a yes is remembered, a no is asked again.
        {
            Presenter presenter(m_registry);
            QVERIFY(presenter.open(path, nullptr));
            ask(presenter);
            presenter.start(2);
            QCOMPARE(asked, answer ? 1 : 2);
            presenter.stop();
        }
        // Edited: asked again.
        writeDeck(QStringLiteral("mine.md"), text + "\n<!-- edited -->\n");
        {
            Presenter presenter(m_registry);
            QVERIFY(presenter.open(path, nullptr));
            ask(presenter);
            presenter.start(2);
            QCOMPARE(asked, answer ? 2 : 3);
            presenter.stop();
        }
    }

    void theTrustQuestionTakesEnterForYes()
    {
        QSettings().clear();
        m_fake->runsCode = true;
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("enter.md"), Talk), nullptr));
        bool seen = false;
        QTimer::singleShot(0, this, [&seen] {
            QWidget *question = QApplication::activeModalWidget();
            seen = question != nullptr;
            if (question)
                QTest::keyClick(question, Qt::Key_Return);
        });
        presenter.start(2);
        QVERIFY(seen);
        QCOMPARE(presenter.demo(), m_fake);
        presenter.stop();
    }

    void problemsShowOnTheConsoleAndABadKeyLosesOnlyItself()
    {
        const QByteArray text = "# One\n\nNotes:\nx\n---\n# Two\n\n```demo chess\n```\n---\n"
                                "# Three\n\n```demo fake\nbad: yes\nspeed: 2\n```\n---\n"
                                "# Four\n";
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("bad.md"), text), nullptr));
        presenter.start(1);
        const auto *card = presenter.audience()->slide()->findChild<QLabel *>(
            QStringLiteral("present.problems"));
        const auto *console
            = presenter.console()->findChild<QLabel *>(QStringLiteral("present.consoleProblems"));
        QVERIFY(presenter.currentProblems().join(QString()).contains(QStringLiteral("line 8")));
        QVERIFY(console->isVisible());
        QVERIFY(console->text().contains(QStringLiteral("line 8")));
        QVERIFY(!card->isVisible()); // the room sees the slide, never the error
        press(presenter, Qt::Key_PageDown);
        QCOMPARE(presenter.presentation().slide(), 2);
        QVERIFY(console->text().contains(QStringLiteral("line 14: bad is bad")));
        QVERIFY(!card->isVisible());
        // The demo runs, without the bad key.
        QCOMPARE(presenter.demo(), m_fake);
        QCOMPARE(m_fake->presets.size(), 1);
        QVERIFY(!m_fake->presets.first().has(QStringLiteral("bad")));
        QCOMPARE(m_fake->presets.first().value(QStringLiteral("speed")), QStringLiteral("2"));
        presenter.goToSlide(3);
        QVERIFY(presenter.currentProblems().isEmpty());
        QVERIFY(!console->isVisible());
        presenter.stop();
    }

    void theConsoleCountsDownTheTalk()
    {
        QByteArray text("---\nduration: 30m\n---\n");
        text.append(Talk);
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("paced.md"), text), nullptr));
        presenter.start();
        QCOMPARE(presenter.duration(), 30 * 60 * 1000); // the deck's front matter
        QVERIFY2(presenter.console()->paceText().endsWith(QStringLiteral(" left")),
                 qPrintable(presenter.console()->paceText()));
        QCOMPARE(presenter.console()->paceLevel(), Pace::Level::Calm);
        // --duration wins over the deck's; past the end, the countdown says by how much, in red.
        presenter.setDuration(1);
        QTRY_COMPARE(presenter.console()->paceLevel(), Pace::Level::Over);
        QVERIFY(presenter.console()->paceText().contains(QStringLiteral("over")));
        presenter.stop();
    }

    void everyKeyIsAnActionOfBothWindows()
    {
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start();
        for (const PresenterKey &row : PresenterKeys::all()) {
            QList<std::pair<QString, QStringList>> expected; // an action's id and keys
            if (row.eachKey) {
                for (const QString &key : row.keys)
                    expected.append({row.id + QLatin1Char('.') + key, {key}});
            } else {
                expected.append({row.id, row.keys});
            }
            for (const auto &[id, keys] : expected) {
                QAction *action = presenter.action(id);
                QVERIFY2(action, qPrintable(id));
                QVERIFY(presenter.audience()->actions().contains(action));
                QVERIFY(presenter.console()->actions().contains(action));
                QList<QKeySequence> shortcuts;
                for (const QString &key : keys)
                    shortcuts.append(QKeySequence::fromString(key, QKeySequence::PortableText));
                QCOMPARE(action->shortcuts(), shortcuts);
                for (const QKeySequence &shortcut : std::as_const(shortcuts))
                    QCOMPARE(shortcut.count(), 1); // every key a key: the table's names parse
            }
        }
        QVERIFY(presenter.action(QStringLiteral("present.next"))->isEnabled());
        presenter.stop();
        QVERIFY(!presenter.action(QStringLiteral("present.next"))->isEnabled());
    }

    void keysTriggerTheirActions()
    {
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start(2);
        // An action does what its key does.
        presenter.action(QStringLiteral("present.last"))->trigger();
        QCOMPARE(presenter.presentation().slide(), 3);
        presenter.action(QStringLiteral("present.previous"))->trigger();
        QCOMPARE(presenter.presentation().slide(), 2);
        // The talk's keys win over a hosted view's own shortcut on them.
        auto *viewsOwn = new QAction(m_fake->viewIfCreated());
        viewsOwn->setShortcut(QKeySequence(Qt::Key_B));
        m_fake->viewIfCreated()->addAction(viewsOwn);
        QSignalSpy viewsOwnTriggered(viewsOwn, &QAction::triggered);
        press(presenter, Qt::Key_Period); // a clicker's "blank"
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::Black);
        press(presenter, Qt::Key_B);
        QCOMPARE(presenter.audience()->cover(), AudienceWindow::Cover::None);
        QCOMPARE(viewsOwnTriggered.count(), 0);
        delete viewsOwn;
        // Shift is let go when the key without it is the talk's: Ctrl+Shift+= is Ctrl++.
        press(presenter, Qt::Key_Plus, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(presenter.audienceScale(), Presenter::defaultAudienceScale() * 1.15);
        press(presenter, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(presenter.audienceScale(), Presenter::defaultAudienceScale());
        // The list of keys on the console is the table's.
        press(presenter, Qt::Key_F1);
        QVERIFY(presenter.console()->keysShown());
        const QString keys = presenter.console()
                                 ->findChild<QTextBrowser *>(QStringLiteral("present.keys"))
                                 ->toPlainText();
        for (const PresenterKey &row : PresenterKeys::all())
            QVERIFY2(keys.contains(row.text), qPrintable(row.text));
        press(presenter, Qt::Key_H);
        QVERIFY(!presenter.console()->keysShown());
        // Escape forgets a typed number first, then leaves.
        press(presenter, Qt::Key_3);
        QVERIFY(presenter.console()->message().contains(QStringLiteral("Go to slide 3")));
        press(presenter, Qt::Key_Escape);
        QVERIFY(presenter.isRunning());
        QVERIFY(presenter.console()->message().isEmpty());
        press(presenter, Qt::Key_Return);              // no number typed: Enter is the next stop
        QCOMPARE(presenter.presentation().slide(), 3); // (the demo was at its end)
        press(presenter, Qt::Key_Escape);
        QVERIFY(presenter.isRunning());
        press(presenter, Qt::Key_Escape);
        QVERIFY(!presenter.isRunning());
    }

    void aLentViewGoesBackAsItWas_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("its slide is left") << QStringLiteral("slide");
        QTest::newRow("Escape") << QStringLiteral("escape");
        QTest::newRow("the presenter is closed mid-demo") << QStringLiteral("closed");
    }

    void aLentViewGoesBackAsItWas()
    {
        QFETCH(QString, how);
        // The main window's place for the module: in the middle of a column, stretched.
        QWidget host;
        auto *column = new QVBoxLayout(&host);
        QWidget *view = m_fake->view();
        column->addWidget(new QLabel(QStringLiteral("above")));
        column->addWidget(view, 2);
        column->addWidget(new QLabel(QStringLiteral("below")));
        view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        host.show();
        auto presenter = std::make_unique<Presenter>(m_registry);
        QVERIFY(presenter->open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter->start(2);
        QCOMPARE(presenter->audience()->slide()->demo(), view);
        QCOMPARE(view->window(), presenter->audience());
        QVERIFY(Kit::isStaged(view)); // the room sees the demo without its forms
        if (how == QLatin1String("slide"))
            presenter->goToSlide(3);
        else if (how == QLatin1String("escape"))
            pressTwice(*presenter, Qt::Key_Escape);
        else
            presenter.reset();
        QCOMPARE(view->parentWidget(), &host);
        QCOMPARE(column->indexOf(view), 1);
        QCOMPARE(column->stretch(1), 2);
        QCOMPARE(view->sizePolicy(), QSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed));
        QVERIFY(view->isVisible());
        QVERIFY(!Kit::isStaged(view)); // its forms back for the main window
    }

    void theModulesSettingsComeBackAfterTheTalk()
    {
        // The deck's demo sets the module up its own way; the learner's settings return after.
        m_fake->steps = 5; // the fake keeps its steps as its settings
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        presenter.start(2);
        QCOMPARE(m_fake->steps, 0); // the demo's preset
        pressTwice(presenter, Qt::Key_Escape);
        QCOMPARE(m_fake->steps, 5);
    }

    void theRoomsZoomIsItsOwn()
    {
        Appearance *appearance = Appearance::instance();
        appearance->setFontScale(1.25); // the main window's zoom
        const double base = appearance->baseFont().pointSizeF();
        Presenter presenter(m_registry);
        QVERIFY(presenter.open(writeDeck(QStringLiteral("talk.md"), Talk), nullptr));
        // A view whose widgets reorder themselves while fonts change, as a scroll area's do: Qt's
        // propagation of a font from parent to children then misses one.
        QWidget *view = m_fake->view();
        new QLabel(QStringLiteral("first"), view);
        new ReordersSiblings(view);
        auto *third = new QLabel(QStringLiteral("third"), view);
        presenter.start(2);
        QCOMPARE(appearance->fontScaleOf(view), Presenter::defaultAudienceScale());
        QCOMPARE(view->font().pointSizeF(), base * Presenter::defaultAudienceScale());
        // Read from the back of the room: a line of the demo's text is 32 px tall or more.
        QVERIFY(QFontMetricsF(view->font()).height() >= Presenter::RoomTextPixels);
        // Every widget of it follows, the one Qt's propagation missed too.
        for (const QWidget *widget : view->findChildren<QWidget *>())
            QCOMPARE(widget->font().pointSizeF(), base * Presenter::defaultAudienceScale());
        press(presenter, Qt::Key_Minus, Qt::ControlModifier);
        const double room = Presenter::defaultAudienceScale() / 1.15;
        QCOMPARE(presenter.audienceScale(), room);
        QCOMPARE(view->font().pointSizeF(), base * room);
        // The app's zoom, the main window's and the console's, is untouched.
        QCOMPARE(appearance->fontScale(), 1.25);
        QCOMPARE(QApplication::font().pointSizeF(), base * 1.25);
        QCOMPARE(presenter.console()->font().pointSizeF(), base * 1.25);
        // Pressed on the console, too, the room's zoom leaves the console's header as it was.
        const auto *header
            = presenter.console()->findChild<QLabel *>(QStringLiteral("present.position"));
        const QFont headerFont = header->font();
        QTest::keyClick(presenter.console(), Qt::Key_Plus, Qt::ControlModifier);
        QTest::keyClick(presenter.console(), Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(presenter.audienceScale() > room);
        QCOMPARE(header->font(), headerFont);
        QCOMPARE(presenter.console()->font().pointSizeF(), base * 1.25);
        presenter.stop();
        // After the talk, the app's zoom is what it was, and the view follows it again.
        QCOMPARE(appearance->fontScale(), 1.25);
        QCOMPARE(appearance->fontScaleOf(view), 1.25);
        QCOMPARE(view->font().pointSizeF(), base * 1.25);
        QCOMPARE(third->font().pointSizeF(), base * 1.25);
        qDeleteAll(view->findChildren<QWidget *>(Qt::FindDirectChildrenOnly));
    }
};

QTEST_MAIN(TestPresenter)
#include "tst_presenter.moc"
