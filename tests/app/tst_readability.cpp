// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Every module, after a real run, rendered at 1280x800 in light and dark at 100, 150 and 200 %:
// the window keeps its size, no text is cut, every text and plot colour stands out from what it
// is painted on, keyboard focus shows, every control has a name; and the shortcut map has no
// duplicates. The renders are kept in the build folder (renders/) for a person to look at.

#include "../support/readability.h"

#include <app/builtins.h>
#include <app/shell/mainwindow.h>
#include <kit/appearance.h>
#include <kit/ink.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>
#include <kit/preset.h>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Kit;
using namespace Shell;

class TestReadability : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<ModuleRegistry> m_registry;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_renders;

    /** Runs the shown module once, by its Run button, and waits for it to finish. */
    bool runOnce(const QString &id)
    {
        auto *run = m_window->findChild<QAbstractButton *>(id + QStringLiteral(".runButton"));
        if (!run)
            return false;
        run->click();
        // Finished when Run is enabled again and the module's stop (if any) is not.
        auto *stop = m_window->findChild<QAbstractButton *>(id + QStringLiteral(".stopButton"));
        QTest::qWait(50);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 120000) {
            if (run->isEnabled() && (!stop || !stop->isEnabled()))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    /** Lists every problem (a message is cut short) and fails when there is any. */
    static void report(QStringList problems)
    {
        problems.removeDuplicates();
        for (const QString &line : std::as_const(problems))
            qWarning().noquote() << line;
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("%1 problems, listed above").arg(problems.size())));
    }

    /** The Home page and each module, one row each. */
    static void addModuleRows()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("home") << QStringLiteral("home");
        for (const char *id : {"classforge", "scheduler", "startup"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("CURTAIN_LIBEXEC_DIR", QByteArrayLiteral(CURTAIN_BUILD_LIBEXEC_DIR));
        qputenv("CURTAIN_DATA_DIR", QByteArrayLiteral(CURTAIN_BUILD_DATA_DIR));
        m_registry = std::make_unique<ModuleRegistry>();
        registerBuiltInModules(*m_registry);
        m_settings = std::make_unique<QSettings>(m_settingsDir.filePath(QStringLiteral("s.ini")),
                                                 QSettings::IniFormat);
        m_window = std::make_unique<MainWindow>(*m_registry, *m_settings);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QApplication::setActiveWindow(m_window.get());
        m_renders = QStringLiteral(CURTAIN_TEST_OUTPUT_DIR "/renders");
        QDir().mkpath(m_renders);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        Appearance::instance()->setFontScale(1.0);
    }

    void everyModuleReadsAtEveryScaleInBothThemes_data()
    {
        addModuleRows();
        // Your Python: a lesson in real CPython with its model beside it.
        QTest::newRow("scheduler-python") << QStringLiteral("scheduler-python");
    }

    void everyModuleReadsAtEveryScaleInBothThemes()
    {
        QFETCH(QString, id);
        const QString module = id.section(QLatin1Char('-'), 0, 0);
        QVERIFY(m_window->showModule(module));
        Appearance *appearance = Appearance::instance();
        appearance->setFontScale(1.0);
        appearance->setTheme(Appearance::Theme::Light);
        if (id == QLatin1String("scheduler-python")) {
            Module *lab = m_registry->find(module);
            DemoPreset preset;
            preset.entries
                = {{QStringLiteral("python"), QStringLiteral("01_two_threads_computing.py"), 1},
                   {QStringLiteral("beside"), QStringLiteral("true"), 2}};
            QVERIFY(lab->applyPreset(preset).isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(!lab->isBusy(), 120000);
            QTest::qWait(100);
        } else if (id != QLatin1String("home")) {
            QVERIFY2(runOnce(id), "the module's run did not finish");
        }
        QStringList problems;
        for (const double scale : {1.0, 1.5, 2.0}) {
            for (const auto theme : {Appearance::Theme::Light, Appearance::Theme::Dark}) {
                appearance->setTheme(theme);
                appearance->setFontScale(scale);
                m_window->resize(1280, 800);
                QTest::qWait(80); // layouts settle, plots replot
                QCoreApplication::processEvents();
                const QString where = QStringLiteral("%1 at %2 %, %3: ")
                                          .arg(id)
                                          .arg(scale * 100)
                                          .arg(Appearance::themeName(theme));
                const QImage image = m_window->grab().toImage();
                image.save(QStringLiteral("%1/%2-%3-%4.png")
                               .arg(m_renders, id)
                               .arg(scale * 100)
                               .arg(Appearance::themeName(theme)));
                if (m_window->size() != QSize(1280, 800))
                    problems << where
                                    + QStringLiteral("the window grew to %1x%2")
                                          .arg(m_window->width())
                                          .arg(m_window->height());
                const auto add = [&](const QStringList &found) {
                    for (const QString &line : found)
                        problems << where + line;
                };
                add(Readability::clippedTexts(m_window.get()));
                add(Readability::lowContrastTexts(m_window.get(), image));
                add(Readability::lowContrastPlots(m_window.get()));
                add(Readability::clippedPlots(m_window.get()));
            }
        }
        report(problems);
    }

    void keyboardFocusIsVisible_data()
    {
        QTest::addColumn<QString>("id");
        for (const char *id : {"classforge", "scheduler", "startup"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

    void keyboardFocusIsVisible()
    {
        QFETCH(QString, id);
        QVERIFY(m_window->showModule(id));
        for (const auto theme : {Appearance::Theme::Light, Appearance::Theme::Dark}) {
            Appearance::instance()->setTheme(theme);
            auto *run = m_window->findChild<QAbstractButton *>(id + QStringLiteral(".runButton"));
            QVERIFY(run);
            m_window->setFocus();
            QCoreApplication::processEvents();
            const QImage before = run->grab().toImage();
            // Reached by the keyboard, as a presenter without a mouse reaches it.
            run->setFocus();
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
            QCoreApplication::processEvents();
            QVERIFY2(run->hasFocus(),
                     qPrintable(Readability::describe(QApplication::focusWidget())));
            const QImage after = run->grab().toImage();
            QVERIFY2(before != after, "the focused Run button looks the same as before");
        }
    }

    void theNavigatorShowsFocusOnItsCurrentRow()
    {
        // Focus sits in the module list after a click; on the selected row a ring in the
        // highlight's own colour would not show. What focus adds must stand out from it.
        QVERIFY(m_window->showModule(QStringLiteral("scheduler")));
        auto *navigator = m_window->findChild<QListWidget *>(QStringLiteral("shell.navigator"));
        QVERIFY(navigator);
        for (const auto theme : {Appearance::Theme::Light, Appearance::Theme::Dark}) {
            Appearance::instance()->setTheme(theme);
            const QRect row = navigator->visualItemRect(navigator->currentItem());
            m_window->setFocus();
            QCoreApplication::processEvents();
            const QImage before = navigator->viewport()->grab(row).toImage();
            navigator->setFocus(Qt::TabFocusReason);
            QCoreApplication::processEvents();
            const QImage after = navigator->viewport()->grab(row).toImage();
            QCOMPARE(before.size(), after.size());
            if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
                const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
                const QString name = theme == Appearance::Theme::Dark ? QStringLiteral("dark")
                                                                      : QStringLiteral("light");
                before.save(dir + QStringLiteral("/navigator-") + name + QStringLiteral("-0.png"));
                after.save(dir + QStringLiteral("/navigator-") + name + QStringLiteral("-1.png"));
            }
            // The ring: pixels along the row's edges that stand out from the selection colour.
            const QColor highlight = navigator->palette().color(QPalette::Highlight);
            int ring = 0;
            const int band = 4;
            for (int y = 0; y < after.height(); ++y) {
                for (int x = 0; x < after.width(); ++x) {
                    const bool edge = x < band || y < band || x >= after.width() - band
                                      || y >= after.height() - band;
                    if (edge && Ink::contrast(after.pixelColor(x, y), highlight) >= Ink::Graphics)
                        ++ring;
                }
            }
            QVERIFY2(ring >= row.width(),
                     qPrintable(QStringLiteral("%1 pixels of focus that stand out").arg(ring)));
        }
    }

    void everyControlHasAName_data() { addModuleRows(); }

    void everyControlHasAName()
    {
        QFETCH(QString, id);
        QVERIFY(m_window->showModule(id));
        QCoreApplication::processEvents();
        report(Readability::unnamedControls(m_window.get()));
    }

    void theShortcutMapHasNoDuplicates_data() { addModuleRows(); }

    void theShortcutMapHasNoDuplicates()
    {
        // What the keys can reach with this module shown: the shell's actions and the module's.
        QFETCH(QString, id);
        QVERIFY(m_window->showModule(id));
        QHash<QString, QString> owner;
        QStringList problems;
        for (QAction *action : m_window->allActions()) {
            const QString name
                = action->objectName().isEmpty() ? action->text() : action->objectName();
            const QList<QKeySequence> keys = action->shortcuts();
            for (int i = 0; i < keys.size(); ++i) {
                const QString key = keys.at(i).toString(QKeySequence::PortableText);
                if (keys.indexOf(keys.at(i)) != i)
                    problems << QStringLiteral("%1 lists %2 twice").arg(name, key);
                else if (owner.contains(key) && owner.value(key) != name)
                    problems
                        << QStringLiteral("%1 is both %2 and %3").arg(key, owner.value(key), name);
                owner.insert(key, name);
            }
        }
        // And no key reaches two actions at once anywhere in the window (hidden views' actions
        // cannot fire, so they do not count).
        const auto canFire = [](QAction *action) {
            if (!action->isEnabled())
                return false;
            for (QObject *object : action->associatedObjects()) {
                if (auto *menu = qobject_cast<QMenu *>(object)) {
                    for (QObject *bar : menu->menuAction()->associatedObjects()) {
                        if (qobject_cast<QMenuBar *>(bar)
                            && static_cast<QWidget *>(bar)->isVisible())
                            return true;
                    }
                } else if (auto *widget = qobject_cast<QWidget *>(object);
                           widget && widget->isVisible()) {
                    return true;
                }
            }
            return false;
        };
        QHash<QKeySequence, QStringList> live;
        for (QAction *action : m_window->findChildren<QAction *>()) {
            if (!canFire(action))
                continue;
            for (const QKeySequence &key : action->shortcuts())
                live[key].append(action->objectName());
        }
        for (auto it = live.cbegin(); it != live.cend(); ++it) {
            if (it.value().size() > 1)
                problems << QStringLiteral("%1 reaches %2")
                                .arg(it.key().toString(QKeySequence::PortableText),
                                     it.value().join(QStringLiteral(", ")));
        }
        report(problems);
    }
};

QTEST_MAIN(TestReadability)
#include "tst_readability.moc"
