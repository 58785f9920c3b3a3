// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "startupmodule.h"

#include "resultpages.h"
#include "startupview.h"

#include <kit/jsonio.h>
#include <kit/preset.h>
#include <startup/schema.h>

#include <kit/module.h>
#include <kit/paths.h>
#include <startup/ormlab.h>
#include <startup/poolanimation.h>

#include <QDir>
#include <QFileInfo>

namespace Startup {

using namespace Kit;

namespace {

class StartupModule final : public Module
{
public:
    QString id() const override { return QStringLiteral("startup"); }
    QString title() const override { return tr("Startup Sim"); }
    QString summary() const override
    {
        return tr("A startup's video queue, live feed and slow queries");
    }
    QString description() const override
    {
        return tr("“One minute of video must be done in one minute.” Simulate the startup's "
                  "transcoding queue and real-time feed, check the simulation against queueing "
                  "theory, and find out why 5 % of its ORM queries are slow, on a real SQLite "
                  "database.");
    }
    QIcon icon() const override { return QIcon(QStringLiteral(":/icons/startup.svg")); }
    QList<QAction *> actions() override { return sim() ? sim()->actions() : QList<QAction *>(); }
    QVariantMap saveState() const override { return sim() ? sim()->saveState() : m_state; }
    void restoreState(const QVariantMap &state) override
    {
        m_state = state;
        if (sim())
            sim()->restoreState(state);
    }

    void setStaged(bool staged) override
    {
        if (StartupView *view = sim())
            view->setStaged(staged);
    }
    bool stepForward() override { return sim() && sim()->presentStep(true); }
    bool stepBack() override { return sim() && sim()->presentStep(false); }
    std::optional<Kit::StepPosition> stepPosition() const override
    {
        return sim() ? sim()->presentPosition() : std::nullopt;
    }
    QString stepHint(bool forward) const override
    {
        if (sim() && sim()->shownOrmPage())
            return forward ? tr("The plans and why are at their end")
                           : tr("The plans and why are at their start");
        if (!sim() || sim()->currentModel() != QLatin1String("transcoding"))
            return tr("Only the transcoding day plays back: Page Down steps through it (an hour at "
                      "a time, or the deck's step).");
        if (sim()->lastResult().isEmpty())
            return tr("Press Run first: there is no day to play back yet.");
        return forward ? tr("The day is over: the playback is at its end")
                       : tr("The playback is at the start of the day");
    }
    void stepToEnd() override
    {
        if (StartupView *view = sim())
            toEndWhenDone(
                view, &StartupView::finished, view->isRunning(), [view] { view->playbackToEnd(); });
    }
    void pause() override
    {
        if (sim())
            sim()->pausePlayback();
    }
    bool isBusy() const override { return sim() && sim()->isRunning(); }

    QList<PresetProblem> checkPreset(const DemoPreset &preset) const override
    {
        PresetRules rules;
        rules
            .custom(QStringLiteral("scenario"),
                    [&preset](const QString &value) {
                        QString error;
                        return scenarioPath(value, preset.deckDir, &error).isEmpty() ? error
                                                                                     : QString();
                    })
            .custom(QStringLiteral("set"), [](const QString &) { return QString(); })
            .number(QStringLiteral("replications"), 1, 100, true)
            .choice(QStringLiteral("run"),
                    {QStringLiteral("true"), QStringLiteral("sweep"), QStringLiteral("false")})
            .choice(QStringLiteral("speed"),
                    {QStringLiteral("10"), QStringLiteral("60"), QStringLiteral("240")})
            .choice(QStringLiteral("show"), {QStringLiteral("results"), QStringLiteral("sweep")})
            .choice(QStringLiteral("say"), TranscodingPage::sentenceRules(), true)
            .custom(QStringLiteral("step"), [](const QString &value) {
                QString error;
                parseStepPeriod(value, &error);
                return error;
            });
        QList<PresetProblem> problems = rules.check(preset);
        if (!problems.isEmpty())
            return problems;
        QString error;
        QString source;
        const std::optional<QJsonObject> scenario = scenarioOf(preset, &source, &error);
        if (!scenario) {
            int line = preset.entries.isEmpty() ? 0 : preset.entries.first().line;
            for (const PresetEntry &e : preset.entries) {
                if (e.key == QLatin1String("set"))
                    line = e.line;
            }
            problems.append({line, error});
            return problems;
        }
        // `say` picks the transcoding stage's sentences: on any other scenario it would do
        // nothing, which a deck's author should hear of before the talk.
        const QString model = scenario->value(QStringLiteral("model")).toString();
        for (const PresetEntry &e : preset.entries) {
            if (e.key == QLatin1String("say") && model != QLatin1String("transcoding"))
                problems.append({e.line,
                                 tr("say: only a transcoding scenario's stage shows the summary's "
                                    "sentences beside its playback (this is %1): remove the key")
                                     .arg(model)});
        }
        return problems;
    }

