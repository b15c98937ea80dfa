"""``newssift view`` of a run folder whose name DuckDB and Arrow cannot be handed as is
(carried since session 29; fixed in session 33).

Both libraries take a name as UTF-8. Under ``LC_ALL=en_US.ISO-8859-1`` Python reads the
bytes of ``Zürich-é`` as ``ZÃ¼rich-Ã©``: the view said the run's first part was damaged
("No such file or directory"). A name with a byte that is not UTF-8 (``out\\xff``) has no
UTF-8 spelling: a ``UnicodeEncodeError`` traceback under any locale. The viewer now opens
such a folder through a link with an ASCII name (``RunIndex._native_root``); a temporary
folder DuckDB cannot open is one line naming it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")

from newssift.view import words as words_disk
from newssift.view.index import RUN_LINK, Query, RunIndex
from newssift.view.server import ViewApp
from tests.conftest import REPO, write_jsonl

#: Folder names as bytes: UTF-8 (non-ASCII), Latin-1 (not UTF-8), a lone byte not UTF-8.
NAMES = {"utf8": "Zürich-é".encode(), "latin1": "Zürich-l1".encode("latin-1"),
         "ff": b"out\xff"}

#: What a process reports of a view of each run folder named by the hex of its bytes in
#: argv: two starts each (the second reads the kept listing table and word index).
PROBE = r"""
import json, os, re, sys
from newssift.view.index import Query, RunIndex
from newssift.view.server import ViewApp
report = []
for arg in sys.argv[1:]:
    starts = []
    for _ in range(2):
        index = RunIndex(os.fsdecode(bytes.fromhex(arg)))
        try:
            assert index.words_ready.wait(120)
            rows, n = index.search(Query())
            status, page = ViewApp(index).handle("/")
            starts.append({"total": index.total, "n": n, "status": status,
                           "doc": index.document(rows[0]["id"])["id"],
                           "plots": len(index.score_histograms()),
                           "hits": index.search(Query(q="the"))[1],
                           "table_read": index.table_read,
                           "h1": re.search(r"<h1>(.*?)</h1>", page).group(1)})
        finally:
            index.close()
    report.append(starts)
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def a_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small finished run in a folder with an ASCII name (copied under other names)."""
    from newssift.execute.local import run

    root = tmp_path_factory.mktemp("v")
    corpus = write_jsonl(root / "c.jsonl", 5)
    run([str(corpus)], root / "ascii", workers=1, progress=False)
    return root / "ascii"


def _copy(run: Path, parent: Path, name: bytes) -> bytes:
    """The run copied to ``parent/name`` (bytes); a skip where the system refuses the name."""
    target = os.path.join(os.fsencode(parent), name)
    try:
        shutil.copytree(os.fsencode(run), target, ignore=shutil.ignore_patterns(b"view"))
    except (OSError, UnicodeError) as exc:
        pytest.skip(f"this file system does not take the name {name!r} ({exc})")
    return target


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **extra}


@pytest.fixture(scope="module")
def latin1_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a process under a Latin-1 locale, built with localedef (cheap:
    under a second), as tests/io/test_locale_names.py builds it."""
    if shutil.which("localedef") is None:
        pytest.skip("no localedef to build a Latin-1 locale")
    loc = tmp_path_factory.mktemp("loc")
    made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1",
                           str(loc / "en_US.ISO-8859-1")], capture_output=True)
    env = _env(LOCPATH=str(loc), LC_ALL="en_US.ISO-8859-1", PYTHONUTF8="0")
    probe = subprocess.run([sys.executable, "-c", "import sys;print(sys.getfilesystemencoding())"],
                           env=env, capture_output=True, text=True)
    if made.returncode not in (0, 1) or probe.stdout.strip() != "iso8859-1":
        pytest.skip(f"no Latin-1 locale ({made.stderr[-200:]!r}, {probe.stdout!r})")
    return env


def _probe(outs: list[bytes], env: dict[str, str]) -> list[list[dict]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *(o.hex() for o in outs)], env=env,
                          cwd=REPO, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("locale", ["latin1", "C"])
