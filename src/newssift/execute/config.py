"""The run configuration: everything that changes what a run writes, in one picklable object.

The same object goes to every worker (local processes or Ray tasks). Its ``fingerprint``
is stored with the run state, so resuming a run with a different configuration is refused
instead of silently mixing outputs of two configurations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import numbers
import os
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newssift.errors import ConfigError
from newssift.execute.stages import ALL_STAGES
from newssift.io.options import ReadOptions

#: The choices of the run's named options, spelled here because their homes are heavy
#: imports (``io/run_folder.py: FORMATS``, ``clean/cleaner.py: MODES``, ``extract/body.py:
#: FAVORS``, ``langid.py: BACKENDS``); tests/execute/test_api_checks.py holds them equal.
FORMATS: tuple[str, ...] = ("parquet", "jsonl")
CLEAN_MODES: tuple[str, ...] = ("news", "web")
FAVORS: tuple[str, ...] = ("balanced", "precision", "recall")
LANGUAGE_BACKENDS: tuple[str, ...] = ("fasttext", "py3langid")


@dataclass
class RunConfig:
    """What a run does. ``workers=0`` means all cores."""

    workers: int = 0
    format: str = "parquet"
    time_limit: float | None = 60.0  # seconds per document and stage
    stages: tuple[str, ...] = ALL_STAGES
    policy: str = "news"  # decide policy: a shipped name (news, fineweb) or a TOML path
    language_backend: str = "fasttext"  # language identifier: fasttext (lid.176) or py3langid
    dedup: bool = True
    dedup_index: str | None = None  # on-disk index of earlier runs, for incremental dedup
    write_html: bool = False  # keep the raw HTML in written records (the reader always reads it)
    clean_mode: str = "news"  # clean stage: "news" (cautious) or "web" (every line judged)
    extract_favor: str = "balanced"  # extract stage: balanced, precision or recall
    #: extract stage: keep the readers' comments in the record's ``comments`` field
    comments: bool = False
    batch_rows: int = 1000  # records per Parquet row group at most (also capped by size)
    #: extract stage: the last day an article's date may be (YYYY-MM-DD; a later one is no
    #: date). None: the day the run starts. Either is kept in the run state, not in the
    #: fingerprint, so a run resumed or still going after midnight bounds every page by the
    #: same day (a resume may repeat the day or leave it out); stats.json names it
    today: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)

    def __post_init__(self) -> None:
        """Check every option's type and range here, where the caller made the config.

        Without it a bad option surfaced far from its cause (review r40): ``time_limit=-1``
        or ``"5"`` quarantined every document with the timer's error, ``stages="extract,
        clean"`` was read letter by letter, ``workers="2"`` failed in a comparison, a dict
        for ``read`` failed in the planner. A wrong type raises TypeError, a value out of
        range ConfigError (one line and exit 2 on the command line). A few forms are made
        the one the command line gives, so both write the same config (and fingerprint):
        a number of seconds as a float, 0 seconds as None (no limit), a path as a str, a
        date as YYYY-MM-DD, ``stages`` as a tuple (a str is split on commas, as
        ``--stages`` is).
        """
        self.workers = _count("workers", self.workers, 0)
        self.format = _choice("format", self.format, FORMATS)
        self.time_limit = _seconds(self.time_limit)
        self.stages = check_stages(self.stages)
        self.policy = _path("policy", self.policy)
        self.language_backend = _choice("language_backend", self.language_backend,
                                        LANGUAGE_BACKENDS)
        for name in ("dedup", "write_html", "comments"):
            _flag(name, getattr(self, name))
        if self.dedup_index is not None:
            self.dedup_index = _path("dedup_index", self.dedup_index)
        self.clean_mode = _choice("clean_mode", self.clean_mode, CLEAN_MODES)
        self.extract_favor = _choice("extract_favor", self.extract_favor, FAVORS)
        self.batch_rows = _count("batch_rows", self.batch_rows, 1)
        self.today = _day(self.today)
        _check_read(self.read)

    def resolved_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["stages"] = list(self.stages)
        if not d["comments"]:  # runs without comments keep their fingerprint
            del d["comments"]
        if d["today"] is None:  # not pinned: the run state gives the run's start day
            del d["today"]
        return d

    def fingerprint(self) -> str:
        """Hash of everything that shapes the output (the worker count does not): the
        policy file's bytes included, so an edited policy file is another configuration."""
        from newssift.decide.policy import load_policy

        d = self.to_dict()
        d.pop("workers")
        d.pop("today", None)  # the run state holds the run's day (execute/local.py)
        d["policy_sha256"] = load_policy(self.policy).sha
        d["models_sha256"] = models_digest()
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


