"""Assemble the per-document stages named in a run config, in pipeline order."""

from __future__ import annotations

from importlib import import_module

from newssift.execute.config import RunConfig
from newssift.execute.stages import STAGES
from newssift.stage import Stage


def build_stages(config: RunConfig) -> list[Stage]:
    """Instantiate the configured stages (``execute/stages.py`` lists them). Imports are
    local so a worker only pays for the stages it runs."""
    unknown = set(config.stages) - set(STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(sorted(unknown))}")
    from newssift.langid import configure

    configure(config.language_backend)  # the one identifier of this run, loaded when used
    stages: list[Stage] = []
    for name, where in STAGES.items():
        if name not in config.stages:
            continue
        module, cls = where.split(":")
        stages.append(getattr(import_module(module), cls).for_run(config))
    for stage in stages:
        stage.time_limit = config.time_limit
    return stages
