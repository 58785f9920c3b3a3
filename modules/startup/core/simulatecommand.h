#pragma once

#include <subcommand.h>

/** `curtain simulate SCENARIO.json [--seed S] [--replications R]`: Startup Sim, headless. */
Subcommand simulateSubcommand();
