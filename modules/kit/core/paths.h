// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace Kit {

/**
 * Where Curtain's helper executables and data live. The build tree and the installed tree share
 * one layout (bin/curtain, libexec/curtain/HELPER, share/curtain/DATA), so one rule finds both;
 * CURTAIN_LIBEXEC_DIR and CURTAIN_DATA_DIR override it.
 */
namespace Paths {

/** The directory that holds helper executables, for an app living in APPDIR. */
QString libexecDir(const QString &appDir);
/** The directory that holds Curtain's data files, for an app living in APPDIR. */
QString dataDir(const QString &appDir);

/** The helper executable NAME, or an empty string and *error saying where it looked. */
QString helperPath(const QString &appDir, const QString &name, QString *error);
/** The data file or folder RELATIVE under dataDir(), or empty and *error saying where it looked. */
QString dataPath(const QString &appDir, const QString &relative, QString *error);

/** libexecDir() for the running application. */
QString libexecDir();
/** dataDir() for the running application. */
QString dataDir();

} // namespace Paths

} // namespace Kit
