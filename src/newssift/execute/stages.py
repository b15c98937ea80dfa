"""The per-document stages, in pipeline order: the one list the config, the CLI and the
pipeline builder read.

Each entry names where its class lives, so reading the list imports nothing: ``newssift
--help`` can show the default ``--stages`` without loading a stage, and a worker imports
only the stages its run uses. A stage class builds itself for a run with
:meth:`newssift.stage.Stage.for_run`.
"""

from __future__ import annotations

#: name -> "module:Class"
STAGES: dict[str, str] = {
    "extract": "newssift.extract.stage:ExtractStage",
    "clean": "newssift.clean.stage:CleanStage",
    "news": "newssift.news.stage:NewsStage",
    "assess": "newssift.assess.stage:AssessStage",
    "decide": "newssift.decide.stage:DecideStage",
}

ALL_STAGES: tuple[str, ...] = tuple(STAGES)
