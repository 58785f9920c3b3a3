#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QFormLayout;

/** One field of a scenario form: a dotted JSON key ("pool.instances"), a label, a unit, limits. */
struct FieldSpec
{
    FieldSpec(QString key_,
              QString label_,
              QString unit_,
              QString tip_,
              double minimum_,
              double maximum_,
              double value_,
              int decimals_,
              QStringList choices_ = {},
              bool toggle_ = false)
        : key(std::move(key_))
        , label(std::move(label_))
        , unit(std::move(unit_))
        , tip(std::move(tip_))
        , minimum(minimum_)
        , maximum(maximum_)
        , value(value_)
        , decimals(decimals_)
        , choices(std::move(choices_))
        , toggle(toggle_)
    {}

    QString key;
    QString label;
    QString unit;
    QString tip;
    double minimum = 0;
    double maximum = 1e6;
    double value = 0;
    int decimals = 0;    // 0: a whole number
    QStringList choices; // non-empty: a choice; the value is the chosen text
    bool toggle = false; // a switch: when off, the subtree under `key` is left out
};

/** A form built from field specs that reads and writes the scenario's JSON (nested by the dots). */
class ScenarioForm final : public QWidget
{
    Q_OBJECT

public:
    ScenarioForm(QString model, QList<FieldSpec> fields, QWidget *parent = nullptr);

    QString model() const { return m_model; }
    /** The scenario as JSON, with "model" set. */
    QJsonObject toJson() const;
    /** Fills the form from OBJECT (fields it lacks keep their value). */
    void fromJson(const QJsonObject &object);
    /** The keys of the numeric fields (what a sweep can vary). */
    QStringList numericKeys() const;
    /** The widget editing KEY, for tests. */
    QWidget *editor(const QString &key) const;

private:
    QString m_model;
    QList<FieldSpec> m_fields;
    QList<QWidget *> m_editors;
};
