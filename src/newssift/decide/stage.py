"""The decide stage: applies a policy's rules to the scores on each record.

Contract: rules are tried in policy order and the first one that fires gives the reason;
a rule whose score is missing on a record is skipped and counted under
``decide/missing/<score>``; a rule limited to some languages is not tried on a record in
another language. Quarantined documents pass untouched. Re-deciding replaces the
``decision`` flag instead of stacking them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from newssift.decide.policy import Policy, Rule, load_policy, policy_from_dict
from newssift.record import KEEP, REJECT, Document, Flag
from newssift.stage import Stage, Stats

DECISION_FLAG = "decision"


class DecideStage(Stage):
    """Writes ``decision`` and ``reason`` from the rules of a :class:`Policy`."""

    name = "decide"

    def __init__(self, policy: Policy | dict[str, Any] | str | None = None) -> None:
        if isinstance(policy, dict):
            policy = policy_from_dict(policy)
        elif not isinstance(policy, Policy):
            policy = load_policy(policy)
        self.policy = policy
        self.all_rules: list[Rule] = list(policy.rules)
        self.rules: list[Rule] = policy.enabled
        self._stats: Stats | None = None

    @classmethod
    def for_run(cls, config: Any) -> DecideStage:
        return cls.from_config(config.policy)

    @classmethod
    def from_config(cls, spec: str | os.PathLike[str] | None = None) -> DecideStage:
        """The stage of a policy name or file (the default policy when None)."""
        return cls(load_policy(spec))

    def decide(self, doc: Document) -> tuple[bool, Rule | None, float]:
        """(keep?, the rule that rejected, the value it read); counts missing scores once."""
        missing: set[str] = set()
        verdict: tuple[bool, Rule | None, float] = (True, None, 0.0)
        for rule in self.rules:
            if not rule.applies(doc.language):
                continue
            fired, value = rule.fires(doc)
            if fired is None:
                missing.update(c.reads for c in rule.conditions)
            elif fired:
                verdict = (False, rule, value)
                break
        if self._stats is not None:
            for name in sorted(missing):
                self._stats.inc(f"decide/missing/{name}")
        return verdict

    def process(self, doc: Document) -> Document:
        keep, rule, value = self.decide(doc)
        doc.flags = [f for f in doc.flags if f.name != DECISION_FLAG]
        if keep:
            doc.decision, doc.reason = KEEP, None
        else:
            assert rule is not None
            doc.decision, doc.reason = REJECT, rule.reason
            doc.flags.append(
                Flag(name=DECISION_FLAG, rule=rule.name, value=value,
                     threshold=rule.threshold, text=rule.reason)
            )
        return doc

    def run(self, docs: Iterable[Document], stats: Stats) -> Iterator[Document]:
        self._stats = stats
        try:
            for doc in docs:
                out = self.guard(doc, stats)
                if out.decision in (KEEP, REJECT):
                    stats.inc(f"decide/{out.decision}")
                    if out.reason:
                        stats.inc(f"decide/reason/{out.reason}")
                yield out
        finally:
            self._stats = None
