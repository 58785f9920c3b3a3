// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "recorder.h"

#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <queue>
#include <vector>

namespace Scheduler {

/**
 * A single-threaded event loop for C++20 coroutines: a ready queue and a timer heap. Awaited
 * I/O suspends the coroutine and the loop runs others; when nothing is ready the loop itself
 * blocks in the kernel until the next timer, which is what an asyncio loop does in select().
 */
class EventLoop final
{
public:
    /** A coroutine the loop runs; it starts when spawned, the loop owns it. */
    struct Task
    {
        struct promise_type
        {
            int worker = 0;
            Task get_return_object()
            {
                return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
            }
            std::suspend_always initial_suspend() noexcept { return {}; }
            std::suspend_always final_suspend() noexcept { return {}; }
            void return_void() noexcept {}
            void unhandled_exception() { std::terminate(); }
        };
        std::coroutine_handle<promise_type> handle;
    };

    /** co_await loop.sleep(ms): an awaited I/O wait of MS milliseconds. */
    struct Sleep
    {
        EventLoop *loop;
        std::int64_t until;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<Task::promise_type> handle);
        void await_resume() const noexcept {}
    };

    /** co_await loop.park(list): suspends until someone wakes a handle from LIST (a channel). */
    struct Park
    {
        EventLoop *loop;
        std::deque<std::coroutine_handle<Task::promise_type>> *list;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<Task::promise_type> handle);
        void await_resume() const noexcept {}
    };

    explicit EventLoop(Recorder &recorder);
    ~EventLoop();
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    /** Adds TASK as worker WORKER; it first runs when the loop gets to it. */
    void spawn(Task task, int worker);
    Sleep sleep(double ms) { return Sleep{this, monotonicNs() + std::int64_t(ms * 1e6)}; }
    Park park(std::deque<std::coroutine_handle<Task::promise_type>> &list)
    {
        return Park{this, &list};
    }
    /** Moves the first coroutine parked on LIST, if any, to the ready queue. */
    void wakeOne(std::deque<std::coroutine_handle<Task::promise_type>> &list);
    /** Runs until every task has finished (or STOP turns true). */
    void run(const std::atomic<bool> *stop = nullptr);
    /** The most coroutines that were ready at once. */
    std::size_t maxReady() const { return m_maxReady; }

private:
    struct Timer
    {
        std::int64_t due;
        std::coroutine_handle<Task::promise_type> handle;
        bool operator>(const Timer &other) const { return due > other.due; }
    };

    Recorder &m_recorder;
    std::deque<std::coroutine_handle<Task::promise_type>> m_ready;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    std::vector<std::coroutine_handle<Task::promise_type>> m_all;
    std::size_t m_maxReady = 0;
};

} // namespace Scheduler
