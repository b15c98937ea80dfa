"""Runs with inputs and output on fsspec URLs: the same output as on local paths.

``file://`` is fsspec's local filesystem, shared by forked workers, so it stands in for
object storage in multi-worker runs; ``memory://`` is per process, so it is run with one
worker (in-process). Object stores have no rename: parts are written under their final
names and a unit counts only once its marker exists, which the resume tests check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import fsspec
import pyarrow.parquet as pq
import pytest

from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.io import storage
from newssift.io.run_folder import RunFolder
from newssift.io.writers import read_part
from tests.conftest import write_jsonl
from tests.execute.test_cli import invoke
from tests.execute.test_runner import kill_part_way_then_resume
from tests.io.helpers import make_corpus, to_memory

STAGES = ("clean", "news", "assess", "decide")
UNIT_BYTES = 8_000  # 25 units of make_corpus's inputs: many, not 80 (suite time)


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Every input kind, plus articles that are kept and cluster, so dedup reads and
    writes its scratch files and rewrites parts on the URL too."""
    root = make_corpus(tmp_path / "in")
    write_jsonl(root / "kept.jsonl", 150, bad_every=50)
    return root


def test_file_urls_give_the_bytes_of_local_paths(tmp_path: Path, corpus: Path) -> None:
    local = run([str(corpus)], tmp_path / "local", workers=1, unit_bytes=UNIT_BYTES,
                progress=False)
    url = run([f"file://{corpus}"], f"file://{tmp_path}/url", workers=2,
              unit_bytes=UNIT_BYTES, progress=False)
    assert url.out == f"file://{tmp_path}/url" and url.units == local.units > 10
    assert url.stats["inputs"] == [str(corpus)]  # a file URL is recorded as its path
    assert output_files(url.out) == output_files(tmp_path / "local")


def _records(out: str | Path) -> dict[str, list[dict]]:
    """Records per folder in plan order, without ``source`` (it names the input's place)."""
    docs = {}
    for folder in ("kept", "rejected", "quarantine"):
        docs[folder] = [d.to_dict() for p in RunFolder(out).part_paths(folder)
                        for d in read_part(p)]
        for d in docs[folder]:
            d.pop("source")
    return docs


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_memory_input_and_output_equal_the_local_run(
    tmp_path: Path, corpus: Path, memfs, fmt: str
) -> None:
    url = to_memory(memfs, corpus)
    kw = {"workers": 1, "unit_bytes": UNIT_BYTES, "format": fmt, "progress": False}
    local = run([str(corpus)], tmp_path / "local", **kw)
    remote = run([url], "memory://out", **kw)
    run([url], tmp_path / "url-to-local", **kw)
    # same inputs: the bytes in object storage are those written to a local folder
    assert output_files("memory://out") == output_files(tmp_path / "url-to-local")
    # same files read from memory or from disk: the same records (WARC, JSONL, Parquet,
    # HTML, text), the same clusters and the same counts
    assert remote.units == local.units > 10
    assert local.stats["counts"]["dedup/verified_pairs"] > 0  # dedup really had work
    assert remote.stats["documents"] == local.stats["documents"]
    assert remote.stats["counts"] == local.stats["counts"]
    assert _records("memory://out") == _records(tmp_path / "local")
    clusters = [pq.read_table(storage.open_read(storage.join(o, "dedup", "clusters.parquet")))
                for o in ("memory://out", str(tmp_path / "local"))]
    assert clusters[0].equals(clusters[1])


class _StopAfter:
    """An in-process executor that dies on its n-th unit half way through writing a part
    (under the part's final name, as on object storage), like a killed worker."""

    workers = 1

    def __init__(self, n: int, out: str) -> None:
        self.n, self.out = n, out

    def map_unordered(self, fn, items):
        for i, item in enumerate(items):
            if i == self.n:
                part = storage.join(self.out, "kept", f"part-{item[0].id}.parquet")
                storage.write_bytes(part, b"PAR1 half a part")
                raise KeyboardInterrupt
            yield fn(item)

    def map(self, fn, items):
        return list(map(fn, items))

    def close(self) -> None:
        pass


