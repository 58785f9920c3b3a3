// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pythonpage.h"

#include <kit/adaptiverow.h>
#include <kit/codeeditor.h>
#include <kit/lessons.h>
#include <kit/programdialogs.h>
#include <kit/programfile.h>
#include <pyrunner/runnerclient.h>
#include <pyrunner/runrequest.h>
#include <pyrunner/runresult.h>
#include <scheduler/measurecommand.h>
#include <scheduler/pythonnarration.h>

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace Scheduler {

using namespace Kit;

PythonPage::PythonPage(QString runnerPath, QString lessonsDir, QWidget *parent)
    : QWidget(parent)
    , m_runnerPath(std::move(runnerPath))
    , m_lessonsDir(std::move(lessonsDir))
{
    setObjectName(QStringLiteral("scheduler.python"));
    auto *column = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *lessonLabel = new QLabel(tr("Program:"), this);
    top->addWidget(lessonLabel);
    m_lessons = new QComboBox(this);
    m_lessons->setObjectName(QStringLiteral("scheduler.python.lesson"));
    m_lessons->setAccessibleName(tr("Python program"));
    lessonLabel->setBuddy(m_lessons);
    QStringList errors;
    for (const Kit::Lesson &lesson : Kit::loadLessons(m_lessonsDir, &errors)) {
        m_lessons->addItem(lesson.title);
        m_paths.append(lesson.path);
    }
    // Narrow enough for 200 % on a projector: the titles are elided rather than widen the page.
    m_lessons->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_lessons->setMinimumContentsLength(12);
    top->addWidget(m_lessons, 1);
    // A program of one's own: opened from a file, saved (atomically) to one.
    m_openButton = new QPushButton(tr("Open…"), this);
    m_openButton->setObjectName(QStringLiteral("scheduler.python.open"));
    m_openButton->setToolTip(tr("Open a Python program of your own"));
    top->addWidget(m_openButton);
    m_saveButton = new QPushButton(tr("Save…"), this);
    m_saveButton->setObjectName(QStringLiteral("scheduler.python.save"));
    m_saveButton->setToolTip(tr("Save the program in the editor to a file of your own"));
    top->addWidget(m_saveButton);
    // Side by side when there is room, one under the other when not (200 % on a projector).
    auto *buttons = new AdaptiveRow(11, this);
    m_run = new QPushButton(tr("Run in CPython"), this);
    m_run->setObjectName(QStringLiteral("scheduler.python.run"));
    m_run->setToolTip(tr("Runs the program in the real CPython and records its threads and the GIL "
                         "(Ctrl+Shift+R)"));
    m_run->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    buttons->addWidget(m_run);
    m_besideButton = new QPushButton(tr("Run the model beside it"), this);
    m_besideButton->setObjectName(QStringLiteral("scheduler.python.beside"));
    m_besideButton->setToolTip(tr("Runs Scheduler Lab's own model of this program (C++ workers "
                                  "following CPython's rules) and draws it under the program's "
                                  "run, on one time axis"));
    m_besideButton->setEnabled(false);
    buttons->addWidget(m_besideButton);
    m_compareButton = new QPushButton(tr("Compare 1…N workers"), this);
    m_compareButton->setObjectName(QStringLiteral("scheduler.python.compare"));
    m_compareButton->setToolTip(tr("Runs the program with each number of workers the lesson "
                                   "names, several times, and charts the speed-up in Compare"));
    m_compareButton->setEnabled(false);
    buttons->addWidget(m_compareButton);
    column->addLayout(top);
    column->addWidget(buttons);
    auto *split = new QSplitter(Qt::Vertical, this);
    // The lesson's introduction scrolls when a large zoom leaves it little room.
    auto *introScroll = new QScrollArea(split);
    introScroll->setWidgetResizable(true);
    introScroll->setFrameShape(QFrame::NoFrame);
    introScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_intro = new QLabel;
    m_intro->setObjectName(QStringLiteral("scheduler.python.intro"));
    m_intro->setWordWrap(true);
    m_intro->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    introScroll->setWidget(m_intro);
    m_editor = new CodeEditor(split);
    m_editor->setObjectName(QStringLiteral("scheduler.python.editor"));
    m_editor->setAccessibleName(tr("Python code"));
    m_output = new QPlainTextEdit(split);
    m_output->setObjectName(QStringLiteral("scheduler.python.output"));
    m_output->setAccessibleName(tr("Program output"));
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("What the program prints appears here."));
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    // The introduction two lines (it scrolls; the program's opening comment says it again), the
    // output three: the program gets the rest (at 200 % on a laptop, a dozen lines and more).
    split->setSizes(
        {fontMetrics().height() * 2, fontMetrics().height() * 30, fontMetrics().height() * 3});
    column->addWidget(split, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("scheduler.python.status"));
    m_status->setWordWrap(true);
    column->addWidget(m_status);

    connect(
        m_lessons, &QComboBox::currentIndexChanged, this, qOverload<int>(&PythonPage::openLesson));
    connect(m_run, &QPushButton::clicked, this, &PythonPage::trace);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString path = chooseFile(false);
        QString error;
        if (!path.isEmpty() && !openProgram(path, &error))
            m_status->setText(error);
    });
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const QString path = chooseFile(true);
        QString error;
        if (!path.isEmpty() && !saveProgram(path, &error))
            m_status->setText(error);
    });
    connect(m_besideButton, &QPushButton::clicked, this, &PythonPage::runBeside);
    connect(m_compareButton, &QPushButton::clicked, this, &PythonPage::compareRequested);
    if (m_runnerPath.isEmpty()) {
        m_run->setEnabled(false);
        m_status->setText(tr("curtain-runner, which runs Python for Curtain, was not found: "
                             "reinstall Curtain."));
    } else {
        m_runner = new PyRunner::RunnerClient(m_runnerPath, this);
        connect(m_runner, &PyRunner::RunnerClient::finished, this, &PythonPage::onFinished);
    }
    if (!m_paths.isEmpty())
        openLesson(0);
    else if (!errors.isEmpty())
        m_status->setText(errors.join(QLatin1Char('\n')));
}

