"""The loader of the Turku line-quality annotations, for the cleaning bench (measurement only).

The files (../shared/benchmarks/lines/turku/<lang>/{train,dev}.json; Laippala et al. 2022, see
the benchmarks README) are JSON lists of documents ``{"text": [lines], "labels": [labels]}``,
one label per line: ``"1"`` means the annotators kept the line as clean text, ``"0"`` means
noise. en, de, es and fi have a train and a dev split; fr and sv only a dev split; the test
split is held back and not on this machine.

The files carry no licence: they measure the line model and the cleaner, and never train a
shipped model (so this loader lives in bench/, not train/). The lines go through the cleaner's
own repair and whitespace normalisation (what ``newssift.clean`` does before judging a line),
empty lines are dropped with their labels, and the label is *flipped* to the model's
convention, 1 = noise. The train splits are read only to fit the bench's n-gram baseline and
to recognise dev documents that are copies of train documents.

Use from the repository root::

    from bench.turku import load
"""

from __future__ import annotations

import json
from pathlib import Path

from newssift.clean.repair import normalise_line, repair

#: Languages with a train split (fr and sv have only dev).
TRAIN_LANGS = ("en", "de", "es", "fi")
#: Every language with a dev split.
DEV_LANGS = ("en", "de", "es", "fi", "fr", "sv")


def load(path: Path) -> list[tuple[list[str], list[int]]]:
    """Documents of one split file as (lines, labels), label 1 = noise, 0 = clean.

    The file's "1" (clean) becomes 0 and its "0" (noise) becomes 1. Lines empty after repair
    and normalisation are left out with their labels; documents left empty are left out.
    """
    docs: list[tuple[list[str], list[int]]] = []
    for d in json.loads(path.read_text(encoding="utf-8")):
        lines: list[str] = []
        labels: list[int] = []
        for t, lab in zip(d["text"], d["labels"], strict=True):
            t = normalise_line(repair(t))
            if t:
                lines.append(t)
                labels.append(0 if str(lab) == "1" else 1)
        if lines:
            docs.append((lines, labels))
    return docs


def load_train(
    root: Path, langs: tuple[str, ...] = TRAIN_LANGS
) -> list[tuple[list[str], list[int]]]:
    """The train splits of ``langs`` under ``root`` (the turku folder), in that order."""
    docs: list[tuple[list[str], list[int]]] = []
    for lang in langs:
        p = root / lang / "train.json"
        if p.exists():
            docs.extend(load(p))
    return docs
