"""The lone-surrogate rule has one home, newssift.textarg, and the JSONL reader uses it."""

from __future__ import annotations

import subprocess
import sys

from newssift import textarg
from newssift.io import jsonl_reader


def test_the_pattern_matches_lone_halves_only():
    lone = "a\ud800b\udfffc"
    assert textarg.LONE_SURROGATE.findall(lone) == ["\ud800", "\udfff"]
    assert textarg.LONE_SURROGATE.search("caf\u00e9 \U0001f600 \uffff") is None
    assert textarg.text_arg(lone, "f") == "a\ufffdb\ufffdc"


def test_the_reader_uses_the_same_pattern_and_replacement():
    assert jsonl_reader.LONE_SURROGATE is textarg.LONE_SURROGATE
    assert jsonl_reader.REPLACEMENT is textarg.REPLACEMENT
    row = jsonl_reader._no_lone_surrogates({"text": "x\udc80y", "n": 3})
    assert row == {"text": "x\ufffdy", "n": 3}


def test_textarg_imports_nothing_of_the_package():
    """The stages import textarg at their top; it must not pull in io (or any stage)."""
    code = (
        "import sys, newssift.textarg as t\n"
        "t.text_arg('\\ud800', 'f')\n"
        "print(sorted(m for m in sys.modules if m.startswith('newssift.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['newssift._version', 'newssift.textarg']"
