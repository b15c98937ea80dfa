"""newssift: web news pages in, clean, attributed, deduplicated article records out.

The public face is small and lazy: ``import newssift`` loads nothing heavy, and each name is
imported from its home the first time it is used.

- ``run`` the whole pipeline, ``read`` documents from any input, ``Document`` the record;
- ``extract_article`` HTML → article, ``clean_text`` text → text without chrome lines,
  ``parse_news`` dateline, credits and quotes, ``assess_text`` scores and flags with evidence;
- ``trace`` a finished run's record with its cluster: what it copied, or who copied it.

The stage subpackages (``newssift.extract``, ``newssift.clean``, ``newssift.news``,
``newssift.assess``, …) keep their names: no function shadows a subpackage.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from newssift._version import __version__

#: public name -> (module, attribute): the one table the lazy loader and ``__all__`` read
_API = {
    "run": ("newssift.execute.local", "run"),
    "read": ("newssift.io.readers", "read"),
    "Document": ("newssift.record", "Document"),
    "extract_article": ("newssift.extract.article", "extract"),
    "clean_text": ("newssift.clean.cleaner", "clean"),
    "parse_news": ("newssift.news.parts", "parse_news"),
    "assess_text": ("newssift.assess.assessment", "assess"),
    "trace": ("newssift.dedup.trace", "trace"),
}

#: the stage subpackages, imported on first use like the API names
_SUBPACKAGES = frozenset(
    {"assess", "clean", "dedup", "execute", "extract", "io", "news", "report", "vocab"}
)

__all__ = [  # the names of _API (a test holds them equal), listed for readers and linters
    "Document",
    "__version__",
    "assess_text",
    "clean_text",
    "extract_article",
    "parse_news",
    "read",
    "run",
    "trace",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from newssift.assess.assessment import assess as assess_text
    from newssift.clean.cleaner import clean as clean_text
    from newssift.dedup.trace import trace
    from newssift.execute.local import run
    from newssift.extract.article import extract as extract_article
    from newssift.io.readers import read
    from newssift.news.parts import parse_news
    from newssift.record import Document


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        return import_module(f"newssift.{name}")  # the import binds it here
    try:
        module, attr = _API[name]
    except KeyError:
        raise AttributeError(f"module 'newssift' has no attribute {name!r}") from None
    value = getattr(import_module(module), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
