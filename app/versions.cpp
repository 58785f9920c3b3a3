// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "versions.h"

#include <kit/curtainversion.h>

#include <QtGlobal>

#include <qcustomplot.h>

namespace Shell {

QJsonObject curtainVersions()
{
    return {
        {QStringLiteral("curtain"), QStringLiteral(CURTAIN_VERSION_STRING)},
        {QStringLiteral("qt_runtime"), QString::fromLatin1(qVersion())},
        {QStringLiteral("qt_build"), QStringLiteral(QT_VERSION_STR)},
        {QStringLiteral("qcustomplot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR)},
        {QStringLiteral("compiler"), QStringLiteral("GCC " __VERSION__)},
        {QStringLiteral("cxx_standard"), QString::number(__cplusplus)},
    };
}

} // namespace Shell
