// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Class Forge view offscreen, over the real runner: run a lesson, step, and check every panel.

#include <classforge/classforgeview.h>
#include <classforge/classgraphview.h>
#include <kit/codeeditor.h>
#include <kit/lessons.h>
#include <pyrunner/runnerclient.h>

#include <classforge/narrator.h>
#include <classforge/question.h>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <kit/pagetabs.h>
#include <kit/stage.h>

using namespace ClassForge;
using namespace Kit;

class TestClassForgeView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyRunner::RunnerClient> m_runner;
    std::unique_ptr<ClassForgeView> m_view;

    int lessonRow(const QString &file) const
    {
        const QList<Kit::Lesson> lessons = Kit::loadLessons(QStringLiteral(CURTAIN_LESSONS_DIR));
        for (int i = 0; i < lessons.size(); ++i) {
            if (lessons.at(i).path.endsWith(file))
                return i;
        }
        return -1;
    }

    bool runAndWait()
    {
        QSignalSpy traced(m_view.get(), &ClassForgeView::traced);
        m_view->run();
        return traced.wait(20000);
    }

    int seekTo(const QString &kind, const QString &cls)
    {
        const QList<TraceStep> &steps = m_view->player()->trace().steps;
        for (int i = 0; i < steps.size(); ++i) {
            if (steps.at(i).kindId() == kind && steps.at(i).className == cls) {
                m_view->player()->seek(i);
                return i;
            }
        }
        return -1;
    }

    /** Runs LESSON in predict mode and steps until a question is asked. */
    bool predictUntilAsked(const QString &lesson)
    {
        m_view->openLesson(lessonRow(lesson));
        if (!runAndWait())
            return false;
        m_view->findChild<QAction *>(QStringLiteral("classforge.predict"))->trigger();
        while (!m_view->pendingQuestion()) {
            if (!m_view->stepForward())
                return false;
        }
        return true;
    }

    template<typename T>
    T *child(const char *name) const
    {
        return m_view->findChild<T *>(QString::fromLatin1(name));
    }