    QList<PresetProblem> presentChecked(const DemoPreset &preset) override
    {
        QList<PresetProblem> problems;
        QString error;
        QString source;
        const std::optional<QJsonObject> scenario = scenarioOf(preset, &source, &error);
        auto *view = static_cast<StartupView *>(this->view());
        QStringList say;
        for (const QString &rule :
             preset.value(QStringLiteral("say")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            say.append(rule.trimmed());
        view->setStageSentences(say.isEmpty() ? TranscodingPage::defaultStageRules() : say);
        view->setPresentStep(
            parseStepPeriod(preset.value(QStringLiteral("step"), QStringLiteral("1h")))
                .value_or(60));
        error = view->present(
            *scenario,
            source,
            preset.value(QStringLiteral("replications"), QStringLiteral("1")).toInt(),
            preset.value(QStringLiteral("run"), QStringLiteral("true")),
            preset.value(QStringLiteral("speed"), QStringLiteral("60")).toDouble(),
            preset.value(QStringLiteral("show"), QStringLiteral("results")));
        if (!error.isEmpty())
            problems.append({preset.entries.isEmpty() ? 0 : preset.entries.first().line, error});
        return problems;
    }

protected:
    QWidget *createView() override
    {
        auto *view = new StartupView(OrmLab::dataFolder(),
                                     Paths::dataDir() + QStringLiteral("/scenarios"));
        connect(view, &StartupView::statusMessage, this, &Module::statusMessage);
        view->restoreState(m_state);
        return view;
    }

private:
    /** The file of scenario VALUE: a built-in example's name, or a .json beside the deck. */
    static QString scenarioPath(const QString &value, const QString &deckDir, QString *error)
    {
        QString builtIn
            = Paths::dataDir() + QStringLiteral("/scenarios/") + value + QStringLiteral(".json");
        if (Schema::modelIds().contains(value) && QFileInfo(builtIn).isFile())
            return builtIn;
        QString file = QDir(deckDir).absoluteFilePath(value);
        if (value.endsWith(QLatin1String(".json")) && QFileInfo(file).isFile())
            return file;
        *error = tr("\"%1\" is neither a built-in scenario (%2) nor a .json file beside the deck")
                     .arg(value, Schema::modelIds().join(QStringLiteral(", ")));
        return {};
    }

    /** The preset's scenario with its overrides, checked against the schema. */
    static std::optional<QJsonObject>
    scenarioOf(const DemoPreset &preset, QString *source, QString *error)
    {
        const QString path
            = scenarioPath(preset.value(QStringLiteral("scenario"), QStringLiteral("transcoding")),
                           preset.deckDir,
                           error);
        if (path.isEmpty())
            return std::nullopt;
        *source = path;
        std::optional<QJsonObject> object = JsonIo::readObjectFile(path, error, 1 << 20);
        if (!object)
            return std::nullopt;
        if (!Schema::applyOverrides(*object, preset.value(QStringLiteral("set")), error))
            return std::nullopt;
        if (!Schema::validate(*object, QFileInfo(path).fileName(), error))
            return std::nullopt;
        return object;
    }

    StartupView *sim() const { return static_cast<StartupView *>(viewIfCreated()); }

    QVariantMap m_state;
};

} // namespace

std::unique_ptr<Module> createStartupModule()
{
    return std::make_unique<StartupModule>();
}

} // namespace Startup
