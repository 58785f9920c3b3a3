#pragma once

#include "mmc.h"

#include <QJsonObject>
#include <QString>

#include <optional>

/** A Startup Sim scenario file, checked field by field. */
namespace Scenario {

/**
 * Reads an `mmc` scenario from OBJECT (SOURCE names the file in messages). On failure returns
 * nothing and *error is one line naming the field and why.
 */
std::optional<MmcParams> parseMmc(const QJsonObject &object, const QString &source, QString *error);

/** The models a scenario file may name, and whether each is simulated yet. */
QStringList knownModels();

} // namespace Scenario
