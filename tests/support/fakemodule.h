// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <kit/module.h>

#include <QAction>
#include <QLabel>

#include <algorithm>

/** A module for tests: counts views created and steps taken, keeps a counter as its state. */
class FakeModule final : public Kit::Module
{
    Q_OBJECT

public:
    explicit FakeModule(QString id, QString title = QStringLiteral("Fake"))
        : m_id(std::move(id))
        , m_title(std::move(title))
    {}

    QString id() const override { return m_id; }
    QString title() const override { return m_title; }
    QString summary() const override { return QStringLiteral("A module for tests"); }
    QIcon icon() const override { return {}; }

    QList<QAction *> actions() override
    {
        if (!m_action) {
            m_action = new QAction(QStringLiteral("Poke"), this);
            m_action->setObjectName(m_id + QStringLiteral(".poke"));
        }
        return {m_action};
    }

    QVariantMap saveState() const override { return {{QStringLiteral("steps"), steps}}; }
    void restoreState(const QVariantMap &state) override
    {
        steps = state.value(QStringLiteral("steps")).toInt();
    }
    bool stepForward() override
    {
        if (maxSteps >= 0 && steps >= maxSteps)
            return false;
        ++steps;
        return true;
    }
    bool stepBack() override
    {
        if (steps == 0)
            return false;
        --steps;
        return true;
    }
    void reset() override { steps = 0; }
    void stepToEnd() override { steps = std::max(maxSteps, 0); }
    std::optional<Kit::StepPosition> stepPosition() const override
    {
        if (!saysPosition || maxSteps < 0)
            return std::nullopt;
        return Kit::StepPosition{steps, maxSteps};
    }
    void pause() override { ++pauses; }
    QList<Kit::PresetProblem> checkPreset(const Kit::DemoPreset &preset) const override
    {
        QList<Kit::PresetProblem> problems;
        for (const Kit::PresetEntry &e : preset.entries) {
            if (e.key == QLatin1String("bad"))
                problems.append({e.line, QStringLiteral("bad is bad")});
        }
        return problems;
    }
    QList<Kit::PresetProblem> presentChecked(const Kit::DemoPreset &preset) override
    {
        presets.append(preset);
        steps = 0;
        view();
        return {};
    }
    bool presetRunsCode(const Kit::DemoPreset &) const override { return runsCode; }
    void setFontScale(double scale) override { fontScale = scale; }

    int viewsCreated = 0;
    int maxSteps = -1;         // a demo with this many steps (-1: no end)
    bool saysPosition = false; // whether stepPosition() answers
    int pauses = 0;
    bool runsCode = false;
    QList<Kit::DemoPreset> presets;
    int steps = 0;
    double fontScale = 0.0;

protected:
    QWidget *createView() override
    {
        ++viewsCreated;
        return new QLabel(m_title);
    }

private:
    QString m_id;
    QString m_title;
    QAction *m_action = nullptr;
};
