// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classforgeview.h"

#include "tracepanels.h"
#include <kit/codeeditor.h>

#include <classforge/c3.h>
#include <classforge/classgraph.h>
#include <classforge/narrator.h>
#include <kit/actions.h>
#include <kit/adaptiverow.h>
#include <kit/appearance.h>
#include <kit/ink.h>
#include <kit/lessons.h>
#include <kit/programdialogs.h>
#include <kit/programfile.h>
#include <kit/stage.h>
#include <pyrunner/runnerclient.h>
#include <pyrunner/runrequest.h>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <kit/pagetabs.h>

namespace ClassForge {

using namespace Kit;

namespace {

/** Narration uses `backticks` for code; the label shows rich text. */
QString narrationHtml(const QString &text)
{
    QString html = text.toHtmlEscaped();
    static const QRegularExpression code(QStringLiteral("`([^`]*)`"));
    html.replace(code, QStringLiteral("<code><b>\\1</b></code>"));
    return html;
}

QToolButton *toolButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(false);
    return button;
}

} // namespace

ClassForgeView::ClassForgeView(PyRunner::RunnerClient *runner,
                               const QList<Kit::Lesson> &lessons,
                               QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_lessonList(lessons)
{
    setObjectName(QStringLiteral("classforge.view"));
    createActions();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("classforge.splitter"));
    // Two columns: the program, and what Python does with it. The lessons are a picker above
    // the program, so the editor has the width its comments need at every zoom.
    splitter->addWidget(buildCentre(lessons));
    splitter->addWidget(buildRight());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({640, 560});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_runner, &PyRunner::RunnerClient::finished, this, &ClassForgeView::onRunFinished);
    connect(&m_player, &TracePlayer::currentChanged, this, &ClassForgeView::showStep);
    connect(&m_playTimer, &QTimer::timeout, this, [this] {
        if (!stepForward() && !m_predict.question())
            togglePlay();
    });
    connect(Appearance::instance(), &Appearance::changed, this, &ClassForgeView::updateFonts);

    // Warm the interpreter while the learner reads, once the window has painted: starting a
    // process is not free, and the first paint comes first.
    QTimer::singleShot(250, m_runner, &PyRunner::RunnerClient::start);
    if (!lessons.isEmpty())
        openLesson(0);
    updateFonts();
    showStep(-1);
}

ClassForgeView::~ClassForgeView() = default;

