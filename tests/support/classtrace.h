// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Class Forge traces made by hand for tests of the engine: a step by its kind's id.

#include <classforge/trace.h>

#include <QJsonArray>

#include <initializer_list>

inline ClassForge::TraceStep step(const char *kind, const char *cls, QJsonObject detail = {})
{
    ClassForge::TraceStep s;
    s.kind = Protocol::stepKindFromId(QLatin1String(kind)).value();
    s.className = QString::fromLatin1(cls);
    s.detail = detail;
    return s;
}

inline QJsonArray list(std::initializer_list<const char *> items)
{
    QJsonArray array;
    for (const char *item : items)
        array.append(QString::fromLatin1(item));
    return array;
}
