// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mainwindow.h"
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <kit/paths.h>
#include <present/deck.h>
#include <present/presenter.h>

#include "aboutdialog.h"
#include "homepage.h"
#include "navigator.h"
#include "shortcutsdialog.h"

#include <kit/actions.h>
#include <kit/appearance.h>
#include <kit/module.h>
#include <kit/moduleregistry.h>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>

namespace Shell {

using namespace Kit;
using namespace Present;

namespace Keys {
const QString Geometry = QStringLiteral("window/geometry");
const QString State = QStringLiteral("window/state");
const QString Splitter = QStringLiteral("window/splitter");
const QString LastModule = QStringLiteral("shell/lastModule");
const QString Theme = QStringLiteral("appearance/theme");
const QString FontScale = QStringLiteral("appearance/fontScale");
QString moduleState(const QString &id)
{
    return QStringLiteral("modules/%1/state").arg(id);
}
} // namespace Keys

MainWindow::MainWindow(ModuleRegistry &registry, QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("shell.mainWindow"));
    setWindowTitle(tr("Curtain"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/curtain.svg")));

    m_navigator = new Navigator(registry);
    m_stack = new QStackedWidget;
    m_stack->setObjectName(QStringLiteral("shell.stack"));
    m_home = new HomePage(registry, Presenter::builtInDecks());
    connect(m_home, &HomePage::presentDeck, this, [this](const QString &deck) { present(deck); });
    m_stack->addWidget(m_home);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("shell.splitter"));
    m_splitter->addWidget(m_navigator);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_zoomLabel = new QLabel;
    m_zoomLabel->setObjectName(QStringLiteral("shell.zoomLabel"));
    statusBar()->addPermanentWidget(m_zoomLabel);

    createMenus();

    connect(m_navigator, &Navigator::currentIdChanged, this, &MainWindow::showModule);
    connect(m_home, &HomePage::openModule, this, &MainWindow::showModule);
    for (Module *module : registry.modules()) {
        connect(module, &Module::statusMessage, this, [this, module](const QString &message) {
            if (module == currentModule())
                statusBar()->showMessage(message, 8000);
        });
        connect(module, &Module::documentTitleChanged, this, [this, module] {
            if (module == currentModule())
                updateTitle();
        });
    }
    connect(Appearance::instance(), &Appearance::changed, this, [this] {
        for (Module *module : m_registry.modules())
            module->setFontScale(Appearance::instance()->fontScale());
        updateThemeChecks();
        updateStatus();
        // After the layouts have taken the new font (their requests are queued before this).
        QMetaObject::invokeMethod(this, &MainWindow::fitNavigator, Qt::QueuedConnection);
    });

    restoreSettings();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::addShellAction(QMenu *menu,
                                    const QString &id,
                                    const QString &text,
                                    const QList<QKeySequence> &shortcuts)
{
    QAction *action = makeAction(this, id, text, shortcuts);
    menu->addAction(action);
    // Added to the window too, so shortcuts work in full screen with the menu bar hidden.
    addAction(action);
    m_actions.insert(id, action);
    return action;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_fileMenu = file;
    QAction *quit = addShellAction(file,
                                   QStringLiteral("shell.quit"),
                                   tr("&Quit"),
                                   {QKeySequence::Quit, QKeySequence(tr("Ctrl+Q"))});
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    connect(addShellAction(
                go, QStringLiteral("shell.home"), tr("&Home"), {QKeySequence(tr("Alt+Home"))}),
            &QAction::triggered,
            this,
            [this] { showModule(Navigator::HomeId); });
    int number = 1;
    for (const Module *module : m_registry.modules()) {
        QAction *open = addShellAction(go,
                                       QStringLiteral("shell.open.") + module->id(),
                                       module->title(),
                                       {QKeySequence(tr("Ctrl+%1").arg(number++))});
        open->setIcon(module->icon());
        connect(open, &QAction::triggered, this, [this, id = module->id()] { showModule(id); });
    }
    go->addSeparator();
    connect(addShellAction(go,
                           QStringLiteral("shell.stepForward"),
                           tr("Step &Forward"),
                           {QKeySequence(Qt::Key_PageDown), QKeySequence(tr("Ctrl+Right"))}),
            &QAction::triggered,
            this,
            [this] { step(true); });
    connect(addShellAction(go,
                           QStringLiteral("shell.stepBack"),
                           tr("Step &Back"),
                           {QKeySequence(Qt::Key_PageUp), QKeySequence(tr("Ctrl+Left"))}),
            &QAction::triggered,
            this,
            [this] { step(false); });
    connect(addShellAction(go,
                           QStringLiteral("shell.reset"),
                           tr("&Reset Module"),
                           {QKeySequence(tr("Ctrl+Shift+R"))}),
            &QAction::triggered,
            this,
            [this] {
                if (Module *module = currentModule())
                    module->reset();
            });

    m_moduleMenu = menuBar()->addMenu(tr("&Module"));
    m_moduleMenu->setObjectName(QStringLiteral("shell.moduleMenu"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *fullScreen = addShellAction(view,
                                         QStringLiteral("shell.fullScreen"),
                                         tr("&Full Screen"),
                                         {QKeySequence::FullScreen, QKeySequence(Qt::Key_F11)});
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::triggered, this, &MainWindow::toggleFullScreen);
    QAction *navigator = addShellAction(view,
                                        QStringLiteral("shell.toggleNavigator"),
                                        tr("Show &Navigator"),
                                        {QKeySequence(tr("Ctrl+B"))});
    navigator->setCheckable(true);
    navigator->setChecked(true);
    connect(navigator, &QAction::toggled, m_navigator, &QWidget::setVisible);
    view->addSeparator();
    Appearance *appearance = Appearance::instance();
    connect(addShellAction(view,
                           QStringLiteral("shell.zoomIn"),
                           tr("Zoom &In"),
                           {QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))}),
            &QAction::triggered,
            appearance,
            &Appearance::zoomIn);
    connect(addShellAction(
                view, QStringLiteral("shell.zoomOut"), tr("Zoom &Out"), {QKeySequence::ZoomOut}),
            &QAction::triggered,
            appearance,
            &Appearance::zoomOut);
    connect(addShellAction(view,
                           QStringLiteral("shell.zoomReset"),
                           tr("&Actual Size"),
                           {QKeySequence(tr("Ctrl+0"))}),
            &QAction::triggered,
            appearance,
            [appearance] { appearance->setFontScale(1.0); });
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<Appearance::Theme, QString> themes[]
        = {{Appearance::Theme::System, tr("&System")},
           {Appearance::Theme::Light, tr("&Light")},
           {Appearance::Theme::Dark, tr("&Dark")}};
    for (const auto &[value, text] : themes) {
        QAction *choice = addShellAction(
            theme, QStringLiteral("shell.theme.") + Appearance::themeName(value), text);
        choice->setCheckable(true);
        choice->setData(QVariant::fromValue(value));
        m_themeGroup->addAction(choice);
        // An init-capture: clang 14 (clang-tidy) cannot capture a structured binding.
        connect(choice, &QAction::triggered, appearance, [appearance, chosen = value] {
            appearance->setTheme(chosen);
        });
    }
    theme->addSeparator();
    // One key for the presenter who finds the projector washes the dark theme out.
    connect(addShellAction(theme,
                           QStringLiteral("shell.theme.toggle"),
                           tr("S&witch Light and Dark"),
                           {QKeySequence(tr("Ctrl+Shift+T"))}),
            &QAction::triggered,
            appearance,
            [appearance] {
                appearance->setTheme(appearance->isDark() ? Appearance::Theme::Light
                                                          : Appearance::Theme::Dark);
            });

    QMenu *presentMenu = menuBar()->addMenu(tr("&Present"));
    for (const QString &deck : Presenter::builtInDecks()) {
        const std::optional<Deck> parsed = Deck::read(deck, nullptr);
        const QString name = QFileInfo(deck).completeBaseName();
        QAction *action = addShellAction(
            presentMenu,
            QStringLiteral("shell.present.") + name,
            parsed ? QString(parsed->title).replace(QLatin1Char('&'), QStringLiteral("&&")) : name);
        connect(action, &QAction::triggered, this, [this, deck] { present(deck); });
    }
    presentMenu->addSeparator();
    connect(addShellAction(presentMenu,
                           QStringLiteral("shell.present.open"),
                           tr("&Open Deck…"),
                           {QKeySequence(tr("Ctrl+Shift+O"))}),
            &QAction::triggered,
            this,
            &MainWindow::openDeckDialog);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(addShellAction(help,
                           QStringLiteral("shell.shortcuts"),
                           tr("&Keyboard Shortcuts"),
                           {QKeySequence::HelpContents}),
            &QAction::triggered,
            this,
            &MainWindow::showShortcuts);
    help->addSeparator();
    QAction *about = addShellAction(help, QStringLiteral("shell.about"), tr("&About Curtain"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { showAboutDialog(this); });
    QAction *aboutQt = addShellAction(help, QStringLiteral("shell.aboutQt"), tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    updateThemeChecks();
    updateModuleMenu();
}

bool MainWindow::showModule(const QString &id)
{
    QWidget *page = nullptr;
    if (id == Navigator::HomeId) {
        page = m_home;
    } else if (Module *module = m_registry.find(id)) {
        const bool first = !module->hasView();
        page = module->view();
        // Presenter mode borrows views; one given back is taken in again here.
        if (m_stack->indexOf(page) < 0)
            m_stack->addWidget(page);
        if (first)
            module->setFontScale(Appearance::instance()->fontScale());
    } else {
        return false;
    }
    m_stack->setCurrentWidget(page);
    if (m_navigator->currentId() != id)
        m_navigator->selectId(id);
    // The keys go to the module now shown, not to the list that chose it.
    if (m_navigator->hasFocus() || !page->isAncestorOf(QApplication::focusWidget())) {
        QWidget *target = page;
        for (QWidget *w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
            if (page->isAncestorOf(w) && w->isVisibleTo(page) && w->isEnabled()
                && (w->focusPolicy() & Qt::TabFocus)) {
                target = w;
                break;
            }
        }
        target->setFocus(Qt::OtherFocusReason);
    }
    updateModuleMenu();
    updateStatus();
    return true;
}

void MainWindow::updateTitle()
{
    Module *module = currentModule();
    if (!module) {
        setWindowTitle(tr("Curtain"));
        return;
    }
    const QString document = module->documentTitle();
    setWindowTitle(document.isEmpty() ? tr("%1 — Curtain").arg(module->title())
                                      : tr("%1 — %2 — Curtain").arg(document, module->title()));
}

QString MainWindow::currentId() const
{
    return m_navigator->currentId();
}

Module *MainWindow::currentModule() const
{
    return m_registry.find(currentId());
}

QAction *MainWindow::action(const QString &id) const
{
    return m_actions.value(id);
}

QList<QAction *> MainWindow::allActions() const
{
    QList<QAction *> list = m_actions.values();
    if (Module *module = currentModule())
        list += module->fileActions() + module->actions();
    return list;
}

void MainWindow::updateModuleMenu()
{
    m_moduleMenu->clear();
    Module *module = currentModule();
    const QList<QAction *> actions = module ? module->actions() : QList<QAction *>();
    if (module)
        m_moduleMenu->setTitle(module->title());
    m_moduleMenu->addActions(actions);
    m_moduleMenu->menuAction()->setVisible(!actions.isEmpty());
    // The File menu: the module's documents (open, save), then Quit.
    QAction *quit = action(QStringLiteral("shell.quit"));
    m_fileMenu->clear();
    if (module && !module->fileActions().isEmpty()) {
        m_fileMenu->addActions(module->fileActions());
        m_fileMenu->addSeparator();
    }
    m_fileMenu->addAction(quit);
    updateTitle();

    const bool onModule = module != nullptr;
    for (const char *id : {"shell.stepForward", "shell.stepBack", "shell.reset"})
        action(QString::fromLatin1(id))->setEnabled(onModule);
}

void MainWindow::updateStatus()
{
    const Module *module = currentModule();
    statusBar()->showMessage(module ? module->title() + QStringLiteral(" — ") + module->summary()
                                    : tr("Welcome to Curtain"));
    m_zoomLabel->setText(tr("Zoom %1 %").arg(qRound(Appearance::instance()->fontScale() * 100)));
}

void MainWindow::updateThemeChecks()
{
    const Appearance::Theme current = Appearance::instance()->theme();
    for (QAction *choice : m_themeGroup->actions())
        choice->setChecked(choice->data().value<Appearance::Theme>() == current);
}

void MainWindow::toggleFullScreen()
{
    const bool full = !isFullScreen();
    if (full)
        showFullScreen();
    else
        showNormal();
    action(QStringLiteral("shell.fullScreen"))->setChecked(full);
}

void MainWindow::fitNavigator()
{
    // Splitter sizes mean nothing until the window is laid out at its real size: wait for it.
    if (!isVisible()) {
        m_fitNavigatorOnShow = true;
        return;
    }
    // Titles must stay whole when the zoom grows (the back row reads them), within reason.
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    // Titles and summaries when they fit in 30 % of the window; else icons alone, and narrow.
    const int preferred = m_navigator->preferredWidth();
    const int wanted = preferred <= total * 3 / 10 ? preferred : m_navigator->compactWidth();
    m_splitter->setSizes({wanted, std::max(total - wanted, 1)});
}

void MainWindow::step(bool forward)
{
    Module *module = currentModule();
    if (!module)
        return;
    const bool moved = forward ? module->stepForward() : module->stepBack();
    if (!moved)
        statusBar()->showMessage(module->stepHint(forward), 3000);
}

bool MainWindow::present(const QString &path)
{
    if (m_presenter)
        return false; // one talk at a time
    auto presenter = std::make_unique<Presenter>(m_registry);
    QString error;
    if (!presenter->open(path, &error)) {
        QMessageBox::warning(this, tr("Present"), error);
        return false;
    }
    m_presenter = std::move(presenter);
    const QString shown = currentId();
    connect(m_presenter.get(), &Presenter::finished, this, [this, shown] {
        // The views come back into this window; the presenter goes once its signal is done.
        showModule(shown);
        show();
        m_presenter.release()->deleteLater();
    });
    hide();
    m_presenter->start();
    return true;
}

void MainWindow::openDeckDialog()
{
    // The talks installed with Curtain are offered first; your own are a folder away.
    const QString path = QFileDialog::getOpenFileName(this,
                                                      tr("Open Deck"),
                                                      Paths::dataDir() + QStringLiteral("/decks"),
                                                      tr("Curtain decks (*.md);;All files (*)"));
    if (!path.isEmpty())
        present(path);
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(ShortcutsDialog::groupsOf(menuBar(), allActions()), this);
    dialog.exec();
}

void MainWindow::restoreSettings()
{
    Appearance *appearance = Appearance::instance();
    if (const auto theme = Appearance::themeFromName(m_settings.value(Keys::Theme).toString()))
        appearance->setTheme(*theme);
    if (m_settings.contains(Keys::FontScale))
        appearance->setFontScale(m_settings.value(Keys::FontScale).toDouble());
    for (Module *module : m_registry.modules()) {
        const QVariant state = m_settings.value(Keys::moduleState(module->id()));
        if (state.isValid())
            module->restoreState(state.toMap());
    }
    if (!restoreGeometry(m_settings.value(Keys::Geometry).toByteArray()))
        resize(1280, 800);
    restoreState(m_settings.value(Keys::State).toByteArray());
    if (!m_splitter->restoreState(m_settings.value(Keys::Splitter).toByteArray()))
        fitNavigator();

    const QString last = m_settings.value(Keys::LastModule).toString();
    if (last.isEmpty() || !showModule(last))
        showModule(Navigator::HomeId);
    updateThemeChecks();
    updateStatus();
}

void MainWindow::saveSettings()
{
    m_settings.setValue(Keys::Geometry, saveGeometry());
    m_settings.setValue(Keys::State, saveState());
    m_settings.setValue(Keys::Splitter, m_splitter->saveState());
    m_settings.setValue(Keys::LastModule, currentId());
    Appearance *appearance = Appearance::instance();
    m_settings.setValue(Keys::Theme, Appearance::themeName(appearance->theme()));
    m_settings.setValue(Keys::FontScale, appearance->fontScale());
    for (const Module *module : m_registry.modules())
        m_settings.setValue(Keys::moduleState(module->id()), module->saveState());
    m_settings.sync();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_fitNavigatorOnShow) {
        m_fitNavigatorOnShow = false;
        // After the event loop has laid the window out at its real size.
        QTimer::singleShot(0, this, &MainWindow::fitNavigator);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace Shell
