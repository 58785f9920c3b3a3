// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "programdialogs.h"

#include <QCoreApplication>
#include <QFileDialog>

namespace Kit {

QString chooseProgramFile(QWidget *parent, bool save, const QString &suggested)
{
    const QString filter
        = QCoreApplication::translate("Kit", "Python programs (*.py);;All files (*)");
    return save ? QFileDialog::getSaveFileName(
               parent, QCoreApplication::translate("Kit", "Save Program"), suggested, filter)
                : QFileDialog::getOpenFileName(
                    parent, QCoreApplication::translate("Kit", "Open Program"), suggested, filter);
}

} // namespace Kit
