"""Decide policies: named, versioned TOML files of rules, validated before anything runs.

A policy is a list of rules tried in file order; the first rule that fires rejects the
document with its ``reason`` (the reference filters also stop at their first failing
test, which keeps reason codes comparable). Two policies ship in ``policies/``:
``news`` (the default) and ``fineweb``; ``--policy`` takes one of those names or the path
of a file written the same way.

File format (``version = 1``)::

    name = "news"              # the policy's name (recorded in stats.json)
    revision = 1               # its own version: raise it whenever a rule changes
    version = 1                # the file format; only 1 is understood
    extra_scores = []          # score names a custom stage writes (else unknown = error)

    [[rule]]
    name = "near_empty/v1"     # unique, versioned
    reason = "near_empty"      # the stable code written on rejected records
    score = "n_words"          # a score on the record ... or field = "text" | ...
    op = "<"
    threshold = 20
    languages = ["en"]         # optional: the rule applies only to these languages
    not_languages = ["ja"]     # optional: ... or to every language but these
    enabled = true             # optional: false = a switch that is off
    family = "news"            # optional: a group for reports and benchmarks

A rule may instead hold ``all = [{score = ..., op = ..., threshold = ...}, ...]``: it
fires when every condition holds. Fields a condition may read instead of a score:

- ``text``: op ``empty``; or op ``matches`` with ``values`` (regular expressions, any
  may match), as may ``url``, ``title`` and ``all_text`` (the text or any line the
  cleaner removed);
- ``text_length``: characters of the stripped text, numeric ops;
- ``language``: ops ``in``/``not_in`` with ``values``;
- ``duplicate``: op ``is_copy``: the record's near-duplicate cluster is named after
  another kept record (meaningful once dedup has run; the runner then re-decides).

A rule whose score or field is missing on a record is skipped for that record (and
counted); a rule with ``languages`` does not apply to a record in another or an unknown
language, one with ``not_languages`` not to a record in one of those.

Every mistake in a file (broken TOML, unknown key, unknown score, wrong type or
version) is a :class:`PolicyError`: one line naming the file, the line and the rule.
"""

from __future__ import annotations

import hashlib
import math
import operator
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from newssift.errors import ConfigError
from newssift.record import Document

FORMAT_VERSION = 1
DEFAULT_POLICY = "news"
_PACKAGE = "newssift.decide"
_FOLDER = "policies"

NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
#: Record fields a rule may read, and the ops each accepts.
FIELD_OPS: dict[str, tuple[str, ...]] = {
    "text": ("empty", "matches"),
    "all_text": ("matches",),
    "text_length": tuple(NUMERIC_OPS),
    "language": ("in", "not_in"),
    "url": ("matches",),
    "title": ("matches",),
    "duplicate": ("is_copy",),
}
_TOP_KEYS = frozenset({"name", "revision", "version", "description", "extra_scores", "rule"})
_CONDITION_KEYS = frozenset({"score", "field", "op", "threshold", "values"})
_RULE_KEYS = _CONDITION_KEYS | {"name", "reason", "family", "enabled", "languages",
                                 "not_languages", "all"}


class PolicyError(ConfigError):
    """A policy file that cannot be used: one line naming file, line and rule."""


@lru_cache(maxsize=1)
def known_scores() -> frozenset[str]:
    """Every score name the stages write (the assess module is their one home)."""
    from newssift.assess.assessment import VERDICT_SCORES
    from newssift.assess.quality import quality_signals
    from newssift.extract.article import PAGE_SCORES

    sample = "One line of text, with words.\nAnother line here...\n\nA paragraph."
    return frozenset(quality_signals(sample)[0]) | VERDICT_SCORES | frozenset(PAGE_SCORES)