void ClassForgeView::createActions()
{
    m_runAction = makeAction(this,
                             QStringLiteral("classforge.run"),
                             tr("&Run"),
                             {QKeySequence(tr("Ctrl+R")), QKeySequence(Qt::Key_F5)});
    m_runAction->setToolTip(tr("Run the program in CPython and trace it (Ctrl+R)"));
    connect(m_runAction, &QAction::triggered, this, &ClassForgeView::run);

    auto add = [this](const char *id, const QString &text, const QKeySequence &key, auto slot) {
        QAction *action = makeAction(this, QString::fromLatin1(id), text, {key});
        connect(action, &QAction::triggered, this, slot);
        m_actions.append(action);
        return action;
    };
    m_actions.append(m_runAction);
    QAction *first
        = add("classforge.first", tr("&First Step"), QKeySequence(tr("Ctrl+Shift+PgUp")), [this] {
              m_player.first();
          });
    QAction *back = add(
        "classforge.back", tr("Step &Back"), QKeySequence(tr("Alt+Left")), [this] { stepBack(); });
    QAction *forward
        = add("classforge.forward", tr("Step &Forward"), QKeySequence(tr("Alt+Right")), [this] {
              stepForward();
          });
    QAction *last
        = add("classforge.last", tr("&Last Step"), QKeySequence(tr("Ctrl+Shift+PgDown")), [this] {
              m_player.last();
          });
    // Buttons show symbols; menus and the shortcuts list show the words.
    first->setIconText(QStringLiteral("|◀"));
    back->setIconText(QStringLiteral("◀"));
    forward->setIconText(QStringLiteral("▶"));
    last->setIconText(QStringLiteral("▶|"));
    for (QAction *action : {first, back, forward, last})
        action->setToolTip(withoutMnemonic(action->text()) + QStringLiteral(" (")
                           + action->shortcut().toString(QKeySequence::NativeText)
                           + QLatin1Char(')'));
    m_playAction
        = add("classforge.play", tr("&Play"), QKeySequence(tr("Ctrl+P")), [this] { togglePlay(); });
    m_predictAction = add("classforge.predict",
                          tr("P&redict Mode"),
                          QKeySequence(tr("Ctrl+Shift+P")),
                          [this](bool on) {
                              m_predict.setEnabled(on);
                              m_predictPanel->setVisible(on && m_predict.question().has_value());
                              emit statusMessage(on ? tr("Predict mode: guess before each key step")
                                                    : tr("Predict mode off"));
                          });
    m_predictAction->setCheckable(true);
    // A program of one's own: new, open, save (lessons stay as installed; saving one makes a copy).
    const qsizetype firstFileAction = m_actions.size();
    add("classforge.programNew", tr("&New Program"), QKeySequence(QKeySequence::New), [this] {
        newProgram();
    });
    add("classforge.programOpen", tr("&Open Program…"), QKeySequence(QKeySequence::Open), [this] {
        if (const QString path = chooseFile(false); !path.isEmpty()) {
            QString error;
            if (!openProgram(path, &error) && !error.isEmpty() && !m_chooseFile)
                QMessageBox::warning(this, tr("Open Program"), error);
        }
    });
    auto saveAs = [this] {
        if (const QString path = chooseFile(true); !path.isEmpty()) {
            QString error;
            if (!saveProgram(path, &error) && !m_chooseFile)
                QMessageBox::warning(this, tr("Save Program"), error);
        }
    };
    add("classforge.programSave", tr("&Save Program"), QKeySequence(QKeySequence::Save), [=, this] {
        if (m_own && !m_ownPath.isEmpty()) {
            QString error;
            if (!saveProgram(m_ownPath, &error) && !m_chooseFile)
                QMessageBox::warning(this, tr("Save Program"), error);
        } else {
            saveAs();
        }
    });
    add("classforge.programSaveAs",
        tr("Save Program &As…"),
        QKeySequence(QKeySequence::SaveAs),
        saveAs);
    // They belong to the File menu, not to the module's.
    m_fileActions = m_actions.mid(firstFileAction);
    m_actions.remove(firstFileAction, m_fileActions.size());
    add("classforge.timeLimit", tr("&Time Limit…"), QKeySequence(), [this] {
        bool ok = false;
        const double seconds
            = QInputDialog::getDouble(this,
                                      tr("Time Limit"),
                                      tr("Stop a program after this many seconds:"),
                                      m_timeLimit,
                                      0.1,
                                      600,
                                      1,
                                      &ok);
        if (ok)
            setTimeLimit(seconds);
    });
}

void ClassForgeView::setTimeLimit(double seconds)
{
    m_timeLimit = std::clamp(seconds, 0.1, 600.0);
    emit statusMessage(tr("Programs now stop after %1 s").arg(m_timeLimit));
}

bool ClassForgeView::showPanel(const QString &id)
{
    return m_panels->showPanel(id);
}

