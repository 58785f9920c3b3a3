#pragma once

#include <memory>

class Module;

/** The Startup Sim module, ready to register with the shell. */
std::unique_ptr<Module> createStartupModule();
