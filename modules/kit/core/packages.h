// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace Kit {

/**
 * The Debian package that brings the module a ModuleNotFoundError's MESSAGE names ("No module
 * named 'gevent'" -> "python3-gevent"), for the talk's libraries Curtain's lessons use; empty
 * for any other module.
 */
QString debianPackageFor(const QString &message);

} // namespace Kit
