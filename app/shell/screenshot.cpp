// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "screenshot.h"

#include <QCoreApplication>
#include <QEvent>
#include <QImageWriter>
#include <QPixmap>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace Shell {

namespace {

/** Waits for WINDOW's first paint event, then saves it once the event loop is idle again. */
class FirstPaintWatcher final : public QObject
{
public:
    FirstPaintWatcher(QWidget *window, QString path)
        : QObject(window)
        , m_window(window)
        , m_path(std::move(path))
    {
        window->installEventFilter(this);
        // A window that never paints must not hang a script.
        QTimer::singleShot(
            30000, this, [this] { finish(QStringLiteral("the window never painted")); });
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_window && event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            // Queued: let this paint (and the layout it settles) finish first.
            QTimer::singleShot(0, this, [this] { save(); });
        }
        return false;
    }

private:
    void save()
    {
        const QPixmap pixmap = m_window->grab();
        QImageWriter writer(m_path, "png");
        if (pixmap.isNull())
            finish(QStringLiteral("the window rendered an empty image"));
        else if (!writer.write(pixmap.toImage()))
            finish(writer.errorString());
        else
            finish({});
    }

    void finish(const QString &error)
    {
        if (!error.isEmpty()) {
            std::fprintf(stderr,
                         "curtain: cannot save screenshot %s: %s\n",
                         qUtf8Printable(m_path),
                         qUtf8Printable(error));
        }
        QCoreApplication::exit(error.isEmpty() ? 0 : 1);
    }

    QPointer<QWidget> m_window;
    QString m_path;
    bool m_painted = false;
};

} // namespace

void saveScreenshotAfterFirstPaint(QWidget *window, const QString &path)
{
    new FirstPaintWatcher(window, path);
}

} // namespace Shell
