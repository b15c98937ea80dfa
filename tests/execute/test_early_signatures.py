"""Dedup's signature shards written by the unit jobs (``early``) give the same output as
dedup's own signature pass, also when the unique-id pass rewrites a part after its shard
was written (the shard is then computed again)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newssift.dedup import run as dedup_run
from newssift.dedup.options import DedupOptions
from newssift.execute import local
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.io.run_folder import RunFolder
from newssift.stage import Stats
from tests.conftest import ARTICLE

STAGES = ("clean", "news", "assess", "decide")


def _line(i: str, text: str) -> str:
    return json.dumps({"id": i, "text": text}) + "\n"


def _undeduped(tmp_path: Path, monkeypatch) -> Path:
    """The units of a run, finished, before the unique-id pass: several units, one id
    repeated across them (the state in which the unit jobs write their shards)."""
    src = tmp_path / "c.jsonl"
    lines = [_line("x" if i % 9 == 0 else f"d{i}", ARTICLE.format(i=i % 23)) for i in range(60)]
    src.write_text("".join(lines))
    out = tmp_path / "base"
    with monkeypatch.context() as m:
        m.setattr(local, "make_ids_unique", lambda out: Stats())
        run([str(src)], out, stages=STAGES, workers=1, unit_bytes=6_000, dedup=False,
            progress=False)
    return out


def test_early_shards_give_the_same_bytes_and_rewritten_parts_are_redone(
    tmp_path: Path, monkeypatch
) -> None:
    base = _undeduped(tmp_path, monkeypatch)
    plain, early_dir = tmp_path / "plain", tmp_path / "early"
    shutil.copytree(base, plain)
    shutil.copytree(base, early_dir)
    opt = DedupOptions()
    dedup_run.run_dedup(str(plain), opt)

    units = json.loads(Path(RunFolder(early_dir).run_state).read_text())["units"]
    assert len(units) > 2
    dedup_run.clear_scratch(str(early_dir))
    early: dict[str, int] = {}
    for uid in units:
        early.update(dedup_run.unit_signatures(str(early_dir), uid, "parquet", opt))
    assert early and all(s.startswith(("kept-", "rejected-")) for s in early)

    redone: list[str] = []
    task = dedup_run.stages.signature_task
    monkeypatch.setattr(dedup_run.stages, "signature_task",
                        lambda args: redone.append(args[3]) or task(args))
    dedup_run.run_dedup(str(early_dir), opt, early=early)
    assert redone and set(redone) < set(early)  # the parts whose ids changed, only
    assert output_files(early_dir) == output_files(plain)
