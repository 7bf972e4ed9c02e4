"""The scheduling benchmark's no-op graphs on Dask's threaded scheduler, for the suite's peers group.

Same shapes as the Java side (Graphs.java): a chain of NODES calls of inc, each on the previous
one's output; a fan-out of NODES branches on one root, then one sum over all of them. Each task
returns its first argument plus one. Run by Debian's own python3 with Debian's python3-dask.
Prints one line per shape, "<shape>=<median milliseconds per graph>", and "dask=<version>".
"""

import statistics
import sys
import time

import dask
from dask.threaded import get

NODES = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
WARMUP, MEASURED = 3, 7


def inc(x):
    return x + 1


def branch(x, index):
    return x + 1


def total(values):
    return sum(values)


def chain(root):
    graph = {"root": root, "n0": (inc, "root")}
    for i in range(1, NODES):
        graph[f"n{i}"] = (inc, f"n{i - 1}")
    return graph, f"n{NODES - 1}", root + NODES


def fanout(root):
    graph = {"root": root}
    for i in range(NODES):
        graph[f"b{i}"] = (branch, "root", i)
    graph["sum"] = (total, [f"b{i}" for i in range(NODES)])
    return graph, "sum", NODES * (root + 1)


def median_millis(shape):
    times = []
    for run in range(WARMUP + MEASURED):
        # A new graph per run, built outside the measurement, as the Java side builds its workflow.
        graph, key, expected = shape(run)
        started = time.perf_counter()
        result = get(graph, key, num_workers=THREADS)
        elapsed = time.perf_counter() - started
        if result != expected:
            raise SystemExit(f"{shape.__name__}: got {result}, expected {expected}")
        if run >= WARMUP:
            times.append(elapsed * 1000)
    return statistics.median(times)


print(f"dask={dask.__version__}")
for shape in (chain, fanout):
    print(f"{shape.__name__}={median_millis(shape):.3f}", flush=True)
