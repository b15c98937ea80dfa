"""Assemble the per-document stages named in a run config, in pipeline order."""

from __future__ import annotations

from newssift.execute.config import ALL_STAGES, RunConfig
from newssift.stage import Stage


def build_stages(config: RunConfig) -> list[Stage]:
    """Instantiate the configured stages. Imports are local so a worker only pays for
    the stages it runs."""
    unknown = set(config.stages) - set(ALL_STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(sorted(unknown))}")
    from newssift.langid import configure

    configure(config.language_backend)  # the one identifier of this run, loaded when used
    stages: list[Stage] = []
    for name in ALL_STAGES:
        if name not in config.stages:
            continue
        if name == "extract":
            from newssift.extract.stage import ExtractStage

            stages.append(ExtractStage())
        elif name == "clean":
            from newssift.clean.stage import CleanStage

            stages.append(CleanStage(mode=config.clean_mode))
        elif name == "news":
            from newssift.news.stage import NewsStage

            stages.append(NewsStage())
        elif name == "assess":
            from newssift.assess.stage import AssessStage

            stages.append(AssessStage())
        elif name == "decide":
            from newssift.decide.stage import DecideStage

            stages.append(DecideStage.from_config(config.policy))
    for stage in stages:
        stage.time_limit = config.time_limit
    return stages