PythonPage::~PythonPage() = default;

void PythonPage::openLesson(int row)
{
    if (row < 0 || row >= m_paths.size())
        return;
    QString error;
    const std::optional<Kit::Lesson> lesson = Kit::Lesson::load(m_paths.at(row), &error);
    if (!lesson) {
        m_status->setText(error);
        return;
    }
    if (m_lessons->currentIndex() != row)
        m_lessons->setCurrentIndex(row);
    m_own = false;
    m_ownPath.clear();
    showProgram(
        QString::fromUtf8(lesson->source), lesson->intro, QFileInfo(lesson->path).fileName());
}

void PythonPage::showProgram(const QString &source, QString intro, const QString &file)
{
    // "# Beside it in Scheduler Lab: --model gil ...": the model run to compare it with;
    // "# Beside it in Your Python: 08_x.py": another lesson, the same program changed.
    static const QString marker = QStringLiteral("Beside it in Scheduler Lab:");
    static const QString lessonMarker = QStringLiteral("Beside it in Your Python:");
    m_besideLesson.clear();
    static const QRegularExpression comparePattern(
        QStringLiteral("Compare in Scheduler Lab: ([A-Z_]+) (\\d+) to (\\d+)"));
    m_beside.reset();
    m_compareVariable.clear();
    if (const QRegularExpressionMatch m = comparePattern.match(source);
        m.hasMatch() && m.captured(2).toInt() >= 1 && m.captured(3).toInt() > m.captured(2).toInt()
        && m.captured(3).toInt() <= 16) {
        m_compareVariable = m.captured(1);
        m_compareFrom = m.captured(2).toInt();
        m_compareTo = m.captured(3).toInt();
        intro.remove(m.captured(0));
    }
    m_compareButton->setEnabled(!m_compareVariable.isEmpty() && m_runner);
    m_compareButton->setText(m_compareVariable.isEmpty()
                                 ? tr("Compare 1…N workers")
                                 : tr("Compare %1…%2 workers").arg(m_compareFrom).arg(m_compareTo));
    for (const QString &line : source.split(QLatin1Char('\n'))) {
        if (const qsizetype at = line.indexOf(lessonMarker);
            line.startsWith(QLatin1Char('#')) && at >= 0) {
            const QString file = line.mid(at + lessonMarker.size()).trimmed();
            intro.remove(lessonMarker + QLatin1Char(' ') + file);
            if (std::any_of(m_paths.cbegin(), m_paths.cend(), [&](const QString &path) {
                    return QFileInfo(path).fileName() == file;
                }))
                m_besideLesson = file;
        }
        const qsizetype at = line.indexOf(marker);
        if (!line.startsWith(QLatin1Char('#')) || at < 0)
            continue;
        const QString arguments = line.mid(at + marker.size()).trimmed();
        intro.remove(marker + QLatin1Char(' ') + arguments);
        MeasureOptions options;
        bool baseline = false;
        QString tracePath;
        if (parseMeasureArguments(arguments.split(QLatin1Char(' '), Qt::SkipEmptyParts),
                                  &options,
                                  &baseline,
                                  &tracePath)
                .isEmpty())
            m_beside = options;
    }
    m_intro->setText(intro.trimmed());
    m_besideButton->setEnabled(false); // once the program has run
    m_besideButton->setText(m_besideLesson.isEmpty() ? tr("Run the model beside it")
                                                     : tr("Run %1 beside it").arg(m_besideLesson));
    m_besideButton->setToolTip(
        m_besideLesson.isEmpty()
            ? tr("Runs Scheduler Lab's own model of this program (C++ workers following "
                 "CPython's rules) and draws it under the program's run, on one time axis")
            : tr("Runs the lesson %1 in CPython too and draws it under this program's run, on "
                 "one time axis")
                  .arg(m_besideLesson));
    m_editor->setPlainText(source);
    m_editor->document()->setModified(false);
    m_file = file;
    m_output->clear();
}

