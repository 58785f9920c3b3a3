// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "backgroundjob.h"

namespace Kit {

BackgroundJob::BackgroundJob(QObject *parent)
    : QObject(parent)
{}

BackgroundJob::~BackgroundJob()
{
    stop();
    wait();
}

void BackgroundJob::wait()
{
    if (m_thread.joinable())
        m_thread.join();
}

bool BackgroundJob::start(Work work)
{
    if (m_running.load())
        return false;
    wait();
    m_stop = false;
    m_running = true;
    m_thread = std::thread([this, work = std::move(work)] {
        auto post = [this](std::function<void()> fn) {
            QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
        };
        const Context context{
            m_stop,
            [this, post](double fraction) { post([this, fraction] { emit progress(fraction); }); },
            post};
        work(context);
        const bool stopped = m_stop.load();
        // Running until the results it posted have arrived: whoever sees isRunning() false
        // also sees them.
        post([this, stopped] {
            m_running = false;
            emit finished(stopped);
        });
    });
    return true;
}

} // namespace Kit
