// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QHash>
#include <QMainWindow>

#include <memory>

namespace Kit {
class Module;
} // namespace Kit
namespace Kit {
class ModuleRegistry;
} // namespace Kit
class QActionGroup;
class QLabel;
class QMenu;
class QSettings;
class QSplitter;
class QStackedWidget;

namespace Present {
class Presenter;
} // namespace Present

namespace Shell {

class HomePage;
class Navigator;

/**
 * The shell: navigator on the left, the current module's view (created the first time it is
 * shown) in the centre, menus, status bar. Keeps its geometry, the last module, the theme, the
 * font scale and every module's state in the QSettings it is given.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Kit::ModuleRegistry &registry, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Shows module ID, or the Home page for "home"; false (and nothing changes) for an unknown id.
     */
    bool showModule(const QString &id);
    /** The id shown now ("home" for the Home page). */
    QString currentId() const;
    /** The module shown now, or nullptr on the Home page. */
    Kit::Module *currentModule() const;

    /** The window's action with the dotted id ID ("shell.fullScreen"), or nullptr. */
    QAction *action(const QString &id) const;
    /** Every action in the window's menus. */
    QList<QAction *> allActions() const;

    /** Presents the deck PATH (a file or a built-in deck's name): this window steps aside while
     *  the audience window and the console are up. False, with a message box, when it cannot. */
    bool present(const QString &path);
    /** The presenter while a deck is presented, or nullptr. */
    Present::Presenter *presenter() const { return m_presenter.get(); }

    /** Writes geometry, last module, appearance and module states to the settings. */
    void saveSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void openDeckDialog();
    void createMenus();
    void restoreSettings();
    void updateModuleMenu();
    /** "shapes.py — Class Forge — Curtain": what the window shows, in its title. */
    void updateTitle();
    void updateStatus();
    void updateThemeChecks();
    void toggleFullScreen();
    void fitNavigator();
    void step(bool forward);
    void showShortcuts();
    QAction *addShellAction(QMenu *menu,
                            const QString &id,
                            const QString &text,
                            const QList<QKeySequence> &shortcuts = {});

    Kit::ModuleRegistry &m_registry;
    std::unique_ptr<Present::Presenter> m_presenter;
    QSettings &m_settings;
    QSplitter *m_splitter = nullptr;
    Navigator *m_navigator = nullptr;
    QStackedWidget *m_stack = nullptr;
    HomePage *m_home = nullptr;
    QMenu *m_moduleMenu = nullptr;
    QMenu *m_fileMenu = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QHash<QString, QAction *> m_actions;
    bool m_fitNavigatorOnShow = false;
};

} // namespace Shell