bool PythonPage::openProgram(const QString &path, QString *error)
{
    QString problem;
    const std::optional<QByteArray> source = ProgramFile::read(path, &problem);
    if (!source) {
        if (error)
            *error = problem;
        return false;
    }
    m_own = true;
    m_ownPath = path;
    {
        const QSignalBlocker block(m_lessons);
        m_lessons->setPlaceholderText(tr("Your program: %1").arg(ProgramFile::displayName(path)));
        m_lessons->setCurrentIndex(-1);
    }
    // A program of one's own is only named: no lesson's text beside it.
    showProgram(QString::fromUtf8(*source),
                tr("Your program, %1.").arg(ProgramFile::displayName(path)),
                ProgramFile::displayName(path));
    m_status->setText(tr("Opened %1. Run it in CPython to record its threads.").arg(path));
    return true;
}

bool PythonPage::saveProgram(const QString &path, QString *error)
{
    if (!ProgramFile::write(path, m_editor->toPlainText().toUtf8(), error))
        return false;
    m_own = true;
    m_ownPath = path;
    m_file = ProgramFile::displayName(path);
    {
        const QSignalBlocker block(m_lessons);
        m_lessons->setPlaceholderText(tr("Your program: %1").arg(m_file));
        m_lessons->setCurrentIndex(-1);
    }
    m_intro->setText(tr("Your program, %1.").arg(m_file));
    m_editor->document()->setModified(false);
    m_status->setText(tr("Saved %1").arg(path));
    return true;
}

void PythonPage::setFileChooser(std::function<QString(bool, const QString &)> chooser)
{
    m_chooseFile = std::move(chooser);
}

QString PythonPage::chooseFile(bool save)
{
    const QString suggested = !m_ownPath.isEmpty() ? m_ownPath : QDir::home().filePath(m_file);
    return m_chooseFile ? m_chooseFile(save, suggested) : chooseProgramFile(this, save, suggested);
}