@dataclass(frozen=True, slots=True)
class Condition:
    """One comparison: a score or a record field, an op, a threshold or values."""

    op: str
    score: str | None = None
    field: str | None = None
    threshold: float = 0.0
    values: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()

    @property
    def reads(self) -> str:
        return self.score or self.field or ""

    def test(self, doc: Document) -> tuple[bool | None, float]:
        """(True if the condition holds on ``doc``, the value read); None: cannot tell."""
        f = self.field
        if f is None:
            value = doc.scores.get(self.score)  # type: ignore[arg-type]
            if value is None:
                return None, 0.0
            return NUMERIC_OPS[self.op](value, self.threshold), float(value)
        if f == "text" and self.op == "empty":
            return (not doc.text or not doc.text.strip()), float(len(doc.text or ""))
        if f == "text_length":
            n = float(len((doc.text or "").strip()))
            return NUMERIC_OPS[self.op](n, self.threshold), n
        if f == "language":
            if not doc.language:
                return None, 0.0
            inside = doc.language in self.values
            return (not inside if self.op == "not_in" else inside), 0.0
        if f == "all_text":
            lines = [doc.text or "", *(r.line for r in doc.removed)]
            return any(p.search(s) for s in lines for p in self.patterns), 0.0
        if f in ("url", "title", "text"):
            s = getattr(doc, f)
            if s is None:
                return None, 0.0
            return any(p.search(s) for p in self.patterns), 0.0
        # duplicate: set by dedup; before it has run nothing can be said
        if not doc.canonical_id:
            return None, 0.0
        copy = doc.canonical_id != doc.id
        return copy, float(doc.canonical_similarity or 0.0) if copy else 0.0


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a policy: its conditions (all must hold) and what it rejects with."""

    name: str
    reason: str
    conditions: tuple[Condition, ...]
    family: str = ""
    enabled: bool = True
    languages: tuple[str, ...] = ()
    not_languages: tuple[str, ...] = ()

    @property
    def threshold(self) -> float:
        return self.conditions[0].threshold

    def applies(self, language: str | None) -> bool:
        if self.languages and (language or "") not in self.languages:
            return False
        return not (self.not_languages and (language or "") in self.not_languages)

    def fires(self, doc: Document) -> tuple[bool | None, float]:
        """(True if the rule rejects ``doc``, the first value read); None: cannot tell."""
        first = 0.0
        for i, cond in enumerate(self.conditions):
            ok, value = cond.test(doc)
            if i == 0:
                first = value
            if ok is None:
                return None, first
            if not ok:
                return False, first
        return True, first


@dataclass(frozen=True)
class Policy:
    """A loaded, validated policy."""

    name: str
    revision: int
    source: str  # the shipped name, or the file's path
    sha: str  # of the file's bytes: two files with one name are told apart
    rules: tuple[Rule, ...]
    description: str = ""
    extra_scores: tuple[str, ...] = field(default=())

    @property
    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def only(self, families: set[str]) -> Policy:
        """The same policy with the rules of some families only (the datatrove parity bench
        compares one family of filters at a time)."""
        return replace(self, rules=tuple(r for r in self.rules if r.family in families))

    @property
    def needs_dedup(self) -> bool:
        """Whether an enabled rule reads dedup's fields (then the run re-decides after it)."""
        return any(c.field == "duplicate" for r in self.enabled for c in r.conditions)

    def info(self) -> dict[str, Any]:
        """What stats.json records about the policy."""
        return {
            "name": self.name,
            "revision": self.revision,
            "source": self.source,
            "sha256": self.sha,
            "rules": [r.name for r in self.enabled],
        }


