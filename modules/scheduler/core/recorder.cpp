#include "recorder.h"

#include <algorithm>

Recorder::Recorder(int workers, bool enabled, std::size_t reserve)
    : m_enabled(enabled)
    , m_buffers(std::size_t(std::max(workers, 1)))
{
    if (enabled) {
        for (auto &buffer : m_buffers)
            buffer.reserve(reserve);
    }
}

void Recorder::append(int worker, const std::vector<WorkerEvent> &events)
{
    if (!m_enabled)
        return;
    auto &buffer = m_buffers[std::size_t(worker)];
    for (WorkerEvent event : events) {
        event.worker = worker;
        buffer.push_back(event);
    }
}

std::vector<WorkerEvent> Recorder::merged() const
{
    std::vector<WorkerEvent> all;
    all.reserve(count());
    for (const auto &buffer : m_buffers)
        all.insert(all.end(), buffer.begin(), buffer.end());
    std::stable_sort(all.begin(), all.end(), [](const WorkerEvent &a, const WorkerEvent &b) {
        return a.t < b.t;
    });
    return all;
}

std::size_t Recorder::count() const
{
    std::size_t n = 0;
    for (const auto &buffer : m_buffers)
        n += buffer.size();
    return n;
}
