// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// CPython's class protocol, mirrored with steps: `builtins.__build_class__` is replaced by a
// traced re-implementation of CPython's own, `type`'s call and new slots are wrapped, and a C
// trace function watches class bodies fill their namespaces. Everything else runs untouched.

#include <Python.h> // first: Qt's keywords would break it (this target sets QT_NO_KEYWORDS)

namespace PyRunner::ClassProtocol {

/** Once, in the warm parent: wraps type's call and new slots (the run decides whether to trace). */
void install();
/** Starts tracing the class protocol in this thread and in every thread the program starts. */
void start();
/** Stops it; the program's own __build_class__ is back. */
void stop();

} // namespace PyRunner::ClassProtocol
