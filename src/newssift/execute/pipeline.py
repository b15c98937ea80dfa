"""Assemble the per-document stages named in a run config, in pipeline order."""

from __future__ import annotations

from importlib import import_module

from newssift.execute.config import RunConfig, check_stages
from newssift.execute.stages import STAGES
from newssift.stage import Stage


def build_stages(config: RunConfig) -> list[Stage]:
    """Instantiate the configured stages (``execute/stages.py`` lists them). Imports are
    local so a worker only pays for the stages it runs. The names are checked again here
    (known, once each, in pipeline order: :func:`check_stages`), for a config whose
    ``stages`` was set after it was made."""
    names = check_stages(config.stages)
    from newssift.langid import configure

    configure(config.language_backend)  # the one identifier of this run, loaded when used
    stages: list[Stage] = []
    for name, where in STAGES.items():
        if name not in names:
            continue
        module, cls = where.split(":")
        stages.append(getattr(import_module(module), cls).for_run(config))
    for stage in stages:
        stage.time_limit = config.time_limit
    return stages
