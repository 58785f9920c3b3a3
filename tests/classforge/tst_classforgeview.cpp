// The Class Forge view offscreen, over the real runner: run a lesson, step, and check every panel.

#include <classforgeview.h>
#include <classgraphview.h>
#include <codeeditor.h>
#include <lessons.h>
#include <runnerclient.h>

#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

class TestClassForgeView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RunnerClient> m_runner;
    std::unique_ptr<ClassForgeView> m_view;

    int lessonRow(const QString &file) const
    {
        const QList<Lesson> lessons = loadLessons(QStringLiteral(CURTAIN_LESSONS_DIR));
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
            if (steps.at(i).kind == kind && steps.at(i).className == cls) {
                m_view->player()->seek(i);
                return i;
            }
        }
        return -1;
    }

    template<typename T>
    T *child(const char *name) const
    {
        return m_view->findChild<T *>(QString::fromLatin1(name));
    }

private slots:
    void init()
    {
        m_runner = std::make_unique<RunnerClient>(QStringLiteral(CURTAIN_RUNNER));
        m_view = std::make_unique<ClassForgeView>(m_runner.get(),
                                                  loadLessons(QStringLiteral(CURTAIN_LESSONS_DIR)));
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
        QCOMPARE(output->toPlainText(), QStringLiteral("['age', 'name']\nage is not valid\n"));

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
        while (player->currentStep()->kind != QLatin1String("namespace_set"))
            QVERIFY(m_view->stepBack());
        QCOMPARE(nsTable->rowCount(), 3);

        // The class exists: the graph and the MRO show it.
        seekTo(QStringLiteral("class_created"), QStringLiteral("Person"));
        QVERIFY(graph->graph().indexOf(QStringLiteral("Person")) >= 0);
        QVERIFY(graph->graph().indexOf(QStringLiteral("EnforcerMeta")) >= 0);
        QVERIFY(mro->toPlainText().contains(QStringLiteral("Person → Enforcer → object")));
        m_view->player()->last();
        QVERIFY(graph->graph().indexOf(QStringLiteral("Person #1")) >= 0);

        if (qEnvironmentVariableIsSet("CURTAIN_SCREENSHOT_DIR")) {
            seekTo(QStringLiteral("meta_init"), QStringLiteral("Person"));
            const QString dir = qEnvironmentVariable("CURTAIN_SCREENSHOT_DIR");
            m_view->grab().save(dir + QStringLiteral("/classforge.png"));
            m_view->player()->last();
            child<QTabWidget>("classforge.tabs")->setCurrentWidget(graph);
            m_view->grab().save(dir + QStringLiteral("/classforge-graph.png"));
            child<QTabWidget>("classforge.tabs")->setCurrentWidget(mro);
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
        m_view->openLesson(lessonRow(QStringLiteral("03_first_metaclass.py")));
        QVERIFY(runAndWait());
        m_view->findChild<QAction *>(QStringLiteral("classforge.predict"))->trigger();
        while (!m_view->pendingQuestion())
            QVERIFY(m_view->stepForward());
        const Question question = *m_view->pendingQuestion();
        const int before = m_view->player()->current();
        QVERIFY(!m_view->stepForward()); // no peeking: answer first
        QCOMPARE(m_view->player()->current(), before);
        m_view->answer(question.answer);
        QCOMPARE(m_view->score(), 1);
        QCOMPARE(m_view->asked(), 1);
        QCOMPARE(m_view->player()->current(), question.stepIndex);
        // The next prediction, answered wrongly, counts too.
        while (!m_view->pendingQuestion())
            QVERIFY(m_view->stepForward());
        m_view->answer((m_view->pendingQuestion()->answer + 1)
                       % int(m_view->pendingQuestion()->choices.size()));
        QCOMPARE(m_view->score(), 1);
        QCOMPARE(m_view->asked(), 2);
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
