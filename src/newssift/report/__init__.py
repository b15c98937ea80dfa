"""Run report and viewer."""
