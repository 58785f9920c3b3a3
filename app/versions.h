// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>

namespace Shell {

/** Curtain's version and the versions of what it is built on, for About and `curtain info`. */
QJsonObject curtainVersions();

} // namespace Shell
