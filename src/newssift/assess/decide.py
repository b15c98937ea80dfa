"""The decide stage: scores already on the record → keep or reject, with a reason.

Why a separate stage with a thresholds file: measuring is expensive, thresholds are
argued about. The assess stage writes raw scores; this stage only compares them with the
rules of a TOML file (``thresholds.toml`` beside this module is the default), so a
finished run can be re-decided with other thresholds without recomputing anything
(:func:`decide_output`, ``newssift decide OUT --config thresholds.toml``).

Contract: rules are tried in file order and the first one that fires gives the reason
(the reference filters also stop at their first failing test, which is how the reason
codes stay comparable). A rule whose score is missing on a record is skipped and counted
under ``decide/missing/<score>``. Quarantined documents pass untouched.

Re-deciding an output folder rewrites each unit's parts in place: the documents of
``kept/part-X`` and ``rejected/part-X`` are read, re-decided, sorted by
(source, source_offset, id) and written back under the same part names. A part that ends
up with no document is *removed* (the run writer also never creates empty parts), so
"documents in kept/ + rejected/" stays equal before and after. Near-duplicate clusters
are computed over kept documents only, so when the run had them (``OUT/dedup/`` exists)
the rejected documents lose their cluster fields and dedup runs again over the new kept set.
"""

from __future__ import annotations

import json
import operator
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from newssift.errors import InputError
from newssift.io import storage
from newssift.record import KEEP, QUARANTINE, REJECT, Document, Flag
from newssift.stage import Stage, Stats

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
FIELDS = ("text", "language")
DECISION_FLAG = "decision"


@dataclass(frozen=True, slots=True)
class Rule:
    """One threshold rule of the config file."""

    name: str
    reason: str
    op: str
    score: str | None = None
    field: str | None = None
    threshold: float = 0.0
    values: tuple[str, ...] = ()
    family: str = ""
    enabled: bool = True

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rule:
        unknown = set(d) - {
            "name",
            "reason",
            "op",
            "score",
            "field",
            "threshold",
            "values",
            "family",
            "enabled",
        }
        if unknown:
            raise ValueError(f"rule {d.get('name')!r}: unknown key(s) {sorted(unknown)}")
        for key in ("name", "reason", "op"):
            if not isinstance(d.get(key), str) or not d[key]:
                raise ValueError(f"rule {d.get('name')!r}: {key!r} is required")
        rule = cls(
            name=d["name"],
            reason=d["reason"],
            op=d["op"],
            score=d.get("score"),
            field=d.get("field"),
            threshold=float(d.get("threshold", 0.0)),
            values=tuple(d.get("values", ())),
            family=d.get("family", ""),
            enabled=bool(d.get("enabled", True)),
        )
        rule._check()
        return rule

    def _check(self) -> None:
        if (self.score is None) == (self.field is None):
            raise ValueError(f"rule {self.name!r}: give exactly one of 'score' or 'field'")
        if self.field is not None:
            if self.field not in FIELDS:
                raise ValueError(f"rule {self.name!r}: field must be one of {FIELDS}")
            if self.field == "text" and self.op != "empty":
                raise ValueError(f"rule {self.name!r}: field 'text' supports op 'empty' only")
            if self.field == "language" and self.op not in ("in", "not_in"):
                raise ValueError(f"rule {self.name!r}: field 'language' needs op 'in'/'not_in'")
        elif self.op not in _OPS:
            raise ValueError(f"rule {self.name!r}: op must be one of {sorted(_OPS)}")

    def fires(self, doc: Document) -> tuple[bool | None, float]:
        """(True if the rule rejects ``doc``, the value read); None when it cannot tell."""
        if self.field == "text":
            empty = not doc.text or not doc.text.strip()
            return empty, float(len(doc.text or ""))
        if self.field == "language":
            if not doc.language:
                return None, 0.0
            inside = doc.language in self.values
            return (not inside if self.op == "not_in" else inside), 0.0
        value = doc.scores.get(self.score)  # type: ignore[arg-type]
        if value is None:
            return None, 0.0
        return _OPS[self.op](value, self.threshold), float(value)