def test_resume_after_a_partial_run_on_memory(tmp_path: Path, corpus: Path, memfs) -> None:
    url = to_memory(memfs, corpus)
    kw = {"workers": 1, "unit_bytes": UNIT_BYTES, "progress": False, "stages": STAGES}
    run([url], "memory://clean", **kw)
    with pytest.raises(KeyboardInterrupt):
        run([url], "memory://partial", executor=_StopAfter(4, "memory://partial"), **kw)
    assert len(storage.listdir("memory://partial/_state/markers")) == 4
    res = run([url], "memory://partial", resume=True, **kw)
    assert res.units_skipped == 4
    assert output_files("memory://partial") == output_files("memory://clean")


def test_resume_after_sigkill_on_a_file_url(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "big.jsonl", 600)
    cmd = [sys.executable, "-m", "newssift.cli", "run", f"file://{corpus}", "--stages",
           ",".join(STAGES), "--unit-mb", "0.01", "-w", "2", "-q"]
    subprocess.run([*cmd, "-o", str(tmp_path / "clean")], check=True)
    kill_part_way_then_resume(cmd, tmp_path / "killed", f"file://{tmp_path}/killed")
    assert output_files(tmp_path / "killed") == output_files(tmp_path / "clean")


def test_a_held_file_url_folder_is_refused(tmp_path: Path) -> None:
    # (review r46) a file:// output took no lock: two runs went ahead on one folder, the
    # second removed the first one's notes and parts, and both failed
    from newssift.errors import OutputError
    from tests.conftest import lock_held_elsewhere

    corpus = write_jsonl(tmp_path / "c.jsonl", 20)
    out = tmp_path / "held"
    with lock_held_elsewhere(out), pytest.raises(OutputError, match="in use by another"):
        run([str(corpus)], f"file://{out}", stages=STAGES, workers=1, progress=False)


def _hide(monkeypatch, module: str, *protocols: str) -> None:
    """Make fsspec find ``module`` not installed, whatever this machine has."""
    monkeypatch.setitem(sys.modules, module, None)
    for protocol in protocols:
        monkeypatch.delitem(sys.modules["fsspec.registry"]._registry, protocol, raising=False)


def test_cli_storage_errors_are_one_line(
    tmp_path: Path, jsonl_corpus: Path, monkeypatch, memfs
) -> None:
    _hide(monkeypatch, "s3fs", "s3")
    _hide(monkeypatch, "gcsfs", "gs", "gcs")
    out = str(tmp_path / "out")
    cases = [
        (["nosuch://bucket/a.warc", "-o", out], 2, "nosuch:// is not a storage protocol"),
        (["gs://bucket/a.warc", "-o", out], 2, "gs:// needs gcsfs: pip install 'newssift[gcs]'"),
        ([str(jsonl_corpus), "-o", "s3://bucket/run"], 3,
         "s3:// needs s3fs: pip install 'newssift[s3]'"),
        ([str(jsonl_corpus), "-o", "s3://bucket/run", "--executor", "ray"], 3,
         "s3:// needs s3fs: pip install 'newssift[s3]'"),
        (["memory://nope/a.warc", "-o", out], 2, "input not found: memory://nope/a.warc"),
        ([str(jsonl_corpus), "-o", out, "--dedup-index", "memory://idx.sqlite"], 2,
         "must be a local path"),
    ]
    for args, code, message in cases:
        res = invoke("run", *args)
        assert res.exit_code == code, (args, res.output)
        assert res.output.count("\n") == 1 and res.output.startswith("newssift: error: ")
        assert message in res.output, res.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = invoke("run", str(jsonl_corpus), "-o", f"file://{blocker}/out")
    assert res.exit_code == 3 and res.output.startswith("newssift: error: cannot write")


def test_cli_run_and_report_on_memory(jsonl_corpus: Path, memfs) -> None:
    res = invoke("run", str(jsonl_corpus), "-o", "memory://run", "-w", "1", "-q")
    assert res.exit_code == 0, res.output
    assert "-> memory://run" in res.output
    res = invoke("report", "memory://run")
    assert res.exit_code == 0, res.output
    assert memfs.cat("/run/report.html").startswith(b"<!doctype html>")
    res = invoke("dedup", "memory://run", "-w", "1")
    assert res.exit_code == 0, res.output
    stats = json.loads(memfs.cat("/run/stats.json"))
    assert stats["counts"]["dedup/in"] > 0, (res.output, memfs.find("/run"))
