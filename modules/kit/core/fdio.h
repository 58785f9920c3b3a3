// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>

namespace Kit {

/** Low-level I/O shared by the helper processes and their clients. */
namespace FdIo {

/** Writes all of BYTES to file descriptor FD through interruptions; false if the other end is gone.
 */
bool writeAll(int fd, const QByteArray &bytes);

} // namespace FdIo

} // namespace Kit