QWidget *ClassForgeView::buildCentre(const QList<Kit::Lesson> &lessons)
{
    auto *panel = new QWidget;
    auto *column = new QVBoxLayout(panel);
    column->setContentsMargins(8, 8, 4, 8);

    // The lesson picker and the buttons: for the person at the keyboard, off a presenter's stage.
    auto *chrome = new QWidget(panel);
    markOffStage(chrome);
    auto *chromeColumn = new QVBoxLayout(chrome);
    chromeColumn->setContentsMargins(0, 0, 0, 0);
    auto *lessonRow = new QHBoxLayout;
    auto *lessonLabel = new QLabel(tr("&Lesson"), panel);
    lessonLabel->setObjectName(QStringLiteral("classforge.lessonsTitle"));
    m_lessons = new QComboBox(panel);
    m_lessons->setObjectName(QStringLiteral("classforge.lessons"));
    m_lessons->setAccessibleName(tr("Lesson"));
    m_lessons->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_lessons->setMinimumContentsLength(12);
    m_lessons->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    lessonLabel->setBuddy(m_lessons);
    for (int i = 0; i < lessons.size(); ++i) {
        m_lessons->addItem(tr("%1. %2").arg(i + 1).arg(lessons.at(i).title));
        m_lessons->setItemData(i, lessons.at(i).intro, Qt::ToolTipRole);
    }
    connect(m_lessons, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (row >= 0 && row < m_lessonList.size() && !openLesson(row)) {
            // Kept the edits: the picker goes back to the lesson they belong to.
            const QSignalBlocker block(m_lessons);
            m_lessons->setCurrentIndex(m_openLesson);
        }
    });
    lessonRow->addWidget(lessonLabel);
    lessonRow->addWidget(m_lessons, 1);
    chromeColumn->addLayout(lessonRow);

    auto *controls = new QHBoxLayout;
    auto *run = toolButton(m_runAction, panel);
    run->setObjectName(QStringLiteral("classforge.runButton"));
    controls->addWidget(run);
    controls->addSpacing(12);
    for (QAction *action : std::as_const(m_actions)) {
        if (action != m_runAction && action != m_predictAction
            && action->objectName() != QLatin1String("classforge.timeLimit")
            && !action->objectName().startsWith(QLatin1String("classforge.program")))
            controls->addWidget(toolButton(action, panel));
    }
    m_speed = new QSlider(Qt::Horizontal, panel);
    m_speed->setObjectName(QStringLiteral("classforge.speed"));
    m_speed->setAccessibleName(tr("Play speed, steps per second"));
    m_speed->setRange(1, 20);
    m_speed->setValue(3);
    m_speed->setMinimumWidth(70);
    m_speed->setMaximumWidth(140);
    controls->addWidget(new QLabel(tr("Speed"), panel));
    m_speed->setToolTip(tr("Play speed: steps per second"));
    connect(m_speed, &QSlider::valueChanged, this, [this](int perSecond) {
        m_playTimer.setInterval(1000 / perSecond);
    });
    m_playTimer.setInterval(1000 / m_speed->value());
    controls->addWidget(m_speed);
    controls->addStretch(1);
    chromeColumn->addLayout(controls);
    column->addWidget(chrome);

    m_editor = new CodeEditor(panel);
    m_editor->setObjectName(QStringLiteral("classforge.editor"));
    column->addWidget(m_editor, 1);
    m_stepLabel = new QLabel(panel);
    m_stepLabel->setObjectName(QStringLiteral("classforge.stepLabel"));
    column->addWidget(m_stepLabel);
    return panel;
}

QWidget *ClassForgeView::buildRight()
{
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("classforge.rightSplitter"));
    m_rightSplitter = splitter;

    auto *top = new QWidget;
    auto *topColumn = new QVBoxLayout(top);
    topColumn->setContentsMargins(4, 8, 8, 4);
    auto *header = new QHBoxLayout;
    auto *narrationTitle = new QLabel(tr("What Python does"), top);
    narrationTitle->setObjectName(QStringLiteral("classforge.narrationTitle"));
    header->addWidget(narrationTitle);
    header->addStretch(1);
    auto *predict = toolButton(m_predictAction, top);
    markOffStage(predict);
    header->addWidget(predict);
    topColumn->addLayout(header);
    m_narration = new QLabel(top);
    m_narration->setObjectName(QStringLiteral("classforge.narration"));
    m_narration->setAccessibleName(tr("What Python does now"));
    m_narration->setWordWrap(true);
    m_narration->setTextFormat(Qt::RichText);
    // Its link ("Show them") answers the mouse; the keys stay with the step controls.
    m_narration->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    m_narration->setFocusPolicy(Qt::NoFocus);
    connect(m_narration, &QLabel::linkActivated, this, [this] {
        if (const TraceStep *step = m_player.currentStep())
            QMessageBox::information(
                this, tr("Classes the library made for itself"), Narrator::libraryClassList(*step));
        m_editor->setFocus(Qt::OtherFocusReason);
    });
    m_narration->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    // Long narrations at a large zoom scroll instead of being cut off.
    auto *narrationScroll = new QScrollArea(top);
    narrationScroll->setWidget(m_narration);
    narrationScroll->setWidgetResizable(true);
    narrationScroll->setFrameShape(QFrame::NoFrame);
    narrationScroll->setMinimumHeight(80);
    // On a presenter's stage the room cannot scroll: the words are set to fit the box.
    fitOnStage(m_narration, narrationScroll->viewport());
    topColumn->addWidget(narrationScroll, 1);

    m_predictPanel = new QFrame(top);
    m_predictPanel->setObjectName(QStringLiteral("classforge.quiz"));
    static_cast<QFrame *>(m_predictPanel)->setFrameShape(QFrame::StyledPanel);
    auto *quiz = new QVBoxLayout(m_predictPanel);
    m_predictPrompt = new QLabel(m_predictPanel);
    m_predictPrompt->setObjectName(QStringLiteral("classforge.quizPrompt"));
    m_predictPrompt->setWordWrap(true);
    quiz->addWidget(m_predictPrompt);
    // The answers side by side where each has room for its words, else one under the other:
    // four class names in a row at a room's zoom were wider than the stage.
    auto *choices = new AdaptiveRow(9, m_predictPanel);
    choices->setObjectName(QStringLiteral("classforge.quiz.choices"));
    for (int i = 0; i < 4; ++i) {
        auto *choice = new QPushButton(m_predictPanel);
        choice->setObjectName(QStringLiteral("classforge.quiz.choice%1").arg(i));
        connect(choice, &QPushButton::clicked, this, [this, i] { answer(i); });
        m_predictChoices.append(choice);
        choices->addWidget(choice);
    }
    quiz->addWidget(choices);
    // The question comes and goes: the narration's share of the column is worked out again
    // with it (the question was sliced in half when it came).
    m_predictPanel->installEventFilter(this);
    m_predictScore = new QLabel(m_predictPanel);
    m_predictScore->setObjectName(QStringLiteral("classforge.quizScore"));
    m_predictScore->setWordWrap(true);
    quiz->addWidget(m_predictScore);
    m_predictPanel->hide();
    topColumn->addWidget(m_predictPanel);
    splitter->addWidget(top);

    m_panels = new TracePanels;
    connect(m_panels, &TracePanels::stepChosen, this, [this](int row) { m_player.seek(row); });
    splitter->addWidget(m_panels);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({260, 500});
    return splitter;
}

