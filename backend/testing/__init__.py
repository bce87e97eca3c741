"""Harnesses the backend's tests and benchmarks share (nothing here runs in a served backend)."""
