// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QListWidget>

namespace Kit {
class ModuleRegistry;
} // namespace Kit

namespace Shell {

/** The list on the left: Home, then every module with its icon, title and one-line summary. */
class Navigator final : public QListWidget
{
    Q_OBJECT

public:
    /** The id the Home entry carries. */
    static inline const QString HomeId = QStringLiteral("home");

    explicit Navigator(const Kit::ModuleRegistry &registry, QWidget *parent = nullptr);

    /** The id of the selected entry (HomeId for Home). */
    QString currentId() const;
    /** Selects the entry ID; false when there is none. */
    bool selectId(const QString &id);
    /** The width that shows every title whole at the current font, summaries up to a limit. */
    int preferredWidth() const;
    /** The width of the icons-only list (every entry its icon; names in tooltips). */
    int compactWidth() const;

signals:
    void currentIdChanged(const QString &id);

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void
    addEntry(const QString &id, const QIcon &icon, const QString &title, const QString &summary);
};

} // namespace Shell