def shipped_policies() -> list[str]:
    """Names of the policies shipped in the package."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _is_name(spec: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9_-]+", spec))


def load_policy(spec: str | os.PathLike[str] | None = None) -> Policy:
    """The policy named ``spec`` (a shipped name, or a path); the default when None."""
    spec = DEFAULT_POLICY if spec is None else os.fspath(spec)
    if _is_name(spec) and not os.path.exists(spec):
        if spec not in shipped_policies():
            raise PolicyError(
                f"unknown policy {spec!r}: give one of {', '.join(shipped_policies())} "
                "or the path of a policy .toml file"
            )
        return _load_shipped(spec)
    try:
        with open(spec, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise PolicyError(f"{spec}: cannot read the policy file: {exc.strerror or exc}") from None
    return parse_policy(data, spec, default_name=os.path.splitext(os.path.basename(spec))[0])


@lru_cache(maxsize=8)
def _load_shipped(name: str) -> Policy:
    data = resources.files(_PACKAGE).joinpath(_FOLDER, f"{name}.toml").read_bytes()
    return parse_policy(data, name, default_name=name)


def policy_from_dict(config: dict[str, Any], source: str = "<dict>") -> Policy:
    """A policy from already-parsed TOML (``{"version": 1, "rule": [...]}``)."""
    return _build(config, source, _Lines(""), default_name=source)


def parse_policy(data: bytes, source: str, default_name: str = "custom") -> Policy:
    """Parse and validate the bytes of a policy file; ``source`` names it in errors."""
    try:
        # utf-8-sig: an editor's byte order mark (Windows Notepad writes one) is not TOML
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PolicyError(f"{source}: not UTF-8 text") from None
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        where = f"{source}:{m.group(1)}" if m else source
        raise PolicyError(f"{where}: broken TOML: {msg.split(' (at ')[0]}") from None
    policy = _build(config, source, _Lines(text), default_name)
    sha = hashlib.sha256(data).hexdigest()[:16]
    return Policy(policy.name, policy.revision, policy.source, sha, policy.rules,
                  policy.description, policy.extra_scores)


class _Lines:
    """Line numbers of rules and of their keys in the file's text (for error messages)."""

    _HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [i for i, ln in enumerate(self.lines) if self._HEADER.match(ln)]

    def of(self, index: int | None, key: str | None = None) -> int | None:
        """1-based line of rule ``index`` (its ``key`` if found), or of a top-level key."""
        if index is None:
            start, end = 0, (self.headers[0] if self.headers else len(self.lines))
        elif index < len(self.headers):
            start = self.headers[index]
            end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines)
        else:
            return None
        if key:  # the key's own line, else a line holding it inline ({score = ...})
            for pat in (re.compile(rf"^\s*{re.escape(key)}\s*="),
                        re.compile(rf"[{{,]\s*{re.escape(key)}\s*=")):
                for i in range(start, end):
                    if pat.search(self.lines[i]):
                        return i + 1
        return start + 1 if index is not None else None


