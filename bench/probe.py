"""The machine's speed while a benchmark runs: a fixed pure-Python loop timed every half second in a
process of its own, so that a run's numbers can be read beside the state the machine was in.

The development VM has a quick and a slow state, 1.6-2x apart, that change within minutes with
nothing of ours running (docs/BENCHMARKS.md, issue 16): the same search's p95 moves with them.
Run alone as `python -m bench.probe FILE PID` (it appends one loop time in ms a line until killed, or until
process PID, its parent, ends)."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOOP = 100_000  # a few ms: timed well, and the probe takes about 1 % of one core
INTERVAL = 0.5  # seconds between two loops
FIRST_SAMPLE_WAIT = 10.0  # seconds a run waits at most for the probe's first sample


def loop_ms():
    """The time of the fixed loop, in ms."""
    started = time.perf_counter()
    total = 0
    for number in range(LOOP):
        total += number * number
    return (time.perf_counter() - started) * 1000


class Probe:
    """`with Probe() as probe:` samples the machine's speed in a process of its own while the block runs;
    `probe.samples` (ms) and `probe.summary()` after it."""

    def __init__(self):
        self.samples = []

    def __enter__(self):
        self._directory = tempfile.TemporaryDirectory(prefix="newsroom-probe-")
        self._path = Path(self._directory.name) / "samples.txt"
        self._path.touch()
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "bench.probe", str(self._path), str(os.getpid())],
            cwd=Path(__file__).resolve().parent.parent,
        )
        return self

    def __exit__(self, *exc):
        deadline = time.monotonic() + FIRST_SAMPLE_WAIT  # a block quicker than the probe's start still gets one
        while not self._read() and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        self.process.terminate()
        self.process.wait(timeout=10)
        self.samples = self._read()
        self._directory.cleanup()

    def _read(self):
        # Only whole lines: the probe writes each sample and its newline in one write.
        text = self._path.read_text()
        return [float(line) for line in text[: text.rfind("\n") + 1].splitlines() if line]

    def summary(self):
        """One line: the loop's median and 90th percentile during the block, and the number of samples."""
        samples = sorted(self.samples)
        if not samples:
            return "Machine probe: no sample."
        p90 = samples[round(0.9 * (len(samples) - 1))]
        return (
            f"Machine probe (a fixed Python loop every {INTERVAL} s in a process of its own; higher is a slower "
            f"machine): median {statistics.median(samples):.2f} ms, p90 {p90:.2f} ms, {len(samples)} samples"
        )


def main(path, parent):
    """`parent` given by the parent itself: read here, it could already be init's if the parent died at once."""
    with open(path, "a", buffering=1) as out:
        while os.getppid() == parent:  # a benchmark killed outright leaves no probe behind
            out.write(f"{loop_ms():.3f}\n")
            time.sleep(INTERVAL)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
