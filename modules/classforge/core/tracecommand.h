#pragma once

#include <subcommand.h>

/** `curtain trace-class FILE.py [--timeout SECONDS]`: the Class Forge engine, headless. */
Subcommand traceClassSubcommand();