bool PythonPage::openLesson(const QString &file)
{
    for (int row = 0; row < m_paths.size(); ++row) {
        if (QFileInfo(m_paths.at(row)).fileName() == file) {
            openLesson(row);
            return true;
        }
    }
    return false;
}

PyRunner::RunRequest PythonPage::programRequest()
{
    PyRunner::RunRequest request;
    request.source = m_editor->toPlainText().toUtf8();
    request.filename = savedProgram(request.source);
    request.mode = Protocol::Mode::Threads;
    return request;
}

QString PythonPage::savedProgram(const QByteArray &source)
{
    // On disk under its own name, as python3 would run it: a process multiprocessing spawns
    // imports the program from its file.
    if (m_dir.isValid()) {
        QSaveFile file(m_dir.filePath(m_file));
        if (file.open(QIODevice::WriteOnly) && file.write(source) == source.size() && file.commit())
            return file.fileName();
    }
    return m_file;
}

QString PythonPage::source() const
{
    return m_editor->toPlainText();
}

QString PythonPage::output() const
{
    return m_output->toPlainText();
}

void PythonPage::trace()
{
    if (!m_runner || m_pending)
        return;
    PyRunner::RunRequest request = programRequest();
    request.timeoutMs = 10000;
    m_editor->setErrorLine(0);
    m_pending = m_runner->run(request);
    m_run->setEnabled(false);
    m_status->setText(tr("Running %1 in CPython, recording its threads…").arg(m_file));
    emit statusMessage(m_status->text());
}

void PythonPage::onFinished(int id, const PyRunner::RunResult &result)
{
    if (id != 0 && id == m_comparing) {
        onCompared(result);
        return;
    }
    if (id != 0 && id == m_besidePending) {
        onBesideFinished(result);
        return;
    }
    if (id != m_pending)
        return;
    m_pending = 0;
    m_run->setEnabled(true);
    m_output->setPlainText(result.stdoutText + result.stderrText);
    QString problem;
    if (result.error) {
        const int line = result.error->value(QStringLiteral("line")).toInt();
        const QString message = result.errorType() + QStringLiteral(": ")
                                + result.error->value(QStringLiteral("message")).toString();
        m_editor->setErrorLine(line, message);
        problem = line > 0 ? tr("The program stopped at line %1 with %2.").arg(line).arg(message)
                           : tr("The program stopped: %1.").arg(message);
        // A lesson whose library is missing: which package brings it.
        const QString advice = missingLibraryAdvice(
            result.errorType(), result.error->value(QStringLiteral("message")).toString());
        if (!advice.isEmpty())
            problem += QLatin1Char(' ') + advice;
    }
    QString error;
    std::optional<PythonTrace> threads = PythonTrace::fromRunner(result, &error);
    if (!threads) {
        m_status->setText(problem.isEmpty() ? error : problem);
        emit statusMessage(m_status->text());
        return;
    }
    threads->run.program = m_own ? tr("your program %1 in CPython %2").arg(m_file, result.python)
                                 : tr("%1 in CPython %2").arg(m_file, result.python);
    QString text = runSummary(*threads) + QLatin1Char(' ') + tr("See the Timeline.");
    if (threads->capped)
        text += QLatin1Char(' ')
                + tr("The recording stopped at its limit of %1 state changes; the program ran on.")
                      .arg(threads->maxChanges);
    for (const QString &note : threads->notes)
        text += QLatin1Char(' ') + note;
    if (!problem.isEmpty())
        text = problem + QLatin1Char(' ') + text;
    m_status->setText(text);
    emit statusMessage(text);
    m_besideButton->setEnabled(m_beside.has_value() || !m_besideLesson.isEmpty());
    emit traced(*threads);
}

QList<int> PythonPage::compareCounts() const
{
    QList<int> counts;
    for (int n = m_compareFrom; !m_compareVariable.isEmpty() && n <= m_compareTo; ++n)
        counts.append(n);
    return counts;
}