QString ClassForgeView::programTitle() const
{
    if (m_own)
        return tr("your program %1").arg(ProgramFile::displayName(m_ownPath));
    return m_openLesson >= 0 ? m_lessonList.at(m_openLesson).title : tr("your program");
}

bool ClassForgeView::mayDiscardEdits(const QString &next)
{
    if (!m_editor->document()->isModified())
        return true;
    const QString current = programTitle();
    if (m_confirmDiscard)
        return m_confirmDiscard(current);
    return QMessageBox::question(
               this,
               tr("Discard Your Edits?"),
               tr("You have changed %1. Open %2 and lose your changes?").arg(current, next),
               QMessageBox::Discard | QMessageBox::Cancel,
               QMessageBox::Cancel)
           == QMessageBox::Discard;
}

void ClassForgeView::showOwnProgram(const QString &source, const QString &path)
{
    m_own = true;
    m_ownPath = path;
    m_presentedFile.clear();
    m_startStep.clear();
    {
        // No lesson is open: the picker says whose program this is.
        const QSignalBlocker block(m_lessons);
        m_lessons->setPlaceholderText(tr("Your program: %1").arg(ProgramFile::displayName(path)));
        m_lessons->setCurrentIndex(-1);
    }
    m_editor->setPlainText(source);
    m_editor->document()->setModified(false);
    m_editor->setErrorLine(0);
    m_player.setTrace({});
    m_panels->setTrace({});
    showStep(m_player.current());
    fitNarration();
    emit programChanged();
}

void ClassForgeView::newProgram()
{
    if (!mayDiscardEdits(tr("a new program")))
        return;
    showOwnProgram(QStringLiteral("# Your own program: write a class, then press Run (Ctrl+R).\n"
                                  "\n\nclass Mine:\n    pass\n"),
                   QString());
    emit statusMessage(tr("A new program of your own. Press Ctrl+R to run it."));
}

bool ClassForgeView::openProgram(const QString &path, QString *error)
{
    QString problem;
    const std::optional<QByteArray> source = ProgramFile::read(path, &problem);
    if (!source) {
        if (error)
            *error = problem;
        emit statusMessage(problem);
        return false;
    }
    if (!mayDiscardEdits(ProgramFile::displayName(path)))
        return false;
    showOwnProgram(QString::fromUtf8(*source), path);
    emit statusMessage(tr("Opened %1. Press Ctrl+R to run it.").arg(path));
    return true;
}

