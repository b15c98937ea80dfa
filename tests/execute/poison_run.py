"""``newssift`` with a document that kills the process working on it (SIGKILL), as a crash
in compiled code or the out-of-memory killer would: a document whose text holds POISON.

``NEWSSIFT_POISON=clean`` kills in the clean stage, ``read`` while the JSONL reader
reads it. The patch is made before the pool forks, so the workers inherit it. Used by
tests/execute/test_worker_deaths.py.
"""

from __future__ import annotations

import os
import signal
import sys

import newssift.clean.stage as clean_stage
import newssift.io.readers as readers


def _die_on_poison(doc) -> None:
    if "POISON" in (doc.text or ""):
        os.kill(os.getpid(), signal.SIGKILL)


def _patch_clean() -> None:
    process = clean_stage.CleanStage.process

    def poisoned(self, doc):
        _die_on_poison(doc)
        return process(self, doc)

    clean_stage.CleanStage.process = poisoned


def _patch_read() -> None:
    read_jsonl = readers.read_jsonl

    def poisoned(*args, **kwargs):
        for doc in read_jsonl(*args, **kwargs):
            _die_on_poison(doc)
            yield doc

    readers.read_jsonl = poisoned


if __name__ == "__main__":
    {"clean": _patch_clean, "read": _patch_read}[os.environ["NEWSSIFT_POISON"]]()
    from newssift.cli import main

    sys.argv[0] = "newssift"
    main()