void PythonPage::compare(int repetitions)
{
    if (!m_runner || m_pending || m_comparing || m_compareVariable.isEmpty())
        return;
    // Repetitions go round the whole set, so a passing disturbance spreads over every point.
    m_compareQueue.clear();
    for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
        for (const int n : compareCounts())
            m_compareQueue.append({n, rep});
    }
    m_run->setEnabled(false);
    m_compareButton->setEnabled(false);
    runNextCompare();
}

void PythonPage::runNextCompare()
{
    if (m_compareQueue.isEmpty()) {
        m_comparing = 0;
        m_run->setEnabled(true);
        m_compareButton->setEnabled(true);
        m_status->setText(tr("Compared: see the Compare tab."));
        emit compareDone(false);
        return;
    }
    const auto [workers, repetition] = m_compareQueue.takeFirst();
    PyRunner::RunRequest request = programRequest();
    request.timeoutMs = 30000;
    request.env.insert(m_compareVariable, QString::number(workers));
    m_comparing = m_runner->run(request);
    m_compareWorkers = workers;
    m_status->setText(tr("Comparing: %1 = %2 (round %3)…")
                          .arg(m_compareVariable)
                          .arg(workers)
                          .arg(repetition + 1));
}

void PythonPage::onCompared(const PyRunner::RunResult &result)
{
    QString error;
    const std::optional<PythonTrace> threads = PythonTrace::fromRunner(result, &error);
    if (result.error || !threads) {
        m_compareQueue.clear();
        m_comparing = 0;
        m_run->setEnabled(true);
        m_compareButton->setEnabled(true);
        m_status->setText(tr("Compare stopped: %1")
                              .arg(result.error
                                       ? result.error->value(QStringLiteral("message")).toString()
                                       : error));
        emit compareDone(true);
        return;
    }
    // Only its wall time is charted: the run's lanes are not kept.
    RunRecord run = threads->run;
    run.program
        = m_own ? tr("your program %1 in CPython").arg(m_file) : tr("%1 in CPython").arg(m_file);
    run.options.workers = m_compareWorkers;
    run.events.clear();
    run.laneNames.clear();
    run.laneProcess.clear();
    run.laneThread.clear();
    run.processes.clear();
    emit compared(run);
    runNextCompare();
}

void PythonPage::runBeside()
{
    if (m_besideLesson.isEmpty()) {
        if (m_beside)
            emit besideRequested(*m_beside);
        return;
    }
    if (!m_runner || m_besidePending)
        return;
    for (const QString &path : std::as_const(m_paths)) {
        if (QFileInfo(path).fileName() != m_besideLesson)
            continue;
        QString error;
        const std::optional<Kit::Lesson> lesson = Kit::Lesson::load(path, &error);
        if (!lesson) {
            m_status->setText(error);
            return;
        }
        PyRunner::RunRequest request;
        request.source = lesson->source;
        request.filename = path;
        request.mode = Protocol::Mode::Threads;
        request.timeoutMs = 10000;
        m_besidePending = m_runner->run(request);
        m_besideButton->setEnabled(false);
        m_status->setText(tr("Running %1 in CPython beside it…").arg(m_besideLesson));
        return;
    }
}

void PythonPage::onBesideFinished(const PyRunner::RunResult &result)
{
    m_besidePending = 0;
    m_besideButton->setEnabled(true);
    QString error;
    std::optional<PythonTrace> threads = PythonTrace::fromRunner(result, &error);
    if (!threads) {
        const QString advice
            = result.error ? missingLibraryAdvice(
                  result.errorType(), result.error->value(QStringLiteral("message")).toString())
                           : QString();
        m_status->setText(
            tr("%1 did not run: %2")
                .arg(m_besideLesson,
                     advice.isEmpty()
                         ? (result.error ? result.error->value(QStringLiteral("message")).toString()
                                         : error)
                         : advice));
        return;
    }
    threads->run.program = tr("%1 in CPython %2").arg(m_besideLesson, result.python);
    m_status->setText(tr("%1 beside it: %2").arg(m_besideLesson, runSummary(*threads)));
    emit besideTraced(*threads);
}

} // namespace Scheduler
