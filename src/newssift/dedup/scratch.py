"""Where dedup keeps its scratch files under ``OUT/dedup/``: one home for the layout.

Why a module of its own: the signature tasks write these files, the later tasks, the
site statistics and the driver read them; each used to find the paths through
:mod:`newssift.dedup.stages`, and :mod:`newssift.dedup.sites` and ``stages`` imported each
other for it. ``OUT`` may be a URL (:mod:`newssift.io.storage`).
"""

from __future__ import annotations

from pathlib import Path

from newssift.io import storage

#: The signature shards, one set of files per part, and their manifest.
SIG_DIR = "signatures"
#: Scratch copies of the parts' texts (:func:`newssift.dedup.parts.save_texts`).
TEXT_DIR = "texts"
MANIFEST = "manifest.json"


def shard_paths(dedup_dir: str | Path, stem: str) -> dict[str, str]:
    """The files of one part's signature shard, by kind."""
    base = storage.join(dedup_dir, SIG_DIR)
    return {
        "sig": storage.join(base, f"{stem}.sig.npy"),
        "asig": storage.join(base, f"{stem}.asig.npy"),
        "keys": storage.join(base, f"{stem}.keys.npy"),
        "aseq": storage.join(base, f"{stem}.aseq.npy"),
        "aseqoff": storage.join(base, f"{stem}.aseqoff.npy"),
        "meta": storage.join(base, f"{stem}.meta.parquet"),
    }


def text_path(dedup_dir: str | Path, stem: str) -> str:
    """The scratch copy of a part's texts (:func:`newssift.dedup.parts.save_texts`)."""
    return storage.join(dedup_dir, TEXT_DIR, f"{stem}.arrow")
