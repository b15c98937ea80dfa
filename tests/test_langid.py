"""One language decision per document: every input kind, a score, the declaration apart,
the backend in the run config, no silent "en", a backend imported only when used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newssift.errors import ConfigError
from newssift.execute.config import RunConfig
from newssift.execute.local import run
from newssift.io.run_folder import RunFolder
from newssift.io.writers import read_part
from newssift.langid import decide_language

ENGLISH = (
    "The city council approved the new budget on Tuesday after a long debate about public "
    "transport, schools and the repair of several old bridges in the centre of town."
)
FRENCH = (
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur les "
    "transports publics, les écoles et la réparation de plusieurs vieux ponts du centre."
)


def test_the_text_decides_and_the_declaration_is_kept_apart():
    got = decide_language(FRENCH, declared="en")
    assert (got.language, got.declared) == ("fr", "en")
    assert 0.5 < got.score <= 1.0
    # too few letters to tell: the declaration, and no score
    short = decide_language("Oslo, 2024", declared="nb")
    assert (short.language, short.score, short.declared) == ("nb", None, "nb")
    # a body this short is what an extractor kept of a failed page: the declaration wins
    footer = decide_language("© 2021 Minato Shimbun. All rights reserved.", declared="ja")
    assert (footer.language, footer.score) == ("ja", None)
    assert decide_language("© 2021 Minato Shimbun. All rights reserved.").language == "en"
    # nothing at all: unknown, never a silent "en"
    assert decide_language("12 345 -- 67", declared=None).language is None


def test_every_input_kind_gets_a_language_with_its_score(tmp_path):
    rows = [{"id": "fr", "text": FRENCH + "\n" + FRENCH}, {"id": "en", "text": ENGLISH * 2},
            {"id": "digits", "text": "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="de"><head><title>Budget</title></head><body><article>'
                    f"<h1>Budget approved</h1><p>{ENGLISH}</p><p>{ENGLISH}</p></article>"
                    "</body></html>", encoding="utf-8")
    out = tmp_path / "out"
    run([str(src), str(page)], out, workers=1, progress=False, dedup=False)
    docs = {d.id if d.source.endswith(".jsonl") else "page": d
            for f in ("kept", "rejected") for p in RunFolder(out).part_paths(f)
            for d in read_part(p)}
    assert docs["fr"].language == "fr" and docs["fr"].language_score > 0.5
    assert docs["en"].language == "en" and docs["en"].language_declared is None
    assert docs["digits"].language is None and docs["digits"].language_score is None
    assert (docs["page"].language, docs["page"].language_declared) == ("en", "de")
    assert docs["page"].language_score > 0.5


def test_the_backend_is_part_of_the_run_config():
    assert RunConfig().language_backend == "fasttext"
    assert RunConfig(language_backend="py3langid").fingerprint() != RunConfig().fingerprint()
    assert RunConfig(policy="fineweb").fingerprint() != RunConfig().fingerprint()
    from newssift.langid import check_backend

    with pytest.raises(ConfigError, match="unknown language backend"):
        check_backend("cld9")


def test_a_backend_is_imported_only_when_used(tmp_path):
    code = (
        "import sys\n"
        "from newssift.langid import decide_language\n"
        "import newssift.execute.pipeline, newssift.extract.stage, newssift.assess.stage\n"
        "assert 'fasttext' not in sys.modules and 'py3langid' not in sys.modules\n"
        f"print(decide_language({ENGLISH!r}, backend='py3langid').language)\n"
        "assert 'fasttext' not in sys.modules, 'fasttext imported for py3langid'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src"),
                              "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "en"
