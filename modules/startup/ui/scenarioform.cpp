// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "scenarioform.h"

#include <kit/jsonio.h>
#include <startup/schema.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonValue>
#include <QLabel>
#include <QSpinBox>

#include <cmath>

namespace Startup {

using namespace Kit;

namespace {

bool under(const QString &key, const QString &section)
{
    return key.startsWith(section + QLatin1Char('.'));
}

} // namespace

ScenarioForm::ScenarioForm(const Schema::Model &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("startup.form.") + model.id);
    m_form = new QFormLayout(this);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_form->setContentsMargins(0, 0, 0, 0);
    for (const Schema::Field &f : model.fields) {
        if (!f.inForm)
            continue;
        QWidget *editor = nullptr;
        const QString key = f.key;
        switch (f.kind) {
        case Schema::Kind::Section:
        case Schema::Kind::Boolean: {
            auto *check = new QCheckBox(f.label, this);
            connect(check, &QCheckBox::toggled, this, [this, key, kind = f.kind](bool on) {
                if (kind == Schema::Kind::Boolean) {
                    setValue(key, on);
                } else if (on) {
                    if (JsonIo::valueAt(m_scenario, key).isUndefined())
                        setValue(key, QJsonObject());
                } else {
                    JsonIo::removePath(m_scenario, key);
                    emit edited();
                }
                refreshSections();
            });
            editor = check;
            break;
        }
        case Schema::Kind::Choice: {
            auto *combo = new QComboBox(this);
            for (int i = 0; i < f.choices.size(); ++i)
                combo->addItem(f.choiceLabels.value(i, f.choices.at(i)), f.choices.at(i));
            connect(combo, &QComboBox::activated, this, [this, key, combo] {
                setValue(key, combo->currentData().toString());
            });
            editor = combo;
            break;
        }
        case Schema::Kind::Whole: {
            auto *box = new QSpinBox(this);
            box->setRange(int(f.min), int(std::min(f.max, 2e9)));
            if (!f.unit.isEmpty())
                box->setSuffix(QLatin1Char(' ') + f.unit);
            connect(box, &QSpinBox::valueChanged, this, [this, key](int v) { setValue(key, v); });
            editor = box;
            break;
        }
        case Schema::Kind::Number: {
            auto *box = new QDoubleSpinBox(this);
            box->setDecimals(f.decimals);
            box->setRange(f.min, f.max);
            if (!f.unit.isEmpty())
                box->setSuffix(QLatin1Char(' ') + f.unit);
            connect(box, &QDoubleSpinBox::valueChanged, this, [this, key](double v) {
                setValue(key, v);
            });
            editor = box;
            break;
        }
        case Schema::Kind::Curve:
        case Schema::Kind::Text:
            continue;
        }
        editor->setObjectName(QStringLiteral("startup.field.") + f.key);
        editor->setToolTip(f.description);
        editor->setAccessibleName(f.label);
        editor->setAccessibleDescription(f.description);
        m_editors.append(editor);
        m_keys.append(f.key);
        if (f.kind == Schema::Kind::Section || f.kind == Schema::Kind::Boolean)
            m_form->addRow(editor);
        else
            m_form->addRow(f.label, editor);
    }
    m_kept = new QLabel(this);
    m_kept->setObjectName(QStringLiteral("startup.form.kept.") + model.id);
    m_kept->setWordWrap(true);
    m_form->addRow(m_kept);
    QString ignored;
    fromJson(
        *Schema::validate(QJsonObject{{QStringLiteral("model"), model.id}}, model.id, &ignored));
}

QString ScenarioForm::model() const
{
    return m_model.id;
}

void ScenarioForm::setValue(const QString &key, const QJsonValue &value)
{
    JsonIo::setPath(m_scenario, key, value);
    emit edited();
}

void ScenarioForm::fromJson(const QJsonObject &object)
{
    m_scenario = object;
    m_scenario.insert(QStringLiteral("model"), m_model.id);
    QString ignored;
    // What an absent field means, for the widgets; the scenario itself keeps its absences.
    const QJsonObject full
        = Schema::validate(m_scenario, m_model.id, &ignored).value_or(m_scenario);
    for (int i = 0; i < m_keys.size(); ++i) {
        const Schema::Field *f = m_model.field(m_keys.at(i));
        QJsonValue value = JsonIo::valueAt(full, f->key);
        if (value.isUndefined())
            value = f->defaultValue;
        QWidget *editor = m_editors.at(i);
        const QSignalBlocker block(editor);
        if (auto *check = qobject_cast<QCheckBox *>(editor))
            check->setChecked(f->kind == Schema::Kind::Section ? value.isObject() : value.toBool());
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentIndex(std::max(0, combo->findData(value.toString())));
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            spin->setValue(value.toInt());
        else if (auto *real = qobject_cast<QDoubleSpinBox *>(editor))
            real->setValue(value.toDouble());
    }
    // Fields kept from the file that the form does not show: say so.
    QStringList kept;
    for (const Schema::Field &f : m_model.fields) {
        if ((!f.inForm || f.kind == Schema::Kind::Curve)
            && !JsonIo::valueAt(m_scenario, f.key).isUndefined())
            kept.append(f.label);
    }
    m_kept->setText(kept.isEmpty()
                        ? QString()
                        : tr("Kept from the file: %1.").arg(kept.join(QStringLiteral(", "))));
    m_kept->setVisible(!kept.isEmpty());
    refreshSections();
}

void ScenarioForm::refreshSections()
{
    // A section's fields show only while it is on.
    for (int i = 0; i < m_keys.size(); ++i) {
        bool visible = true;
        for (const Schema::Field &f : m_model.fields) {
            if (f.kind == Schema::Kind::Section && under(m_keys.at(i), f.key)
                && JsonIo::valueAt(m_scenario, f.key).isUndefined())
                visible = false;
        }
        m_form->setRowVisible(m_editors.at(i), visible);
    }
}

QWidget *ScenarioForm::editor(const QString &key) const
{
    const qsizetype i = m_keys.indexOf(key);
    return i < 0 ? nullptr : m_editors.at(i);
}

QStringList ScenarioForm::numericKeys() const
{
    QStringList keys;
    for (const QString &key : m_keys) {
        const Schema::Field *f = m_model.field(key);
        if ((f->kind == Schema::Kind::Number || f->kind == Schema::Kind::Whole)
            && key != QLatin1String("seed"))
            keys.append(key);
    }
    return keys;
}

} // namespace Startup