bool ClassForgeView::saveProgram(const QString &path, QString *error)
{
    QString problem;
    if (!ProgramFile::write(path, m_editor->toPlainText().toUtf8(), &problem)) {
        if (error)
            *error = problem;
        emit statusMessage(problem);
        return false;
    }
    // Saved, it is the learner's own program (a lesson stays as it was installed).
    if (!m_own || m_ownPath != path) {
        m_own = true;
        m_ownPath = path;
        const QSignalBlocker block(m_lessons);
        m_lessons->setPlaceholderText(tr("Your program: %1").arg(ProgramFile::displayName(path)));
        m_lessons->setCurrentIndex(-1);
        showStep(m_player.current());
        emit programChanged();
    }
    m_editor->document()->setModified(false);
    emit statusMessage(tr("Saved %1").arg(path));
    return true;
}

void ClassForgeView::setFileChooser(std::function<QString(bool, const QString &)> chooser)
{
    m_chooseFile = std::move(chooser);
}

QString ClassForgeView::chooseFile(bool save)
{
    const QString suggested = m_own && !m_ownPath.isEmpty()
                                  ? m_ownPath
                                  : QDir::home().filePath(ProgramFile::displayName(m_ownPath));
    return m_chooseFile ? m_chooseFile(save, suggested) : chooseProgramFile(this, save, suggested);
}

bool ClassForgeView::openLesson(int row, bool askFirst)
{
    if (row < 0 || row >= m_lessonList.size())
        return false;
    const Kit::Lesson &lesson = m_lessonList.at(row);
    if (askFirst && (row != m_openLesson || m_own) && !mayDiscardEdits(lesson.title))
        return false;
    m_openLesson = row;
    m_own = false;
    m_ownPath.clear();
    m_presentedFile.clear();
    m_startStep.clear();
    if (m_lessons->currentIndex() != row) {
        const QSignalBlocker block(m_lessons);
        m_lessons->setCurrentIndex(row);
    }
    m_editor->setPlainText(QString::fromUtf8(lesson.source));
    m_editor->document()->setModified(false);
    m_editor->setErrorLine(0);
    m_player.setTrace({});
    m_panels->setTrace({});       // the previous lesson's steps and output belong to it
    showStep(m_player.current()); // the new lesson's introduction
    fitNarration();
    emit statusMessage(tr("Lesson: %1. Press Ctrl+R to run it.").arg(lesson.title));
    return true;
}

void ClassForgeView::present(const QString &program,
                             const QString &filename,
                             bool runNow,
                             const QString &start,
                             bool predict)
{
    if (m_playTimer.isActive())
        togglePlay();
    m_editor->setPlainText(program);
    m_editor->document()->setModified(false);
    m_own = false;
    m_ownPath.clear();
    m_presentedFile = filename;
    m_startStep = start;
    m_player.setTrace({});
    m_panels->setTrace({});
    if (m_predictAction->isChecked() != predict)
        m_predictAction->trigger();
    showStep(m_player.current());
    if (runNow)
        run();
}

void ClassForgeView::pause()
{
    if (m_playTimer.isActive())
        togglePlay();
}

QString ClassForgeView::outputText() const
{
    return m_panels->outputText();
}

QString ClassForgeView::stepHint(bool forward) const
{
    if (m_player.count() == 0)
        return tr("Press Run first (Ctrl+R): there are no steps yet.");
    return forward ? tr("Already at the last step") : tr("Already at the first step");
}

int ClassForgeView::currentLesson() const
{
    return m_own ? -1 : m_lessons->currentIndex();
}

QString ClassForgeView::source() const
{
    return m_editor->toPlainText();
}

void ClassForgeView::setSource(const QString &source)
{
    m_editor->setPlainText(source);
}

void ClassForgeView::run()
{
    if (m_playTimer.isActive())
        togglePlay();
    PyRunner::RunRequest request;
    request.source = m_editor->toPlainText().toUtf8();
    const int lesson = currentLesson();
    // The traceback quotes the code on screen under the lesson's name, not a file on disk.
    request.filename = !m_presentedFile.isEmpty() ? m_presentedFile
                       : m_own                    ? ProgramFile::displayName(m_ownPath)
                       : lesson >= 0 ? QFileInfo(m_lessonList.at(lesson).path).fileName()
                                     : QStringLiteral("program.py");
    request.timeoutMs = int(m_timeLimit * 1000);
    m_runClock.start();
    m_pendingRun = m_runner->run(request);
    m_runAction->setEnabled(false);
    emit statusMessage(tr("Running in CPython…"));
}