def check_stages(stages: str | Iterable[str]) -> tuple[str, ...]:
    """The run's stage names as a tuple, checked: known names, each once, in pipeline order.

    A str is split on commas, as the command line's ``--stages`` is ("extract,clean"): a
    stage name holds no comma, so the split cannot misread a name, and the same spelling
    then works in both places (iterating the str, as before, gave one "stage" per letter).
    The stages always run in the one order of ``execute/stages.py`` (docs/architecture.md:
    a stage reads what the ones before it filled in), so an order given otherwise is
    refused rather than silently run in another order than it reads; the same goes for a
    name given twice.
    """
    if isinstance(stages, str):
        names: tuple = tuple(s.strip() for s in stages.split(",") if s.strip())
    elif isinstance(stages, Set):  # no order of its own: the pipeline's (review r41)
        names = tuple(sorted(stages, key=lambda n: (
            ALL_STAGES.index(n) if n in ALL_STAGES else len(ALL_STAGES), str(n))))
    elif isinstance(stages, Iterable):
        names = tuple(stages)
    else:
        raise TypeError(f"stages must be stage names (a tuple, a list, or a str such as "
                        f"'extract,clean'), not {type(stages).__name__}")
    bad = [n for n in names if not isinstance(n, str)]
    if bad:
        raise TypeError(f"stages must be stage names (str), not {bad[0]!r}")
    unknown = sorted(set(names) - set(ALL_STAGES))
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(unknown)} "
                          f"(known: {', '.join(ALL_STAGES)})")
    ordered = tuple(n for n in ALL_STAGES if n in names)
    if names != ordered:
        raise ConfigError(f"stages {','.join(names)}: stages run in the order "
                          f"{','.join(ALL_STAGES)}, each once: give {','.join(ordered)}")
    return names


def _count(name: str, value: Any, least: int) -> int:
    """An int option of at least ``least`` (an int of numpy's too; not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < least:
        raise ConfigError(f"{name} must be at least {least}, not {value}")
    return int(value)


def _seconds(value: Any) -> float | None:
    """The per-document time limit: None or a finite number of seconds >= 0, as a float
    (the command line's form); 0 is None, no limit, as ``--time-limit 0`` is."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"time_limit must be a number of seconds or None, not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ConfigError(f"time_limit must be a finite number of seconds >= 0 "
                          f"(0 or None: no limit), not {value}")
    return float(value) or None


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str (one of {', '.join(choices)}), not {value!r}")
    if value not in choices:
        raise ConfigError(f"unknown {name} {value!r}: choose {', '.join(choices)}")
    return value


def _flag(name: str, value: Any) -> None:
    """A yes/no option must be a bool: ``dedup="no"`` would be true."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")


def _path(name: str, value: Any) -> str:
    """A name or path option as a str (a ``Path`` is taken; the config is JSON)."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or a path, not {value!r}")
    return value


def _day(value: Any) -> str | None:
    """``today`` as the run state keeps it: None, or a date spelled YYYY-MM-DD (a date or
    datetime is spelled so; the spelling of a str is checked when the run starts)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"today must be a date or a str YYYY-MM-DD, not {value!r}")


def _check_read(read: Any) -> None:
    """The reader options: a :class:`ReadOptions` of the right types and ranges."""
    if not isinstance(read, ReadOptions):
        raise TypeError(f"read must be a newssift.io.options.ReadOptions, not "
                        f"{type(read).__name__} (or give its fields as run options: "
                        "text_field='body', unit_files=64)")
    for name in ("html_field", "text_field", "url_field", "id_field", "date_field"):
        value = getattr(read, name)
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {value!r}")
    _flag("read_html", read.read_html)
    _count("unit_bytes", read.unit_bytes, 0)
    _count("unit_files", read.unit_files, 1)
    _count("max_record_bytes", read.max_record_bytes, 1)


#: The package's model files: the line models, the MT models, dedup's NFKC table, and a
#: line scorer for extraction if one is ever put there (``extract/body.py: MODEL_PATH``).
MODELS = Path(__file__).resolve().parent.parent / "models"


def models_digest(folder: Path = MODELS) -> str:
    """One hash of every file in the package's ``models/`` folder, names and bytes: a model
    retrained or dropped in there changes what a run writes, so it changes the fingerprint
    and a resume across it is refused like one across another policy file."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
