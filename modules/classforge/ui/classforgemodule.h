#pragma once

#include <memory>

class Module;

/** The Class Forge module, ready to register with the shell. */
std::unique_ptr<Module> createClassForgeModule();
