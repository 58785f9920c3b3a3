// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "aboutdialog.h"

#include <app/versions.h>

#include <QJsonObject>
#include <QMessageBox>
#include <QObject>

namespace Shell {

QString aboutText()
{
    const QJsonObject v = curtainVersions();
    auto value = [&v](const char *key) {
        return v.value(QLatin1String(key)).toString().toHtmlEscaped();
    };
    return QObject::tr("<h2>Curtain %1</h2>"
                       "<p>See how Python really works underneath: classes and metaclasses, "
                       "threads, processes, coroutines and the GIL, and a startup's queues, "
                       "built from the talks of one SoCal Python meetup night.</p>"
                       "<table>"
                       "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
                       "<tr><td>QCustomPlot</td><td>%4</td></tr>"
                       "<tr><td>Compiler</td><td>%5, C++ %6</td></tr>"
                       "</table>")
        .arg(value("curtain"),
             value("qt_runtime"),
             value("qt_build"),
             value("qcustomplot"),
             value("compiler"),
             value("cxx_standard"));
}

void showAboutDialog(QWidget *parent)
{
    QMessageBox::about(parent, QObject::tr("About Curtain"), aboutText());
}

} // namespace Shell
