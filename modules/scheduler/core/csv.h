// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringList>

namespace Scheduler {

/**
 * Comma-separated values as RFC 4180 writes them: a field with a comma, a double quote or a line
 * break is put in double quotes, its quotes doubled; records end with CRLF. A spreadsheet reads
 * back every field as it was, whatever a learner named their program.
 */
namespace Csv {

/** FIELD as it is written in a record: quoted when it has to be, else as it is. */
QString field(const QString &field);
/** FIELDS as one record, ending with CRLF. */
QString record(const QStringList &fields);

} // namespace Csv

} // namespace Scheduler
