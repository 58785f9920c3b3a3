// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The start-up peer: QApplication, one window with one QCustomPlot graph, a PNG after the first
// paint, exit. Usage: startup_peer FILE.png

#include <QApplication>
#include <QEvent>
#include <QTimer>

#include <qcustomplot.h>

#include <cmath>
#include <cstdio>

namespace {

class Peer final : public QCustomPlot
{
public:
    explicit Peer(QString path)
        : m_path(std::move(path))
    {
        QVector<double> x(200), y(200);
        for (int i = 0; i < 200; ++i) {
            x[i] = i / 20.0;
            y[i] = std::sin(x[i]);
        }
        addGraph()->setData(x, y);
        rescaleAxes();
    }

protected:
    bool event(QEvent *event) override
    {
        const bool handled = QCustomPlot::event(event);
        if (event->type() == QEvent::Paint && !m_saved) {
            m_saved = true;
            QTimer::singleShot(
                0, this, [this] { QCoreApplication::exit(grab().save(m_path, "png") ? 0 : 1); });
        }
        return handled;
    }

private:
    QString m_path;
    bool m_saved = false;
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fputs("usage: startup_peer FILE.png\n", stderr);
        return 2;
    }
    Peer peer(QString::fromLocal8Bit(argv[1]));
    peer.resize(1280, 800);
    peer.show();
    return app.exec();
}
