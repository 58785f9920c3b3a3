#pragma once

#include <memory>

class Module;

/** The Scheduler Lab module, ready to register with the shell. */
std::unique_ptr<Module> createSchedulerModule();
