"""Benchmarks of kg, run as scripts (``python benchmarks/kg_gold.py``), and the gold-set
tooling they share with the tests (``benchmarks.gold``, ``benchmarks.gold_file``).
"""
