"""Executors: the local multi-process runner, and Ray for clusters."""
