"""The run configuration: everything that changes what a run writes, in one picklable object.

The same object goes to every worker (local processes or Ray tasks). Its ``fingerprint``
is stored with the run state, so resuming a run with a different configuration is refused
instead of silently mixing outputs of two configurations.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from newssift.execute.stages import ALL_STAGES
from newssift.io.options import ReadOptions


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
