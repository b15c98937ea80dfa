"""Moved: the decide policy lives in :mod:`newssift.decide`, the re-decide job in
:mod:`newssift.execute.redecide`. These names stay importable for existing callers."""

from __future__ import annotations

from newssift.decide.policy import load_policy
from newssift.decide.stage import DECISION_FLAG, DecideStage

__all__ = ["DECISION_FLAG", "DecideStage", "load_policy"]
