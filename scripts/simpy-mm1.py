# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""SimPy's M/M/1, the peer for scripts/bench-simulate.sh: prints jobs per second as JSON.

Debian 12's python3-simpy is SimPy 2.3 (the `SimPy.Simulation` API), so that is what this uses.
"""
import json
import random
import sys
import time

import SimPy
from SimPy.Simulation import Process, Resource, Simulation, hold, release, request


class Customer(Process):
    def visit(self, server, rng, service_rate, waits):
        arrived = self.sim.now()
        yield request, self, server
        waits.append(self.sim.now() - arrived)
        yield hold, self, rng.expovariate(service_rate)
        yield release, self, server


class Source(Process):
    def generate(self, jobs, arrival_rate, service_rate, server, rng, waits):
        for _ in range(jobs):
            yield hold, self, rng.expovariate(arrival_rate)
            customer = Customer(sim=self.sim)
            self.sim.activate(customer, customer.visit(server, rng, service_rate, waits))


def run(jobs, arrival_rate, service_rate, seed):
    rng = random.Random(seed)
    sim = Simulation()
    sim.initialize()
    server = Resource(capacity=1, sim=sim)
    waits = []
    source = Source(sim=sim)
    sim.activate(source, source.generate(jobs, arrival_rate, service_rate, server, rng, waits))
    start = time.perf_counter()
    sim.simulate(until=1e18)
    wall = time.perf_counter() - start
    return wall, sum(waits) / len(waits)


if __name__ == '__main__':
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    wall, mean_wait = run(jobs, 0.9, 1.0, 2011)
    print(json.dumps({'simpy': getattr(SimPy, '__version__', '2'), 'jobs': jobs, 'wall_ms': wall * 1000,
                      'jobs_per_second': jobs / wall, 'mean_wait': mean_wait}))