void ClassForgeView::onRunFinished(int id, const PyRunner::RunResult &result)
{
    if (id != m_pendingRun)
        return;
    m_pendingRun = 0;
    showTrace(Trace::fromResult(result));
}

void ClassForgeView::showTrace(const Trace &trace)
{
    m_runAction->setEnabled(true);
    m_predict.reset();
    m_panels->setTrace(trace);
    m_player.setTrace(trace);
    if (trace.error) {
        const int line = trace.error->value(QStringLiteral("line")).toInt();
        m_editor->setErrorLine(line,
                               trace.errorType() + QStringLiteral(": ")
                                   + trace.error->value(QStringLiteral("message")).toString());
    } else {
        m_editor->setErrorLine(0);
    }
    m_panels->showStep(m_player, m_player.current());
    fitNarration();
    if (!m_startStep.isEmpty())
        m_player.seekStart(m_startStep); // where a presented demo's deck says it opens
    const qint64 ms = m_runClock.elapsed();
    emit traced(ms);
    emit statusMessage(trace.error
                           ? tr("Traced %1 steps in %2 ms; the program ended with %3")
                                 .arg(trace.steps.size())
                                 .arg(ms)
                                 .arg(trace.errorType())
                           : tr("Traced %1 steps in %2 ms").arg(trace.steps.size()).arg(ms));
}

bool ClassForgeView::stepForward()
{
    switch (m_predict.forward(m_player.trace(), m_player.current())) {
    case PredictSession::Move::Ask: {
        const Question &question = *m_predict.question();
        m_predictPrompt->setText(question.prompt);
        m_predictScore->clear();
        for (int i = 0; i < m_predictChoices.size(); ++i) {
            m_predictChoices[i]->setVisible(i < question.choices.size());
            if (i < question.choices.size())
                m_predictChoices[i]->setText(question.choices.at(i));
        }
        m_predictPanel->show();
        emit statusMessage(tr("Predict: %1").arg(question.prompt));
        return true;
    }
    case PredictSession::Move::Revealed:
        showAnswer();
        return true;
    case PredictSession::Move::Step:
        break;
    }
    return m_player.forward();
}

void ClassForgeView::answer(int choice)
{
    if (m_predict.answer(choice) >= 0)
        showAnswer();
}

void ClassForgeView::showAnswer()
{
    // The question stays, with the answer and the score, until the next move.
    const int step = m_predict.questionStep();
    m_predictScore->setText(m_predict.feedbackAt(step));
    for (QPushButton *button : std::as_const(m_predictChoices))
        button->hide();
    m_player.seek(step);
}

bool ClassForgeView::stepBack()
{
    return m_player.back();
}

void ClassForgeView::reset()
{
    if (m_playTimer.isActive())
        togglePlay();
    m_player.first();
}

void ClassForgeView::togglePlay()
{
    if (m_playTimer.isActive()) {
        m_playTimer.stop();
        m_playAction->setText(tr("&Play"));
    } else if (m_player.count() > 0) {
        if (m_player.current() == m_player.count() - 1)
            m_player.first();
        m_playTimer.start();
        m_playAction->setText(tr("&Pause"));
    }
}

