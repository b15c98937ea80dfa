"""Build of the compiled parts: the DOM walk of newssift.extract.blocks (``_walk.c``), the
inner loops of dedup's copy evidence (``dedup/_native.c``), the n-gram counting of the
MT document model (``assess/_mt_native.c``) and the token loop of the quality signals
(``assess/_quality_native.c``), the keyword screens and line features of the cleaner
(``clean/_native.c``), the news parser's scans (``news/_native.c``), fastText's lid.176
prediction (``_lid.c``), the strict UTF-8 decode of the readers (``io/_utf8.c``) and the
Parquet footer codec of a part's rewrite (``io/_thrift.c``).

Everything else is in pyproject.toml. The extensions are optional: where one cannot be
built (no C compiler, no Python headers, a platform without dlopen) the install goes on
with a warning and its Python twin is used (``blocks.walk_py``, the ``_py`` functions of
``dedup/evidence.py``, the numpy path of ``assess/mt_model.py``, the Python path of
``assess/quality.py``, the regex trie of ``clean/rules.py``, the regexes of
``news/quotes/indirect.py``, Python's codec for ``io/charset.py``, the ``_Reader``/``_Writer`` of
``io/part_rewrite_splice.py``),
which gives the same output.
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing: each extension has a Python fallback.

    ``run`` covers a failure before any extension is built (no compiler found),
    ``build_extension`` one extension's failure (the others are still built)."""

    def run(self):
        self._warn_on_failure(super().run)

    def build_extension(self, ext):
        self._warn_on_failure(super().build_extension, ext)

    @staticmethod
    def _warn_on_failure(build, *args):
        try:
            build(*args)
        except Exception as e:  # any build failure: the Python twin stays
            print(
                f"newssift: a compiled part was not built ({e}); "
                "its Python twin (same output) will be used",
                file=sys.stderr,
            )


setup(
    ext_modules=[
        Extension(
            "newssift.extract._walk",
            ["src/newssift/extract/_walk.c"],
            libraries=["dl"] if sys.platform.startswith("linux") else [],
            optional=True,
        ),
        Extension(
            "newssift.dedup._native",
            ["src/newssift/dedup/_native.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "newssift.assess._mt_native",
            ["src/newssift/assess/_mt_native.c"],
            # no fused multiply-add: the MT shares must round as numpy's separate operations
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        ),
        Extension(
            "newssift.assess._quality_native",
            ["src/newssift/assess/_quality_native.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            # the compiler's default optimisation (-O3), as when it was part of _walk.c
            "newssift.io._utf8",
            ["src/newssift/io/_utf8.c"],
            optional=True,
        ),
        Extension(
            "newssift.io._thrift",
            ["src/newssift/io/_thrift.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "newssift.clean._native",
            ["src/newssift/clean/_native.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "newssift._lid",
            ["src/newssift/_lid.c"],
            # no fused multiply-add: the hidden vector and the tree's dot products must
            # round as fastText's separate float operations
            extra_compile_args=["-O2", "-ffp-contract=off"],
            libraries=["m"],
            optional=True,
        ),
        Extension(
            "newssift.news._native",
            ["src/newssift/news/_native.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
