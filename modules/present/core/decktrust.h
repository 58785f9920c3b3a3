// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>

class QSettings;

namespace Present {

/**
 * The presenter's "yes, run this deck's Python", remembered per deck file and content: the same
 * file with the same bytes is not asked about again; an edited or moved deck is.
 */
namespace DeckTrust {

/** The key a deck is trusted under: its absolute PATH and the SHA-256 of its CONTENT. */
QString key(const QString &path, const QByteArray &content);
/** Whether KEY was trusted before (in SETTINGS). */
bool isTrusted(const QSettings &settings, const QString &key);
/** Remembers KEY as trusted (in SETTINGS); the newest few hundred are kept. */
void remember(QSettings &settings, const QString &key);

} // namespace DeckTrust

} // namespace Present