def test_view_opens_a_run_folder_of_any_name_under_any_locale(
        a_run: Path, tmp_path: Path, locale: str, request: pytest.FixtureRequest) -> None:
    """Every name, under a Latin-1 locale and ``LC_ALL=C`` (Python's UTF-8 mode; the
    next test is in this process, under its locale): both starts list, search, open a
    record and plot the scores as for an ASCII name, and the page names the folder by its
    bytes read as UTF-8."""
    env = (request.getfixturevalue("latin1_env") if locale == "latin1"
           else _env(LC_ALL=locale))

    def facts(start: dict) -> dict:
        return {k: v for k, v in start.items() if k not in ("h1", "table_read")}

    copies = [_copy(a_run, tmp_path / key, name) for key, name in NAMES.items()]
    ascii_run, *named = _probe([os.fsencode(a_run), *copies], env)
    assert ascii_run[0]["total"] == 5 and ascii_run[0]["status"] == 200
    for name, starts in zip(NAMES.values(), named, strict=True):
        assert [s["table_read"] for s in starts] == [False, True], (name, starts)
        assert [facts(s) for s in starts] == [facts(ascii_run[0])] * 2, name
        shown = name.decode("utf-8", "backslashreplace")  # as run and report show it
        assert [s["h1"] for s in starts] == [f"Documents of {shown}"] * 2, name


def test_a_name_not_utf8_in_process_and_the_run_is_left_whole(a_run: Path,
                                                               tmp_path: Path) -> None:
    """In this process (whatever its locale): the name with a byte that is not UTF-8 was a
    ``UnicodeEncodeError`` traceback at the start. The link goes with the temporary folder;
    the run and the indexes kept in it stay."""
    out = os.fsdecode(_copy(a_run, tmp_path, b"out\xff"))
    work = tmp_path / "work"
    work.mkdir()
    index = RunIndex(out, workdir=str(work))
    try:
        assert index.root == work / next(iter(os.listdir(work))) / RUN_LINK
        assert index.root.is_symlink() and os.path.samefile(index.root, out)
        assert index.total == 5 and index.search(Query(q="zzzznotthere"))[1] == 0
        assert index.words_ready.wait(120)
        assert index.search(Query(q="the"))[1] == 5
        doc = index.document(index.search(Query())[0][0]["id"])
        assert doc["_part"].startswith("kept/")
        status, page = ViewApp(index).handle("/run")
        assert status == 200 and "<h1>Run out\\xff</h1>" in page
    finally:
        index.close()
    assert list(work.iterdir()) == []
    kept = sorted(os.listdir(os.path.join(out, "_state", "view")))
    assert [k.split("-")[0] for k in kept] == ["docs", "words"]
    assert sorted(os.listdir(out)) == sorted(os.listdir(a_run))


def test_a_temporary_folder_duckdb_cannot_open_is_one_line(a_run: Path, tmp_path: Path,
                                                           latin1_env) -> None:
    """The one case with no way round: DuckDB's own files go in the temporary folder. Under
    a Latin-1 locale with TMPDIR named ``tmp-é``, DuckDB's IOException was a traceback."""
    tmpdir = tmp_path / "tmp-é"
    tmpdir.mkdir()
    proc = subprocess.run([sys.executable, "-m", "newssift.cli", "view", str(a_run),
                           "--port", "0"], env={**latin1_env, "TMPDIR": str(tmpdir)},
                          cwd=REPO, capture_output=True, timeout=120)
    err = proc.stderr.decode("latin-1")
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"temporary files go in {tmpdir}, whose name DuckDB cannot open" in err
    assert "set TMPDIR" in err
    assert list(tmpdir.iterdir()) == []


def test_cache_folder_names_hash_the_bytes(tmp_path: Path, monkeypatch) -> None:
    """The cache folder of a run folder (where its index goes when the run folder cannot be
    written) is hashed from the name's bytes: as before for a UTF-8 name (kept caches are
    found); a name not UTF-8 was a traceback. A cache place the libraries cannot open is
    passed over."""
    import hashlib

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    utf8 = tmp_path / "Zürich"
    utf8.mkdir()
    before = hashlib.sha256(str(utf8.resolve()).encode()).hexdigest()[:16]
    assert words_disk.cache_dir(utf8).name == before
    odd = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"out\xff")))
    want = hashlib.sha256(os.path.join(os.fsencode(tmp_path.resolve()), b"out\xff")).hexdigest()
    assert words_disk.cache_dir(odd).name == want[:16]
    # a name the libraries cannot open is never a place (the viewer hands over its link)
    assert words_disk.places(odd) == [words_disk.cache_dir(odd)]
    monkeypatch.setenv("XDG_CACHE_HOME", os.fsdecode(os.fsencode(tmp_path) + b"/c\xff"))
    assert words_disk.places(utf8) == [utf8 / "_state" / "view"]
