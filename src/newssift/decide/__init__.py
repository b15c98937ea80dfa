"""Deciding: scores already on the record → keep or reject, under a named policy.

Why its own package beside the stages: measuring is expensive and policies are argued
about. The stages before it write scores and flags; a *policy* (a versioned TOML file,
:mod:`newssift.decide.policy`) says which of them make a document unfit, and the decide
stage (:mod:`newssift.decide.stage`) applies it. Two policies ship: ``news`` (the
default: keep what a reader of news calls an article) and ``fineweb`` (FineWeb's
pretraining filters, in parity with datatrove). A finished run is re-decided under
another policy by ``newssift decide OUT --policy NAME|PATH`` without recomputing
anything (the batch job lives with the executors: :mod:`newssift.execute.redecide`).
"""

from newssift.decide.policy import DEFAULT_POLICY, Policy, Rule, load_policy, shipped_policies
from newssift.decide.stage import DecideStage

__all__ = ["DEFAULT_POLICY", "DecideStage", "Policy", "Rule", "load_policy", "shipped_policies"]
