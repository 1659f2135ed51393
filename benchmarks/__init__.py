"""Benchmark harness: our engine against the baselines a Python developer would reach for first.

Run it with ``python -m benchmarks.run --sizes 5k`` (see ``benchmarks/run.py``). The data flow:
``sources`` (shared data sets -> ``Article``) -> ``corpus`` (ingest-format folders of 5k/20k/100k articles)
-> ``queries`` (sampled query set + Cranfield) -> ``engines`` (build, query), each step run by ``worker`` in
a fresh process and measured by ``measure`` -> ``evaluate`` + ``metrics`` (misses, precision, nDCG, MAP)
-> ``report`` (RESULTS.md, results.json).
"""