private slots:
    void init()
    {
        m_runner = std::make_unique<PyRunner::RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
        m_view = std::make_unique<ClassForgeView>(
            m_runner.get(), Kit::loadLessons(QStringLiteral(CURTAIN_LESSONS_DIR)));
        m_view->resize(1200, 760);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_runner.reset();
    }

    void runFillsEveryPanelAndSteppingUpdatesThem()
    {
        m_view->openLesson(lessonRow(QStringLiteral("04_enforcer.py")));
        QVERIFY(runAndWait());
        TracePlayer *player = m_view->player();
        QVERIFY(player->count() > 40);
        QCOMPARE(player->current(), 0);
        auto *narration = child<QLabel>("classforge.narration");
        auto *nsTable = child<QTableWidget>("classforge.namespace");
        auto *graph = child<ClassGraphView>("classforge.graph");
        auto *mro = child<QTextBrowser>("classforge.mro");
        auto *output = child<QPlainTextEdit>("classforge.output");
        QVERIFY(narration->text().contains(QStringLiteral("class Field")));
        // At the first step the program has printed nothing yet; at the last, everything.
        QVERIFY(!output->toPlainText().contains(QStringLiteral("age")));
        player->last();
        QCOMPARE(output->toPlainText(), QStringLiteral("['age', 'name']\nage is not valid\n"));
        player->first();

        // Forward: the line, the narration and the namespace follow the step.
        const int at = seekTo(QStringLiteral("namespace_set"), QStringLiteral("Person"));
        QVERIFY(at > 0);
        while (player->currentStep()->detail.value(QStringLiteral("name")).toString()
               != QLatin1String("age")) {
            QVERIFY(m_view->stepForward());
        }
        const TraceStep *step = player->currentStep();
        QCOMPARE(m_view->editor()->currentLine(), step->line);
        QVERIFY(narration->text().contains(QStringLiteral("age")));
        QCOMPARE(nsTable->rowCount(), 4); // __module__, __qualname__, name, age
        QCOMPARE(nsTable->item(3, 0)->text(), QStringLiteral("age"));
        QVERIFY(nsTable->item(3, 0)->font().bold()); // the new name stands out
        QVERIFY(!nsTable->item(2, 0)->font().bold());

        // Back: the namespace shrinks again.
        QVERIFY(m_view->stepBack());
        while (player->currentStep()->kind != Protocol::StepKind::NamespaceSet)
            QVERIFY(m_view->stepBack());
        QCOMPARE(nsTable->rowCount(), 3);

        // The class exists: the graph and the MRO show it.
        seekTo(QStringLiteral("class_created"), QStringLiteral("Person"));
        QVERIFY(graph->graph().indexOf(QStringLiteral("Person")) >= 0);
        QVERIFY(graph->graph().indexOf(QStringLiteral("EnforcerMeta")) >= 0);
        QVERIFY(mro->toPlainText().contains(QStringLiteral("Person → Enforcer → object")));
        QVERIFY(mro->toPlainText().contains(QStringLiteral("C3 merges")));
        // On a presenter's stage the merge and its answer, without the paragraph on how C3
        // works (the presenter says it): the answer fits the box.
        const int created = player->current();
        Kit::setStaged(m_view.get(), true);
        player->seek(created - 1);
        player->seek(created);
        QVERIFY(!mro->toPlainText().contains(QStringLiteral("C3 merges")));
        QVERIFY(mro->toPlainText().contains(QStringLiteral("Person → Enforcer → object")));
        Kit::setStaged(m_view.get(), false);
        m_view->player()->last();
        QVERIFY(graph->graph().indexOf(QStringLiteral("Person #1")) >= 0);

        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            seekTo(QStringLiteral("meta_init"), QStringLiteral("Person"));
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/classforge.png"));
            m_view->player()->last();
            child<PageTabs>("classforge.tabs")->setCurrentWidget(graph);
            m_view->grab().save(dir + QStringLiteral("/classforge-graph.png"));
            child<PageTabs>("classforge.tabs")->setCurrentWidget(mro);
            m_view->grab().save(dir + QStringLiteral("/classforge-mro.png"));
        }
    }

    void errorsAreMarkedAtTheirLine()
    {
        m_view->openLesson(lessonRow(QStringLiteral("07_metaclass_conflict.py")));
        QVERIFY(runAndWait());
        QCOMPARE(m_view->editor()->errorLine(), 21);
        m_view->player()->last();
        QVERIFY(
            child<QLabel>("classforge.narration")->text().contains(QStringLiteral("TypeError")));
        QVERIFY(child<QPlainTextEdit>("classforge.output")
                    ->toPlainText()
                    .contains(QStringLiteral("metaclass conflict")));
    }

    void impossibleMroShowsTheConflictingHeads()
    {
        m_view->setSource(QStringLiteral("class A:\n    pass\n\nclass B(A):\n    pass\n\n"
                                         "class C(A, B):\n    pass\n"));
        QVERIFY(runAndWait());
        m_view->player()->last();
        const QString text = child<QTextBrowser>("classforge.mro")->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("No consistent order")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("A, B")));
        QCOMPARE(m_view->player()->trace().errorType(), QStringLiteral("TypeError"));
    }

    void predictModeAsksAndScores()
    {
        QVERIFY(predictUntilAsked(QStringLiteral("03_first_metaclass.py")));
        const Question question = *m_view->pendingQuestion();
        auto *prompt = child<QLabel>("classforge.quizPrompt");
        auto *score = child<QLabel>("classforge.quizScore");
        QCOMPARE(prompt->text(), question.prompt);
        // The answers need no more width than the widest of them (one under the other when
        // the column is narrow): in a row they pushed a stage's right column off the screen.
        auto *choices = child<QWidget>("classforge.quiz.choices");
        int widest = 0;
        for (QPushButton *button : choices->findChildren<QPushButton *>())
            widest = std::max(widest, button->minimumSizeHint().width());
        QVERIFY(choices->minimumSizeHint().width() < widest * 2);
        m_view->answer(question.answer);
        QCOMPARE(m_view->score(), 1);
        QCOMPARE(m_view->asked(), 1);
        QCOMPARE(m_view->player()->current(), question.stepIndex);
        // Answered: the question stays on screen with its answer until the next move.
        QCOMPARE(prompt->text(), question.prompt);
        QVERIFY(prompt->isVisible());
        QVERIFY(score->text().contains(QStringLiteral("Right")));
        QVERIFY(m_view->stepForward() || m_view->pendingQuestion());
        if (!m_view->pendingQuestion()) {
            QVERIFY(score->text().isEmpty()); // stale feedback does not linger
        }
        // The next prediction, answered wrongly, counts too.
        while (!m_view->pendingQuestion())
            QVERIFY(m_view->stepForward());
        m_view->answer((m_view->pendingQuestion()->answer + 1)
                       % int(m_view->pendingQuestion()->choices.size()));
        QCOMPARE(m_view->score(), 1);
        QCOMPARE(m_view->asked(), 2);
    }

    void aPendingQuestionNeverTrapsAClicker()
    {
        QVERIFY(predictUntilAsked(QStringLiteral("03_first_metaclass.py")));
        const Question question = *m_view->pendingQuestion();
        // Page Down again: the answer is revealed, the step is shown, nothing is scored.
        QVERIFY(m_view->stepForward());
        QVERIFY(!m_view->pendingQuestion());
        QCOMPARE(m_view->player()->current(), question.stepIndex);
        QCOMPARE(m_view->asked(), 0);
        QVERIFY(child<QLabel>("classforge.quizScore")
                    ->text()
                    .contains(question.choices.at(question.answer)));
    }

    void predictionsOfferOnlyMetaclassesThatExist()
    {
        // Every metaclass offered as an answer exists before the step it is asked at.
        for (const char *file :
             {"03_first_metaclass.py", "04_enforcer.py", "10_model_metaclass.py"}) {
            m_view->openLesson(lessonRow(QString::fromLatin1(file)));
            QVERIFY(runAndWait());
            const Trace &trace = m_view->player()->trace();
            for (int i = 0; i < trace.steps.size(); ++i) {
                const auto question = Question::forStep(trace, i);
                if (!question || trace.steps.at(i).kind != Protocol::StepKind::DetermineMetaclass)
                    continue;
                for (const QString &choice : question->choices) {
                    if (choice == QLatin1String("type"))
                        continue;
                    bool exists = false;
                    for (int j = 0; j < i; ++j) {
                        exists = exists
                                 || (trace.steps.at(j).kind == Protocol::StepKind::ClassCreated
                                     && trace.steps.at(j).className == choice);
                    }
                    QVERIFY2(exists,
                             qPrintable(QStringLiteral("%1 step %2 offers %3")
                                            .arg(QString::fromLatin1(file))
                                            .arg(i)
                                            .arg(choice)));
                }
            }
        }
    }

    void stepKeysBeforeRunSayPressRun()
    {
        QCOMPARE(m_view->player()->count(), 0);
        QVERIFY(!m_view->stepForward());
        QVERIFY(m_view->stepHint(true).contains(QStringLiteral("Run")));
        QVERIFY(m_view->stepHint(false).contains(QStringLiteral("Run")));
        m_view->openLesson(lessonRow(QStringLiteral("01_person.py")));
        QVERIFY(runAndWait());
        m_view->player()->last();
        QVERIFY(!m_view->stepForward());
        QCOMPARE(m_view->stepHint(true), QStringLiteral("Already at the last step"));
    }

    void stepLabelsUseWords()
    {
        m_view->openLesson(lessonRow(QStringLiteral("04_enforcer.py")));
        QVERIFY(runAndWait());
        const QRegularExpression rawId(QStringLiteral("\\b[a-z]+_[a-z_]+\\b"));
        auto *steps = child<QListWidget>("classforge.steps");
        QVERIFY(steps->count() > 0);
        for (int i = 0; i < steps->count(); ++i) {
            QString text = steps->item(i)->text();
            // Class names and dunder names may hold underscores; the kind must not be an id.
            const QString kind = Narrator::kindName(m_view->player()->trace().steps.at(i).kind);
            QVERIFY2(text.contains(kind), qPrintable(text));
            QVERIFY2(!rawId.match(kind).hasMatch(), qPrintable(kind));
        }
        seekTo(QStringLiteral("namespace_set"), QStringLiteral("Person"));
        const QString label = child<QLabel>("classforge.stepLabel")->text();
        QVERIFY2(!label.contains(QStringLiteral("namespace_set")), qPrintable(label));
    }

    void switchingLessonsClearsOutputAndAsksBeforeDiscardingEdits()
    {
        m_view->openLesson(lessonRow(QStringLiteral("01_person.py")));
        QVERIFY(runAndWait());
        QVERIFY(!m_view->outputText().isEmpty());
        QVERIFY(m_view->openLesson(lessonRow(QStringLiteral("02_type_call.py"))));
        QVERIFY(m_view->outputText().isEmpty()); // the output belonged to the other lesson

        m_view->editor()->appendPlainText(QStringLiteral("print('mine')"));
        QStringList asked;
        bool discard = false;
        m_view->setConfirmDiscard([&](const QString &lesson) {
            asked.append(lesson);
            return discard;
        });
        const int typeCall = lessonRow(QStringLiteral("02_type_call.py"));
        // Kept: the edits and the lesson stay, and the list points at it still.
        QVERIFY(!m_view->openLesson(lessonRow(QStringLiteral("03_first_metaclass.py"))));
        QCOMPARE(asked.size(), 1);
        QVERIFY(m_view->source().contains(QStringLiteral("print('mine')")));
        QCOMPARE(m_view->currentLesson(), typeCall);
        // The list itself asks too.
        child<QComboBox>("classforge.lessons")->setCurrentIndex(0);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(m_view->currentLesson(), typeCall);
        // Discarded: the new lesson opens.
        discard = true;
        QVERIFY(m_view->openLesson(lessonRow(QStringLiteral("03_first_metaclass.py"))));
        QVERIFY(!m_view->source().contains(QStringLiteral("print('mine')")));
    }

    void aProgramOfYourOwnIsYoursNotTheLastLessons()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_view->setConfirmDiscard([](const QString &) { return true; });
        m_view->openLesson(lessonRow(QStringLiteral("04_enforcer.py")));
        QVERIFY(runAndWait());
        // Open a file of one's own: it is named as yours, the lesson's text is gone.
        const QString path = dir.filePath(QStringLiteral("shapes.py"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("class Shape:\n    sides = 0\n\nraise ValueError('mine')\n");
        file.close();
        QVERIFY(m_view->openProgram(path));
        QVERIFY(m_view->isOwnProgram());
        QCOMPARE(m_view->currentLesson(), -1);
        auto *lessons = child<QComboBox>("classforge.lessons");
        QCOMPARE(lessons->currentIndex(), -1);
        QVERIFY(lessons->placeholderText().contains(QStringLiteral("shapes.py")));
        const QString intro = child<QLabel>("classforge.narration")->text();
        QVERIFY2(intro.contains(QStringLiteral("Your program")), qPrintable(intro));
        QVERIFY2(!intro.contains(
                     m_view->lessons().at(lessonRow(QStringLiteral("04_enforcer.py"))).title),
                 qPrintable(intro));
        QVERIFY(m_view->outputText().isEmpty()); // the lesson's output was the lesson's
        // Its traceback names its own file, as python3 would.
        QVERIFY(runAndWait());
        m_view->player()->last();
        QVERIFY2(m_view->outputText().contains(QStringLiteral("shapes.py")),
                 qPrintable(m_view->outputText()));
        QVERIFY(!m_view->outputText().contains(QStringLiteral("04_enforcer.py")));

        // Save As writes it atomically where the learner says; Save writes it there again.
        QString chosen = dir.filePath(QStringLiteral("copy.py"));
        m_view->setFileChooser([&](bool save, const QString &) { return save ? chosen : path; });
        m_view->editor()->appendPlainText(QStringLiteral("# edited"));
        QVERIFY(m_view->saveProgram(chosen));
        QFile saved(chosen);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("# edited"));
        QCOMPARE(m_view->programPath(), chosen);
        QVERIFY(!m_view->editor()->document()->isModified());

        // A file that cannot be read is named, and nothing on screen is lost.
        QString error;
        QVERIFY(!m_view->openProgram(dir.filePath(QStringLiteral("missing.py")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing.py")), qPrintable(error));
        QCOMPARE(m_view->programPath(), chosen);

        // A new program is yours too; a lesson afterwards is the lesson again.
        m_view->newProgram();
        QVERIFY(m_view->isOwnProgram());
        QVERIFY(m_view->programPath().isEmpty());
        QVERIFY(m_view->openLesson(lessonRow(QStringLiteral("01_person.py"))));
        QVERIFY(!m_view->isOwnProgram());
        m_view->setFileChooser({});
        m_view->setConfirmDiscard({});
    }

    void tracebacksQuoteTheCodeOnScreen()
    {
        m_view->openLesson(lessonRow(QStringLiteral("01_person.py")));
        m_view->setSource(QStringLiteral("x = 1\nraise ValueError('edited ' + str(x))\n"));
        QVERIFY(runAndWait());
        const QString output = m_view->outputText();
        QVERIFY2(output.contains(QStringLiteral("01_person.py\", line 2")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("raise ValueError('edited ' + str(x))")),
                 qPrintable(output));
        QVERIFY2(!output.contains(QLatin1Char('/')), qPrintable(output)); // no install path
    }

    void theNamespaceShowsWhatTheMetaclassDid()
    {
        m_view->openLesson(lessonRow(QStringLiteral("10_model_metaclass.py")));
        QVERIFY(runAndWait());
        auto *table = child<QTableWidget>("classforge.namespace");
        const auto row = [&](const QString &name) {
            for (int r = 0; r < table->rowCount(); ++r) {
                if (table->item(r, 0)->text() == name)
                    return r;
            }
            return -1;
        };
        // Before the metaclass runs, the body's Fields are in the namespace.
        seekTo(QStringLiteral("call_metaclass"), QStringLiteral("Article"));
        QVERIFY(row(QStringLiteral("title")) >= 0);
        QCOMPARE(row(QStringLiteral("_meta")), -1);
        QCOMPARE(table->item(row(QStringLiteral("title")), 2)->text(),
                 QStringLiteral("class body"));
        // Once the class exists: the Fields were not kept, and _meta was set by the metaclass.
        seekTo(QStringLiteral("class_created"), QStringLiteral("Article"));
        QVERIFY(row(QStringLiteral("_meta")) >= 0);
        QVERIFY(table->item(row(QStringLiteral("_meta")), 1)
                    ->text()
                    .contains(QStringLiteral("article")));
        QCOMPARE(table->item(row(QStringLiteral("_meta")), 2)->text(),
                 QStringLiteral("ModelBase.__new__"));
        QCOMPARE(table->item(row(QStringLiteral("title")), 2)->text(),
                 QStringLiteral("gone: ModelBase.__new__"));
        QVERIFY(table->item(row(QStringLiteral("title")), 0)->font().strikeOut());
    }

    void aShortNamespaceShowsTheEntryTheWordsName()
    {
        // A table too short for every row (a presenter's stage): at a step that adds nothing,
        // the entry the narration names in `quotes` is in sight.
        m_view->openLesson(lessonRow(QStringLiteral("04_enforcer.py")));
        QVERIFY(runAndWait());
        auto *table = child<QTableWidget>("classforge.namespace");
        table->setFixedHeight(table->horizontalHeader()->height() + 2 * table->frameWidth()
                              + table->fontMetrics().height() * 2);
        static const QRegularExpression quoted(QStringLiteral("`([^`]+)`"));
        int checked = 0;
        for (int i = 0; i < m_view->player()->count() && i < 300; ++i) {
            m_view->player()->seek(i);
            QCoreApplication::processEvents();
            const QString narration = m_view->player()->currentStep()->narration;
            bool anyNew = false;
            for (int r = 0; r < table->rowCount(); ++r)
                anyNew = anyNew || table->item(r, 0)->font().bold();
            if (anyNew || table->rowCount() < 3)
                continue;
            for (auto it = quoted.globalMatch(narration); it.hasNext();) {
                const QString named = it.next().captured(1);
                int row = -1;
                for (int r = 0; r < table->rowCount() && row < 0; ++r)
                    row = table->item(r, 0)->text() == named ? r : -1;
                if (row < 0)
                    continue;
                const QRect shown = table->visualItemRect(table->item(row, 0));
                QVERIFY2(
                    shown.intersects(table->viewport()->rect()),
                    qPrintable(QStringLiteral("step %1: %2 not in sight").arg(i + 1).arg(named)));
                ++checked;
                break;
            }
        }
        QVERIFY(checked > 0);
        table->setMinimumHeight(0);
        table->setMaximumHeight(QWIDGETSIZE_MAX);
    }

    void theRunningMethodsLineIsHighlighted()
    {
        m_view->openLesson(lessonRow(QStringLiteral("04_enforcer.py")));
        QVERIFY(runAndWait());
        const int at = seekTo(QStringLiteral("meta_init"), QStringLiteral("Person"));
        QVERIFY(at >= 0);
        const TraceStep *step = m_view->player()->currentStep();
        const int functionLine = step->detail.value(QStringLiteral("function_line")).toInt();
        QVERIFY2(functionLine > 0, "EnforcerMeta.__init__ is the learner's: its line is known");
        QCOMPARE(m_view->editor()->currentLine(), functionLine);
        QVERIFY(m_view->source()
                    .split(QLatin1Char('\n'))
                    .at(functionLine - 1)
                    .contains(QStringLiteral("def __init__")));
    }

    void playAdvancesByItself()
    {
        m_view->openLesson(lessonRow(QStringLiteral("01_person.py")));
        QVERIFY(runAndWait());
        auto *play = m_view->findChild<QAction *>(QStringLiteral("classforge.play"));
        play->trigger();
        QVERIFY(m_view->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->current() >= 2, 5000);
        play->trigger();
        QVERIFY(!m_view->isPlaying());
    }

    void editingClearsTheMarks()
    {
        m_view->openLesson(lessonRow(QStringLiteral("05_import_time_bug.py")));
        QVERIFY(runAndWait());
        QVERIFY(m_view->editor()->errorLine() > 0);
        m_view->editor()->appendPlainText(QStringLiteral("# edited"));
        QCOMPARE(m_view->editor()->errorLine(), 0);
    }
};

QTEST_MAIN(TestClassForgeView)
#include "tst_classforgeview.moc"