def load_thresholds(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Parse a thresholds file (the shipped default when ``path`` is None)."""
    if path is None:
        text = resources.files("newssift.assess").joinpath("thresholds.toml").read_text("utf-8")
        return tomllib.loads(text)
    with open(path, "rb") as fh:
        return tomllib.load(fh)


class DecideStage(Stage):
    """Applies threshold rules to the scores on each record; writes decision and reason."""

    name = "decide"

    def __init__(self, thresholds: dict[str, Any] | None = None) -> None:
        config = load_thresholds() if thresholds is None else thresholds
        raw = config.get("rule", config.get("rules", []))
        rules = [Rule.from_dict(d) for d in raw]
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise ValueError("thresholds: rule names must be unique")
        self.rules: list[Rule] = [r for r in rules if r.enabled]
        self.all_rules = rules
        self._stats: Stats | None = None

    @classmethod
    def from_config(cls, path: str | os.PathLike[str] | None = None) -> DecideStage:
        return cls(load_thresholds(path))

    def only(self, families: set[str]) -> DecideStage:
        """A copy restricted to the enabled rules of some families (for benchmarks)."""
        out = DecideStage({"rule": []})
        out.rules = [r for r in self.rules if r.family in families]
        out.all_rules = out.rules
        return out

    def decide(self, doc: Document) -> tuple[bool, Rule | None, float]:
        """(keep?, the rule that rejected, the value it read); counts missing scores once."""
        missing: set[str] = set()
        verdict: tuple[bool, Rule | None, float] = (True, None, 0.0)
        for rule in self.rules:
            fired, value = rule.fires(doc)
            if fired is None:
                missing.add(rule.score or rule.field or "")
            elif fired:
                verdict = (False, rule, value)
                break
        if self._stats is not None:
            for name in sorted(missing):
                self._stats.inc(f"decide/missing/{name}")
        return verdict

    def filter(self, doc: Document) -> tuple[bool, str | None]:
        """(keep?, reason code of the first rule that fires)."""
        if doc.decision == QUARANTINE:
            return True, None
        keep, rule, _ = self.decide(doc)
        return keep, (rule.reason if rule else None)

    def process(self, doc: Document) -> Document:
        keep, rule, value = self.decide(doc)
        doc.flags = [f for f in doc.flags if f.name != DECISION_FLAG]
        if keep:
            doc.decision, doc.reason = KEEP, None
        else:
            assert rule is not None
            doc.decision, doc.reason = REJECT, rule.reason
            doc.flags.append(
                Flag(
                    name=DECISION_FLAG,
                    rule=rule.name,
                    value=value,
                    threshold=rule.threshold,
                    text=rule.reason,
                )
            )
        return doc

    def run(self, docs, stats: Stats):  # type: ignore[override]
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


@dataclass
class _Unit:
    docs: list[Document] = field(default_factory=list)
    ext: str = ".parquet"
    paths: list[str] = field(default_factory=list)


_DEDUP_FIELDS = ("cluster_id", "canonical_id", "canonical_similarity", "canonical_reason")


def decide_output(out_dir: str | os.PathLike[str], config_path: str | None = None) -> Stats:
    """Re-decide a finished run's ``kept/`` and ``rejected/`` parts with new thresholds.

    Nothing is recomputed: only the scores on the records are read. Parts are rewritten
    under their own names; emptied parts are removed. The counts are stored under the
    ``decide`` key of ``OUT/stats.json`` (created if missing) and returned. ``OUT`` may be
    a local folder or an fsspec URL, like the run's output.
    """
    from newssift.io.writers import PartWriter, read_part

    out = os.fspath(out_dir)
    if storage.is_url(out):
        storage.filesystem(out, InputError)  # an unknown protocol: one line, not a traceback
    if not storage.isdir(out):
        raise InputError(f"no output folder at {out}")
    stage = DecideStage.from_config(config_path)
    units: dict[str, _Unit] = {}
    for folder in ("kept", "rejected"):
        base = storage.join(out, folder)
        for fname in storage.listdir(base):
            stem, dot, ext = fname.rpartition(".")
            if not fname.startswith("part-") or ext not in ("parquet", "jsonl"):
                continue
            path = storage.join(base, fname)
            unit = units.setdefault(stem[len("part-") :], _Unit(ext=dot + ext))
            if unit.paths and unit.ext != dot + ext:
                raise ValueError(f"unit {stem} has parts in two formats")
            unit.paths.append(path)
            unit.docs.extend(read_part(path))
    stats = Stats()
    for name in sorted(units):
        unit = units[name]
        unit.docs.sort(key=lambda d: (d.source, d.source_offset, d.id))
        decided = list(stage.run(unit.docs, stats))
        for d in decided:
            if d.decision == REJECT:
                for dedup_field in _DEDUP_FIELDS:
                    setattr(d, dedup_field, None)
        writer = PartWriter(out, name, unit.ext.lstrip("."), keep_html=True)
        writer.write_all(decided)
        writer.close()
        written = {os.fspath(p.path) for p in writer.parts.values()}
        for path in unit.paths:
            if path not in written:
                storage.remove(path)
    if storage.isdir(storage.join(out, "dedup")):
        try:
            from newssift.dedup import run_dedup
        except ImportError:  # pragma: no cover - dedup not installed
            pass
        else:
            dedup_stats = run_dedup(out)
            stats.counts.update(dedup_stats.counts)
    _store_stats(out, stats, config_path)
    return stats


def _store_stats(out: str, stats: Stats, config_path: str | None) -> None:
    path = storage.join(out, "stats.json")
    data: dict[str, Any] = {}
    if storage.exists(path):
        data = json.loads(storage.read_text(path))
    counts = dict(sorted(stats.counts.items()))
    reasons = {k.split("/", 2)[2]: v for k, v in counts.items() if k.startswith("decide/reason/")}
    data["decide"] = {
        "config": str(config_path) if config_path else "default",
        "documents": {
            "total": counts.get("decide/keep", 0) + counts.get("decide/reject", 0),
            "kept": counts.get("decide/keep", 0),
            "rejected": counts.get("decide/reject", 0),
        },
        "reasons": reasons,
        "counts": counts,
    }
    storage.write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
