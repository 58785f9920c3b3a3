// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "../support/fakemodule.h"

#include <app/builtins.h>
#include <app/shell/aboutdialog.h>
#include <app/shell/homepage.h>
#include <app/shell/mainwindow.h>
#include <app/shell/navigator.h>
#include <app/shell/shortcutsdialog.h>

#include <kit/appearance.h>
#include <kit/curtainversion.h>
#include <kit/moduleregistry.h>

#include <QAccessible>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;
using namespace Shell;

/** A main window over a registry of two fake modules ("one", "two") or of the built-in ones. */
struct TestShell
{
    enum Modules { Fakes, BuiltIn, None };

    explicit TestShell(QSettings &settings, Modules modules = Fakes)
        : filled(fill(registry, modules))
        , window(registry, settings)
    {}

    static bool fill(ModuleRegistry &registry, Modules modules)
    {
        if (modules == BuiltIn)
            registerBuiltInModules(registry);
        if (modules == Fakes) {
            registry.add(
                std::make_unique<FakeModule>(QStringLiteral("one"), QStringLiteral("One")));
            registry.add(
                std::make_unique<FakeModule>(QStringLiteral("two"), QStringLiteral("Two")));
        }
        return true;
    }

    FakeModule *fake(const QString &id) { return static_cast<FakeModule *>(registry.find(id)); }

    bool showAndWait()
    {
        window.show();
        return QTest::qWaitForWindowExposed(&window);
    }

    ModuleRegistry registry;
    bool filled; // fills the registry before the window is built over it
    MainWindow window;
};

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_settingsCount = 0;

    std::unique_ptr<QSettings> freshSettings()
    {
        const QString path = m_dir.filePath(QStringLiteral("s%1.ini").arg(++m_settingsCount));
        return std::make_unique<QSettings>(path, QSettings::IniFormat);
    }

