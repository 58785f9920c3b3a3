#include "gil.h"

Gil::Gil(std::chrono::nanoseconds switchInterval,
         Recorder &recorder,
         std::atomic<std::int64_t> *liveWait)
    : m_interval(switchInterval)
    , m_recorder(recorder)
    , m_liveWait(liveWait)
{}

void Gil::take(int w)
{
    std::unique_lock lock(m_mutex);
    if (m_locked) {
        m_recorder.record(w, WorkerState::WaitingGil, m_holder);
        const std::int64_t start = monotonicNs();
        while (m_locked) {
            const unsigned long saved = m_switchNumber;
            const bool timedOut = m_released.wait_for(lock, m_interval) == std::cv_status::timeout;
            // Waited a whole interval and nobody switched: ask the holder to let go.
            if (timedOut && m_locked && m_switchNumber == saved)
                m_dropRequest.store(true, std::memory_order_relaxed);
        }
        const std::int64_t waited = monotonicNs() - start;
        m_waitNs += waited;
        if (m_liveWait)
            m_liveWait->fetch_add(waited, std::memory_order_relaxed);
    }
    m_locked = true;
    if (m_lastHolder != -1 && m_lastHolder != w)
        ++m_handoffs;
    m_holder = w;
    m_lastHolder = w;
    ++m_switchNumber;
    m_dropRequest.store(false, std::memory_order_relaxed);
    m_switched.notify_all();
    lock.unlock();
    m_recorder.record(w, WorkerState::Running);
}

void Gil::drop(int w, bool forced)
{
    std::unique_lock lock(m_mutex);
    if (!m_locked || m_holder != w)
        return;
    if (forced) {
        // From this moment the thread waits for the GIL: record it now, not when the OS next
        // gives the thread a core (that can be milliseconds on a busy machine).
        m_recorder.record(w, WorkerState::WaitingGil);
    }
    m_locked = false;
    m_holder = -1;
    m_released.notify_one();
    if (forced) {
        // FORCE_SWITCHING: do not take it straight back; wait until someone else has it.
        const unsigned long saved = m_switchNumber;
        m_switched.wait(lock, [&] { return m_switchNumber != saved || !m_dropRequest.load(); });
    }
}

long Gil::handoffs() const
{
    std::lock_guard lock(m_mutex);
    return m_handoffs;
}

std::int64_t Gil::waitNs() const
{
    std::lock_guard lock(m_mutex);
    return m_waitNs;
}

int Gil::holder() const
{
    std::lock_guard lock(m_mutex);
    return m_holder;
}
