// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Text rules of the class tracer that need no Python: tested in process.

#include <QString>

namespace PyRunner {

/** TEXT without memory addresses (they change from run to run), at most 80 characters. */
QString cut(QString text);
/** Whether Python puts NAME in a class namespace by itself (__module__, __qualname__, ...). */
bool isImplicitName(const QString &name);

} // namespace PyRunner
