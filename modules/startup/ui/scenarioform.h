// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace Startup {

namespace Schema {
struct Model;
}

/**
 * A scenario's form, built from its schema (schema.h): words, units, ranges and descriptions
 * come from there. It edits a scenario in place: a field the form changes is set in the
 * scenario, every other field (a daily curve, a burst, one the form does not show) is kept as it
 * was loaded.
 */
class ScenarioForm final : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioForm(const Schema::Model &model, QWidget *parent = nullptr);

    QString model() const;
    /** The scenario: what was loaded, with the form's edits on top. */
    QJsonObject toJson() const { return m_scenario; }
    /** Shows OBJECT (a checked scenario of this model) and edits it from now on. */
    void fromJson(const QJsonObject &object);
    /** The keys of the numeric fields (what a sweep can vary). */
    QStringList numericKeys() const;
    /** The widget editing KEY, for tests. */
    QWidget *editor(const QString &key) const;

signals:
    void edited();

private:
    void setValue(const QString &key, const QJsonValue &value);
    void refreshSections();

    const Schema::Model &m_model;
    QJsonObject m_scenario;
    QList<QWidget *> m_editors; // by the order of the schema's fields shown
    QStringList m_keys;
    QFormLayout *m_form = nullptr;
    QLabel *m_kept = nullptr;
};

} // namespace Startup
