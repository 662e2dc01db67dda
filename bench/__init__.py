"""Development only: benchmarks, load and fault tests, synthetic data (installed by the test and benchmark settings)."""