def _build(config: dict[str, Any], source: str, lines: _Lines, default_name: str) -> Policy:
    def fail(msg: str, index: int | None = None, key: str | None = None,
             rule: str | None = None) -> PolicyError:
        line = lines.of(index, key)
        where = f"{source}:{line}" if line else source
        who = f"rule {rule!r}: " if rule else (f"rule #{index + 1}: " if index is not None else "")
        return PolicyError(f"{where}: {who}{msg}")

    unknown = sorted(set(config) - _TOP_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_TOP_KEYS))})",
                   key=unknown[0])
    version = config.get("version")
    if version is None:
        raise fail(f"'version = {FORMAT_VERSION}' is missing (the policy file format)")
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise fail(f"version {version!r} is not understood (this newssift reads version "
                   f"{FORMAT_VERSION})", key="version")
    name = config.get("name", default_name)
    revision = config.get("revision", 1)
    if not isinstance(name, str) or not name:
        raise fail("'name' must be a non-empty string", key="name")
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise fail("'revision' must be an integer", key="revision")
    extra = config.get("extra_scores", [])
    if not isinstance(extra, list) or not all(isinstance(s, str) for s in extra):
        raise fail("'extra_scores' must be a list of strings", key="extra_scores")
    raw = config.get("rule", [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise fail("'rule' must be an array of tables ([[rule]])", key="rule")
    if not raw:
        raise fail("no rules: a policy needs at least one [[rule]]")
    scores = known_scores() | frozenset(extra)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, d in enumerate(raw):
        rule = _rule(d, i, scores, fail)
        if rule.name in seen:
            raise fail("rule names must be unique", i, "name", rule.name)
        seen.add(rule.name)
        rules.append(rule)
    description = config.get("description", "")
    return Policy(name, revision, source, "", tuple(rules), str(description), tuple(extra))


def _rule(d: dict[str, Any], i: int, scores: frozenset[str], fail) -> Rule:
    rname = d.get("name") if isinstance(d.get("name"), str) else None
    unknown = sorted(set(d) - _RULE_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}", i, unknown[0], rname)
    for key in ("name", "reason"):
        if not isinstance(d.get(key), str) or not d[key]:
            raise fail(f"{key!r} is required (a non-empty string)", i, key, rname)
    for key, kind, what in (("family", str, "a string"), ("enabled", bool, "true or false")):
        if key in d and not isinstance(d[key], kind):
            raise fail(f"{key!r} must be {what}", i, key, rname)
    for key in ("languages", "not_languages"):
        codes = d.get(key, [])
        if not isinstance(codes, list) or not all(isinstance(v, str) for v in codes):
            raise fail(f"{key!r} must be a list of language codes", i, key, rname)
    if "all" in d:
        if set(d) & _CONDITION_KEYS:
            raise fail("give either 'all' or one condition, not both", i, "all", rname)
        if not isinstance(d["all"], list) or not d["all"] or not all(
            isinstance(c, dict) for c in d["all"]
        ):
            raise fail("'all' must be a non-empty list of conditions", i, "all", rname)
        conds = tuple(_condition(c, i, scores, fail, rname) for c in d["all"])
    else:
        conds = (_condition(d, i, scores, fail, rname),)
    return Rule(
        name=d["name"],
        reason=d["reason"],
        conditions=conds,
        family=d.get("family", ""),
        enabled=d.get("enabled", True),
        languages=tuple(d.get("languages", [])),
        not_languages=tuple(d.get("not_languages", [])),
    )


def _condition(d: dict[str, Any], i: int, scores: frozenset[str], fail, rname) -> Condition:
    unknown = sorted(set(d) - _CONDITION_KEYS - (_RULE_KEYS - {"all"}))
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)} in a condition", i, unknown[0], rname)
    op = d.get("op")
    if not isinstance(op, str):
        raise fail("'op' is required (a string)", i, "op", rname)
    score, fld = d.get("score"), d.get("field")
    if (score is None) == (fld is None):
        raise fail("give exactly one of 'score' or 'field'", i, "score", rname)
    threshold = d.get("threshold", 0.0)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise fail(f"'threshold' must be a number, not {threshold!r}", i, "threshold", rname)
    values = d.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise fail("'values' must be a list of strings", i, "values", rname)
    patterns: tuple[re.Pattern[str], ...] = ()
    if score is not None:
        if not isinstance(score, str):
            raise fail("'score' must be a string", i, "score", rname)
        if score not in scores:
            raise fail(f"unknown score {score!r} (not written by any stage; a custom score "
                       "goes in extra_scores)", i, "score", rname)
        if op not in NUMERIC_OPS:
            raise fail(f"op must be one of {' '.join(NUMERIC_OPS)}, not {op!r}", i, "op", rname)
    else:
        if fld not in FIELD_OPS:
            raise fail(f"unknown field {fld!r} (known: {', '.join(FIELD_OPS)})",
                       i, "field", rname)
        if op not in FIELD_OPS[fld]:
            raise fail(f"field {fld!r} takes op {' or '.join(FIELD_OPS[fld])}, not {op!r}",
                       i, "op", rname)
        if op in ("in", "not_in", "matches") and not values:
            raise fail(f"op {op!r} needs a non-empty 'values' list", i, "values", rname)
        if op == "matches":
            try:
                patterns = tuple(re.compile(v) for v in values)
            except re.error as exc:
                raise fail(f"bad regular expression: {exc}", i, "values", rname) from None
    # Why: a missing threshold meant 0 (so `n_words < 0` never fired), nan compares false
    # with everything (a rule that never fires), and an integer past float's range raised
    # OverflowError out of the build
    if op in NUMERIC_OPS and "threshold" not in d:
        raise fail(f"op {op!r} needs a 'threshold' (a number)", i, "op", rname)
    try:
        threshold = float(threshold)
    except OverflowError:
        raise fail("'threshold' is too large (past 1.8e308)", i, "threshold", rname) from None
    if math.isnan(threshold):
        raise fail("'threshold' must be a number, not nan", i, "threshold", rname)
    return Condition(op=op, score=score, field=fld, threshold=threshold,
                     values=tuple(values), patterns=patterns)
