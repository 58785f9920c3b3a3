#pragma once

#include "engine.h"

#include <QString>

#include <cstdint>
#include <vector>

/** A stretch of time one worker spent in one state. */
struct Segment
{
    int lane = 0; // worker index
    std::int64_t start = 0;
    std::int64_t end = 0;
    WorkerState state = WorkerState::Idle;
    int other = -1;
};

/**
 * A recorded run as lanes of segments, ready to draw and to replay: one lane per worker and,
 * under the gil model, the GIL owner's lane. Times are CLOCK_MONOTONIC ns.
 */
struct Timeline
{
    Model model = Model::Threads;
    int lanes = 0;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::vector<Segment> segments;    // sorted by lane, then time
    std::vector<Segment> gilSegments; // lane = the holder; only under the gil model

    static Timeline build(const RunResult &run);
    /** LANE's segment at time T, or nullptr. */
    const Segment *at(int lane, std::int64_t t) const;
    /** What is happening at T, in plain English ("worker 2 has waited 4.8 ms for the GIL ..."). */
    QString narrate(std::int64_t t) const;
    /** How many workers are in STATE at time T. */
    int countIn(WorkerState state, std::int64_t t) const;
};

/** Time to pixels and back for the timeline, with zoom and pan: plain maths, tested. */
struct TimeAxis
{
    std::int64_t viewStart = 0;
    std::int64_t viewEnd = 1;
    double left = 0;
    double width = 1;

    double x(std::int64_t t) const;
    std::int64_t t(double x) const;
    /** Zooms by FACTOR (>1 magnifies) keeping the time under pixel X where it is. */
    void zoom(double factor, double x);
    /** Moves the view by DX pixels (positive: later times come into view). */
    void pan(double dx);
    /** Keeps the view inside [START, END] and at least MINSPAN ns wide. */
    void clamp(std::int64_t start, std::int64_t end, std::int64_t minSpan = 10000);
};