void ClassForgeView::showStep(int index)
{
    const TraceStep *step = m_player.currentStep();
    if (!step) {
        const int lesson = currentLesson();
        // A lesson introduces itself; a program of the learner's own is only named.
        const QString intro = m_own ? tr("<p><b>Your program</b>, %1.</p>")
                                          .arg(ProgramFile::displayName(m_ownPath).toHtmlEscaped())
                              : lesson >= 0 && lesson < m_lessonList.size()
                                  ? QStringLiteral("<p><b>%1.</b> %2</p>")
                                        .arg(m_lessonList.at(lesson).title.toHtmlEscaped(),
                                             m_lessonList.at(lesson).intro.toHtmlEscaped())
                                  : QString();
        m_narration->setText(intro
                             + tr("<p>Press <b>Run</b> (Ctrl+R): CPython runs the program in a "
                                  "separate process and Curtain replays, step by step, how every "
                                  "class and instance was made.</p>"));
        refitOnStage(m_narration);
        m_stepLabel->setText(tr("No trace yet"));
        m_editor->setCurrentLine(0);
    } else {
        QString html = narrationHtml(step->narration);
        QString label = tr("Step %1 of %2 · line %3 · %4")
                            .arg(index + 1)
                            .arg(m_player.count())
                            .arg(step->line)
                            .arg(Narrator::kindName(step->kind));
        if (step->failed()) {
            // A call that raised reads as a failure, in colour and in words.
            const QColor failure = Ink::failure(palette().color(QPalette::Window));
            html = QStringLiteral("<span style='color:%1'>%2</span>").arg(failure.name(), html);
            label += tr(" · failed");
        }
        if (step->kind == Protocol::StepKind::LibraryClasses)
            html += QStringLiteral(" <a href='#library'>%1</a>").arg(tr("Show them"));
        m_narration->setText(html);
        refitOnStage(m_narration);
        m_stepLabel->setText(label);
        // A method of the program's own running now: its def line is the line that runs.
        const int functionLine = step->detail.value(QStringLiteral("function_line")).toInt();
        m_editor->setCurrentLine(functionLine > 0 ? functionLine : step->line);
    }
    m_panels->showStep(m_player, index);
    updateStepControls();
    if (!m_predict.question()) {
        // Feedback belongs to the step it answered: gone once the learner moves on.
        m_predict.moved(index);
        const QString feedback = m_predict.feedbackAt(index);
        if (feedback.isEmpty()) {
            m_predictPrompt->clear();
            m_predictScore->clear();
        }
        m_predictPanel->setVisible(m_predictAction->isChecked() && !feedback.isEmpty());
    }
}

void ClassForgeView::updateStepControls()
{
    const int current = m_player.current();
    const int count = m_player.count();
    for (QAction *action : std::as_const(m_actions)) {
        const QString id = action->objectName();
        if (id == QLatin1String("classforge.first") || id == QLatin1String("classforge.back"))
            action->setEnabled(current > 0);
        else if (id == QLatin1String("classforge.forward")
                 || id == QLatin1String("classforge.last"))
            action->setEnabled(current >= 0 && current < count - 1);
        else if (id == QLatin1String("classforge.play"))
            action->setEnabled(count > 0);
    }
}

bool ClassForgeView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_predictPanel
        && (event->type() == QEvent::Show || event->type() == QEvent::Hide))
        QTimer::singleShot(0, this, &ClassForgeView::fitNarration);
    return QWidget::eventFilter(watched, event);
}

void ClassForgeView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitNarration();
}

void ClassForgeView::fitNarration()
{
    if (!m_rightSplitter || !isVisible())
        return;
    const QList<int> sizes = m_rightSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    const int width = m_narration->width();
    if (total <= 0 || width <= 0)
        return;
    // The longest narration of this trace (the first few hundred steps say every kind there is).
    QTextDocument document;
    document.setDefaultFont(m_narration->font());
    document.setTextWidth(width);
    int need = 0;
    const auto measure = [&](const QString &html) {
        document.setHtml(html);
        need = std::max(need, int(std::ceil(document.size().height())));
    };
    const QList<TraceStep> &steps = m_player.trace().steps;
    for (int i = 0; i < std::min<qsizetype>(steps.size(), 400); ++i)
        measure(narrationHtml(steps.at(i).narration));
    if (steps.isEmpty())
        measure(m_narration->text());
    const int header = m_narration->parentWidget()->height() - m_narration->height();
    // A question of predict mode, when one is asked, under the narration: its whole height.
    const int question
        = m_predictPanel->isVisible()
              ? std::max(m_predictPanel->minimumSizeHint().height(),
                         m_predictPanel->hasHeightForWidth() ? m_predictPanel->heightForWidth(
                             m_predictPanel->parentWidget()->width())
                                                             : m_predictPanel->sizeHint().height())
                    + 8
              : 0;
    // Up to two thirds of the column: the tables below scroll, a sentence cut short does not.
    const int top = std::clamp(need + std::max(header, 0) + question + 8, total / 4, total * 2 / 3);
    m_rightSplitter->setSizes({top, total - top});
}

void ClassForgeView::updateFonts()
{
    const QFont base = Appearance::instance()->fontFor(this);   // the room's zoom, when lent
    QTimer::singleShot(0, this, &ClassForgeView::fitNarration); // once the new fonts are laid out
    m_narration->setFont(scaledFont(base, 1.35));
    m_predictPrompt->setFont(scaledFont(base, 1.2, true));
    findChild<QLabel *>(QStringLiteral("classforge.lessonsTitle"))
        ->setFont(scaledFont(base, 1.1, true));
}

} // namespace ClassForge
