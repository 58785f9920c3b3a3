// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventloop.h"

#include "work.h"

#include <atomic>

namespace Scheduler {

void EventLoop::Sleep::await_suspend(std::coroutine_handle<Task::promise_type> handle)
{
    loop->m_recorder.record(handle.promise().worker, WorkerState::BlockedIo);
    loop->m_timers.push({until, handle});
}

void EventLoop::Park::await_suspend(std::coroutine_handle<Task::promise_type> handle)
{
    loop->m_recorder.record(handle.promise().worker, WorkerState::Idle);
    list->push_back(handle);
}

void EventLoop::wakeOne(std::deque<std::coroutine_handle<Task::promise_type>> &list)
{
    if (list.empty())
        return;
    auto handle = list.front();
    list.pop_front();
    m_ready.push_back(handle);
    m_recorder.record(handle.promise().worker, WorkerState::Ready);
}

EventLoop::EventLoop(Recorder &recorder)
    : m_recorder(recorder)
{}

EventLoop::~EventLoop()
{
    for (auto handle : m_all)
        handle.destroy();
}

void EventLoop::spawn(Task task, int worker)
{
    task.handle.promise().worker = worker;
    m_all.push_back(task.handle);
    m_ready.push_back(task.handle);
    m_recorder.record(worker, WorkerState::Ready);
}

void EventLoop::run(const std::atomic<bool> *stop)
{
    while (!m_ready.empty() || !m_timers.empty()) {
        if (stop && stop->load(std::memory_order_relaxed))
            return;
        // Wake every coroutine whose I/O is done.
        const std::int64_t now = monotonicNs();
        while (!m_timers.empty() && m_timers.top().due <= now) {
            auto handle = m_timers.top().handle;
            m_timers.pop();
            m_ready.push_back(handle);
            m_recorder.record(handle.promise().worker, WorkerState::Ready);
        }
        m_maxReady = std::max(m_maxReady, m_ready.size());
        if (m_ready.empty() && m_timers.empty())
            return; // only parked coroutines are left: nothing can ever wake them
        if (m_ready.empty()) {
            // Nothing to run: the loop blocks in the kernel until the next timer is due.
            Work::blockingWait(double(m_timers.top().due - now) / 1e6);
            continue;
        }
        auto handle = m_ready.front();
        m_ready.pop_front();
        const int worker = handle.promise().worker;
        m_recorder.record(worker, WorkerState::Running);
        handle.resume();
        if (handle.done())
            m_recorder.record(worker, WorkerState::Done);
    }
}

} // namespace Scheduler
