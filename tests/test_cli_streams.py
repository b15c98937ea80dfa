"""The command line in a process of its own (review r40): it writes any text to a stdout
whose encoding lacks its characters (cp1252, Latin-1: Windows output redirected to a file)
escaped, never a UnicodeEncodeError traceback after the work is done; and it refuses a run
into memory://, which would end with the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PAGE = ("<html><head><title>İzmir'de fırtına</title></head><body><article>"
        "<h1>İzmir'de fırtına</h1><p>İzmir'de dün akşam başlayan fırtına nedeniyle birçok ağaç "
        "devrildi ve elektrik kesintileri yaşandı, yetkililer açıkladı.</p><p>Şehrin kuzeyinde "
        "bazı yollar trafiğe kapatıldı; ekipler sabaha kadar çalıştı.</p></article></body></html>")


def test_a_turkish_page_extracted_to_a_cp1252_stdout(tmp_path: Path) -> None:
    page = tmp_path / "tr.html"
    page.write_text(PAGE, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    proc = subprocess.run([sys.executable, "-m", "newssift.cli", "extract", str(page)],
                          cwd=REPO, env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("cp1252", "replace")
    out = proc.stdout.decode("cp1252")
    assert "\\u0130zmir'de f\\u0131rt\\u0131na" in out  # what cp1252 lacks, escaped
    assert "dün akşam" not in out and "dün ak\\u015fam" in out  # what it has, as it is


def test_a_run_into_memory_is_refused_in_a_process_of_its_own(tmp_path: Path) -> None:
    # (review r40) it exited 0 and its output was gone with the process; inside a caller's
    # process (click's main, as tests/execute/test_url_runs.py calls it) memory:// stays
    from tests.conftest import write_jsonl

    corpus = write_jsonl(tmp_path / "c.jsonl", 3)
    proc = subprocess.run([sys.executable, "-m", "newssift.cli", "run", str(corpus), "-o",
                           "memory://out", "-q"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("newssift: error: -o memory://out: a memory:// folder ends")
    assert proc.stderr.count("\n") == 1
