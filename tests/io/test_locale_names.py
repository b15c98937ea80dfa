"""Non-ASCII file names under a locale that is not UTF-8 (review r40, 9).

Under ``LC_ALL=en_US.ISO-8859-1`` Python decodes a name's bytes as Latin-1: pyarrow was
handed ``haber-Å\\x9f.parquet`` (quarantined: no such file), an output folder named ``ğ_out``
stopped the run with a traceback, and ``İzmir-fırtına.html`` got another id and ``source``.
Names reach pyarrow only when their bytes are their UTF-8 spelling, and ids and sources are
built from the name's bytes read as UTF-8, so a UTF-8 locale gives the same bytes as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.io import storage
from newssift.io.file_reader import file_id
from newssift.io.record_ids import location_id
from tests.io.helpers import page

NAMES = ["İzmir-fırtına.html", "haber-ş.parquet", "b\udcff.jsonl", "plain.html", "ÿ.txt"]


def test_under_a_utf8_locale_names_and_ids_are_as_before() -> None:
    assert sys.getfilesystemencoding() == "utf-8"
    for name in NAMES:
        assert storage.utf8_name(name) == name
    assert storage.native_name("haber-ş.parquet") and not storage.native_name("b\udcff.jsonl")
    # the ids main gave (the record of /tmp/r40/in/html/İzmir-fırtına.html: c4ba7e2ee287a0ff)
    assert file_id("html/İzmir-fırtına.html") == "c4ba7e2ee287a0ff"
    assert location_id("b\udcff.jsonl", 0) == "f5584e57b4f94b18"


def test_under_latin1_a_name_is_read_as_its_utf8_bytes(monkeypatch) -> None:
    """``os.fsencode`` as a Latin-1 locale has it: the str Python gives for the bytes of
    ``İzmir`` is ``Ä°zmir``, whose UTF-8 bytes are not the file's."""
    monkeypatch.setattr(os, "fsencode", lambda n: n.encode("latin-1", "surrogateescape"))
    for name in NAMES:
        as_latin1 = name.encode("utf-8", "surrogateescape").decode("latin-1")
        assert storage.utf8_name(as_latin1) == name
        assert storage.native_name(as_latin1) == name.isascii()
    assert storage.recorded("in/Ä°zmir.html") == "in/İzmir.html"
    assert storage.relative("/r/in/Ä°zmir.html", "/r") == "in/İzmir.html"
    assert storage.recorded("memory://b/Ä°zmir.html") == "memory://b/Ä°zmir.html"  # a URL: as is
    assert storage.utf8_name("ğ") == "ğ"  # no Latin-1 spelling: never a file system name


@pytest.fixture(scope="module")
def latin1_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a process under a Latin-1 locale, built with localedef."""
    if shutil.which("localedef") is None:
        pytest.skip("no localedef to build a Latin-1 locale")
    loc = tmp_path_factory.mktemp("loc")
    made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1",
                           str(loc / "en_US.ISO-8859-1")], capture_output=True)
    env = {**os.environ, "LOCPATH": str(loc), "LC_ALL": "en_US.ISO-8859-1", "PYTHONUTF8": "0"}
    probe = subprocess.run([sys.executable, "-c", "import sys;print(sys.getfilesystemencoding())"],
                           env=env, capture_output=True, text=True)
    if made.returncode not in (0, 1) or probe.stdout.strip() != "iso8859-1":
        pytest.skip(f"no Latin-1 locale ({made.stderr[-200:]!r}, {probe.stdout!r})")
    return env


def _inputs(root: Path) -> bytes:
    """An input folder of non-ASCII names (their bytes UTF-8), as bytes."""
    broot = os.fsencode(root)
    os.makedirs(os.path.join(broot, "ş".encode()))
    with open(os.path.join(broot, "İzmir-fırtına.html".encode()), "wb") as fh:
        fh.write(page(1, 60))
    with open(os.path.join(broot, "ş".encode(), "haber-ş.parquet".encode()), "wb") as fh:
        pq.write_table(pa.table({"text": ["Güneşli bir gün. " * 20, "Rüzgâr esti. " * 30]}), fh)
    with open(os.path.join(broot, "notlar-ğ.jsonl".encode()), "wb") as fh:
        fh.write(b'{"text": "' + "Yağmur yağdı. ".encode() * 30 + b'"}\n')
    return broot


def _digest(out: bytes) -> str:
    """A hash of the run's files but its state and stats (they name the run's folder)."""
    files = []
    for dp, dn, fn in os.walk(out):
        dn[:] = [d for d in dn if d != b"_state"]
        files += [os.path.join(dp, f) for f in fn if f != b"stats.json"]
    h = hashlib.sha256()
    for p in sorted(files):
        h.update(os.path.relpath(p, out))
        with open(p, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


def test_a_run_under_latin1_gives_the_bytes_of_a_utf8_run(tmp_path: Path, latin1_env) -> None:
    src = _inputs(tmp_path / "in")
    outs = {}
    for name, env in (("utf8", {**os.environ, "LC_ALL": "C.UTF-8"}), ("latin1", latin1_env)):
        out = os.path.join(os.fsencode(tmp_path), f"ğ_{name}".encode())
        res = subprocess.run([sys.executable, "-m", "newssift.cli", "run", src, "-o", out,
                              "-w", "1", "--today", "2026-12-05", "-q"],
                             env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
                             capture_output=True)
        assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in res.stderr
        with open(os.path.join(out, b"stats.json"), "rb") as fh:
            documents = json.loads(fh.read())["documents"]
        assert documents["total"] == 4 and documents["quarantine"] == 0, documents
        outs[name] = _digest(out)
    assert outs["latin1"] == outs["utf8"]