private slots:
    void init()
    {
        Appearance::instance()->setTheme(Appearance::Theme::System);
        Appearance::instance()->setFontScale(1.0);
    }

    void startsOnHomeWithNoViewCreated()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        QCOMPARE(window.currentId(), QStringLiteral("home"));
        QVERIFY(!window.currentModule());
        QCOMPARE(shell.fake(QStringLiteral("one"))->viewsCreated, 0);
        QCOMPARE(shell.fake(QStringLiteral("two"))->viewsCreated, 0);
    }

    void navigatorSwitchesViewsLazily()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        QVERIFY(shell.showAndWait());
        auto *navigator = window.findChild<Navigator *>();
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("shell.stack"));
        QVERIFY(navigator && stack);
        QCOMPARE(navigator->count(), 3); // Home + 2

        navigator->setCurrentRow(2);
        QCOMPARE(window.currentId(), QStringLiteral("two"));
        QCOMPARE(shell.fake(QStringLiteral("two"))->viewsCreated, 1);
        QCOMPARE(shell.fake(QStringLiteral("one"))->viewsCreated, 0);
        QCOMPARE(stack->currentWidget(), shell.registry.find(QStringLiteral("two"))->view());

        navigator->setCurrentRow(1);
        navigator->setCurrentRow(2);
        QCOMPARE(shell.fake(QStringLiteral("two"))->viewsCreated, 1); // created once only
        QCOMPARE(stack->count(), 3);

        navigator->setCurrentRow(0);
        QCOMPARE(window.currentId(), QStringLiteral("home"));
        QVERIFY(qobject_cast<HomePage *>(stack->currentWidget()));
    }

    void showModuleKeepsNavigatorInStep()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        QVERIFY(window.showModule(QStringLiteral("one")));
        QCOMPARE(window.findChild<Navigator *>()->currentId(), QStringLiteral("one"));
        QVERIFY(!window.showModule(QStringLiteral("missing")));
        QCOMPARE(window.currentId(), QStringLiteral("one"));
    }

    void homePageOpensEachModule()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        auto *open = window.findChild<QPushButton *>(QStringLiteral("shell.home.open.two"));
        QVERIFY(open);
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(window.currentId(), QStringLiteral("two"));
    }

    void stateIsSavedAndRestored()
    {
        auto settings = freshSettings();
        {
            TestShell shell(*settings);
            auto &window = shell.window;
            window.showModule(QStringLiteral("two"));
            shell.fake(QStringLiteral("two"))->steps = 5;
            Appearance::instance()->setTheme(Appearance::Theme::Dark);
            Appearance::instance()->setFontScale(1.5);
            window.resize(1000, 700);
            QVERIFY(shell.showAndWait());
            window.close(); // closing saves
        }
        Appearance::instance()->setTheme(Appearance::Theme::System);
        Appearance::instance()->setFontScale(1.0);

        TestShell shell(*settings);
        auto &window = shell.window;
        QCOMPARE(window.currentId(), QStringLiteral("two"));
        QCOMPARE(shell.fake(QStringLiteral("two"))->steps, 5);
        QCOMPARE(shell.fake(QStringLiteral("one"))->steps, 0);
        QCOMPARE(Appearance::instance()->theme(), Appearance::Theme::Dark);
        QCOMPARE(Appearance::instance()->fontScale(), 1.5);
        QCOMPARE(window.size(), QSize(1000, 700));
        QVERIFY(window.action(QStringLiteral("shell.theme.dark"))->isChecked());
    }

    void unknownLastModuleFallsBackToHome()
    {
        auto settings = freshSettings();
        settings->setValue(QStringLiteral("shell/lastModule"), QStringLiteral("retired"));
        TestShell shell(*settings);
        auto &window = shell.window;
        QCOMPARE(window.currentId(), QStringLiteral("home"));
    }

    void theClickerKeysReachTheModuleFromTheList()
    {
        // Page Down pressed while the module list has focus steps the module; the list does not
        // jump a page of modules.
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        window.showModule(QStringLiteral("one"));
        auto *navigator = window.findChild<Navigator *>();
        navigator->setFocus();
        QTest::keyClick(navigator, Qt::Key_PageDown);
        QTest::keyClick(navigator, Qt::Key_PageDown);
        QCOMPARE(shell.fake(QStringLiteral("one"))->steps, 2);
        QCOMPARE(window.currentId(), QStringLiteral("one"));
        QTest::keyClick(navigator, Qt::Key_End);
        QCOMPARE(window.currentId(), QStringLiteral("one"));
    }

    void presentingStepsGoToTheCurrentModule()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        QVERIFY(!window.action(QStringLiteral("shell.stepForward"))->isEnabled()); // on Home
        window.showModule(QStringLiteral("one"));
        QVERIFY(window.action(QStringLiteral("shell.stepForward"))->isEnabled());
        window.action(QStringLiteral("shell.stepForward"))->trigger();
        window.action(QStringLiteral("shell.stepForward"))->trigger();
        window.action(QStringLiteral("shell.stepBack"))->trigger();
        QCOMPARE(shell.fake(QStringLiteral("one"))->steps, 1);
        window.action(QStringLiteral("shell.reset"))->trigger();
        QCOMPARE(shell.fake(QStringLiteral("one"))->steps, 0);
        QCOMPARE(shell.fake(QStringLiteral("two"))->steps, 0);
    }

    void zoomActionsScaleFontsAndReachModules()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        window.showModule(QStringLiteral("one"));
        window.action(QStringLiteral("shell.zoomIn"))->trigger();
        QCOMPARE(Appearance::instance()->fontScale(), 1.1);
        QCOMPARE(shell.fake(QStringLiteral("one"))->fontScale, 1.1);
        QCOMPARE(shell.fake(QStringLiteral("two"))->fontScale, 1.1);
        auto *zoom = window.findChild<QLabel *>(QStringLiteral("shell.zoomLabel"));
        QCOMPARE(zoom->text(), QStringLiteral("Zoom 110 %"));
        window.action(QStringLiteral("shell.zoomReset"))->trigger();
        QCOMPARE(Appearance::instance()->fontScale(), 1.0);
        window.action(QStringLiteral("shell.zoomOut"))->trigger();
        QCOMPARE(Appearance::instance()->fontScale(), 0.9);
    }

    void themeActionsSwitchThePalette()
    {
        auto settings = freshSettings();
        TestShell shell(*settings, TestShell::None);
        auto &window = shell.window;
        QVERIFY(shell.showAndWait());
        window.action(QStringLiteral("shell.theme.dark"))->trigger();
        QCOMPARE(Appearance::instance()->theme(), Appearance::Theme::Dark);
        QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 80);
        window.action(QStringLiteral("shell.theme.light"))->trigger();
        QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 180);
        QVERIFY(window.action(QStringLiteral("shell.theme.light"))->isChecked());
        QVERIFY(!window.action(QStringLiteral("shell.theme.dark"))->isChecked());
    }

    void moduleMenuShowsTheCurrentModulesActions()
    {
        auto settings = freshSettings();
        TestShell shell(*settings);
        auto &window = shell.window;
        auto *menu = window.findChild<QMenu *>(QStringLiteral("shell.moduleMenu"));
        QVERIFY(!menu->menuAction()->isVisible());
        window.showModule(QStringLiteral("two"));
        QVERIFY(menu->menuAction()->isVisible());
        QCOMPARE(menu->title(), QStringLiteral("Two"));
        QCOMPARE(menu->actions().size(), 1);
        QCOMPARE(menu->actions().first()->objectName(), QStringLiteral("two.poke"));
    }

    void everyMenuActionHasADottedIdAndAnAccessibleName()
    {
        auto settings = freshSettings();
        TestShell shell(*settings, TestShell::BuiltIn);
        auto &window = shell.window;
        QVERIFY(shell.showAndWait());
        const QRegularExpression dotted(QStringLiteral("^[a-z]+(\\.[a-zA-Z0-9-]+)+$"));
        int checked = 0;
        for (QMenu *menu : window.menuBar()->findChildren<QMenu *>()) {
            QAccessibleInterface *menuInterface = QAccessible::queryAccessibleInterface(menu);
            QVERIFY(menuInterface);
            for (int i = 0; i < menu->actions().size(); ++i) {
                QAction *action = menu->actions().at(i);
                if (action->isSeparator() || action->menu())
                    continue;
                QVERIFY2(dotted.match(action->objectName()).hasMatch(),
                         qPrintable(action->text() + QStringLiteral(" has id '")
                                    + action->objectName() + QLatin1Char('\'')));
                QAccessibleInterface *item = menuInterface->child(i);
                QVERIFY(item);
                QVERIFY2(!item->text(QAccessible::Name).trimmed().isEmpty(),
                         qPrintable(action->objectName()));
                QVERIFY(!item->text(QAccessible::Name).contains(QLatin1Char('&')));
                ++checked;
            }
        }
        QVERIFY(checked >= 15);
        for (const char *id : {"shell.quit",
                               "shell.fullScreen",
                               "shell.zoomIn",
                               "shell.zoomOut",
                               "shell.zoomReset",
                               "shell.theme.system",
                               "shell.theme.light",
                               "shell.theme.dark",
                               "shell.shortcuts",
                               "shell.about"}) {
            QVERIFY2(window.action(QString::fromLatin1(id)), id);
        }
        QVERIFY(window.action(QStringLiteral("shell.fullScreen"))
                    ->shortcuts()
                    .contains(QKeySequence(Qt::Key_F11)));
    }

    void shortcutsDialogListsRealShortcuts()
    {
        auto settings = freshSettings();
        TestShell shell(*settings, TestShell::BuiltIn);
        auto &window = shell.window;
        window.showModule(QStringLiteral("classforge"));
        const QList<ShortcutsDialog::Group> groups
            = ShortcutsDialog::groupsOf(window.menuBar(), window.allActions());
        ShortcutsDialog dialog(groups);
        QTableWidget *table = dialog.table();
        // Grouped as the menus are, every action with a key listed once, none without.
        QStringList titles;
        for (const ShortcutsDialog::Group &g : groups)
            titles.append(g.title);
        QVERIFY2(titles.contains(QStringLiteral("View")), qPrintable(titles.join(u',')));
        QVERIFY(titles.contains(QStringLiteral("Class Forge")));
        QStringList names;
        QStringList headings;
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->columnSpan(row, 0) == 2)
                headings.append(table->item(row, 0)->text());
            else
                names.append(table->item(row, 0)->text());
        }
        QCOMPARE(headings, titles);
        int withKeys = 0;
        for (const QAction *action : window.allActions())
            withKeys += !action->shortcuts().isEmpty();
        QCOMPARE(names.size(), withKeys);
        QVERIFY(names.contains(QStringLiteral("Full Screen")));
        QVERIFY(names.contains(QStringLiteral("Zoom In")));
        QVERIFY(!names.contains(QStringLiteral("About Curtain"))); // no shortcut, not listed
        int row = 0;
        while (table->item(row, 0)->text() != QStringLiteral("Full Screen"))
            ++row;
        QVERIFY(table->item(row, 1)->text().contains(QStringLiteral("F11")));
        // It grows with the zoom: at 200 % it is wider than at 100 %.
        const int small = dialog.width();
        Appearance::instance()->setFontScale(2.0);
        ShortcutsDialog large(groups);
        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            large.show();
            QVERIFY(QTest::qWaitForWindowExposed(&large));
            large.grab().save(qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR")
                              + QStringLiteral("/shortcuts-200.png"));
        }
        QVERIFY2(large.width() > small * 3 / 2
                     || large.width() >= large.screen()->availableGeometry().width() * 0.89,
                 qPrintable(QStringLiteral("%1 then %2").arg(small).arg(large.width())));
        Appearance::instance()->setFontScale(1.0);
    }

    void aboutNamesVersions()
    {
        const QString text = aboutText();
        QVERIFY(text.contains(QStringLiteral(CURTAIN_VERSION_STRING)));
        QVERIFY(text.contains(QString::fromLatin1(qVersion())));
        QVERIFY(text.contains(QStringLiteral("QCustomPlot")));
    }

    void fullScreenToggles()
    {
        auto settings = freshSettings();
        TestShell shell(*settings, TestShell::None);
        auto &window = shell.window;
        QVERIFY(shell.showAndWait());
        window.action(QStringLiteral("shell.fullScreen"))->trigger();
        QTRY_VERIFY(window.isFullScreen());
        QVERIFY(window.action(QStringLiteral("shell.fullScreen"))->isChecked());
        window.action(QStringLiteral("shell.fullScreen"))->trigger();
        QTRY_VERIFY(!window.isFullScreen());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
