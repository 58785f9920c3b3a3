#include "scenarioform.h"

#include <jsonio.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonValue>
#include <QSpinBox>

ScenarioForm::ScenarioForm(QString model, QList<FieldSpec> fields, QWidget *parent)
    : QWidget(parent)
    , m_model(std::move(model))
    , m_fields(std::move(fields))
{
    setObjectName(QStringLiteral("startup.form.") + m_model);
    auto *form = new QFormLayout(this);
    for (const FieldSpec &spec : std::as_const(m_fields)) {
        QWidget *editor = nullptr;
        if (spec.toggle) {
            auto *check = new QCheckBox(this);
            check->setChecked(spec.value != 0);
            editor = check;
        } else if (!spec.choices.isEmpty()) {
            auto *combo = new QComboBox(this);
            combo->addItems(spec.choices);
            combo->setCurrentIndex(int(spec.value));
            editor = combo;
        } else if (spec.decimals == 0) {
            auto *box = new QSpinBox(this);
            box->setRange(int(spec.minimum), int(std::min(spec.maximum, 2e9)));
            box->setValue(int(spec.value));
            if (!spec.unit.isEmpty())
                box->setSuffix(QLatin1Char(' ') + spec.unit);
            editor = box;
        } else {
            auto *box = new QDoubleSpinBox(this);
            box->setDecimals(spec.decimals);
            box->setRange(spec.minimum, spec.maximum);
            box->setValue(spec.value);
            if (!spec.unit.isEmpty())
                box->setSuffix(QLatin1Char(' ') + spec.unit);
            editor = box;
        }
        editor->setObjectName(QStringLiteral("startup.field.") + spec.key);
        editor->setToolTip(spec.tip);
        editor->setAccessibleName(spec.label);
        m_editors.append(editor);
        form->addRow(spec.label, editor);
    }
}

QJsonObject ScenarioForm::toJson() const
{
    QJsonObject root{{QStringLiteral("model"), m_model}};
    QStringList off;
    for (int i = 0; i < m_fields.size(); ++i) {
        const FieldSpec &spec = m_fields.at(i);
        QWidget *editor = m_editors.at(i);
        if (spec.toggle) {
            if (!static_cast<QCheckBox *>(editor)->isChecked())
                off.append(spec.key);
            continue;
        }
        QJsonValue value;
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            value = combo->currentText();
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            value = spin->value();
        else if (auto *real = qobject_cast<QDoubleSpinBox *>(editor))
            value = real->value();
        JsonIo::setPath(root, spec.key, value);
    }
    for (const QString &key : off)
        JsonIo::removePath(root, key);
    return root;
}

void ScenarioForm::fromJson(const QJsonObject &object)
{
    for (int i = 0; i < m_fields.size(); ++i) {
        const FieldSpec &spec = m_fields.at(i);
        const QJsonValue value = JsonIo::valueAt(object, spec.key);
        QWidget *editor = m_editors.at(i);
        if (spec.toggle) {
            static_cast<QCheckBox *>(editor)->setChecked(value.isObject());
            continue;
        }
        if (value.isUndefined())
            continue;
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentText(value.toString());
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            spin->setValue(value.toInt());
        else if (auto *real = qobject_cast<QDoubleSpinBox *>(editor))
            real->setValue(value.toDouble());
    }
}

QWidget *ScenarioForm::editor(const QString &key) const
{
    for (int i = 0; i < m_fields.size(); ++i) {
        if (m_fields.at(i).key == key)
            return m_editors.at(i);
    }
    return nullptr;
}

QStringList ScenarioForm::numericKeys() const
{
    QStringList keys;
    for (const FieldSpec &spec : m_fields) {
        if (!spec.toggle && spec.choices.isEmpty() && spec.key != QLatin1String("seed"))
            keys.append(spec.key);
    }
    return keys;
}
