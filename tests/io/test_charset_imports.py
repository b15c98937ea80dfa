"""Decoding a page's bytes uses io's own compiled UTF-8 pass (``io/_utf8.c``): it must load
nothing of the extractor (io stands below extract; a run over text inputs never calls it)."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from newssift.io import charset
text = "caf\\u00e9 \\u2014 \\U0001f600"
assert charset.utf8_strict(text.encode()) == text
print(sorted(m for m in sys.modules
             if m.startswith(("newssift.extract", "selectolax"))))
from newssift.extract import Article, extract
print(callable(extract), Article.__name__)
"""


def test_the_utf8_decode_does_not_load_the_extractor() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["[]", "True Article"]
