"""Benchmark engines and the independent checker for the Curtois & Qu instances."""
