"""Benchmarks for Warta and its peers; shared harness in :mod:`bench.common`."""
