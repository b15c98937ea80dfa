"""Build of the compiled parts: the DOM walk of newssift.extract.blocks (``_walk.c``) and
the inner loops of dedup's copy evidence (``dedup/_native.c``).

Everything else is in pyproject.toml. The extensions are optional: where one cannot be
built (no C compiler, no Python headers, a platform without dlopen) the install goes on
with a warning and its Python twin is used (``blocks.walk_py``, the ``_py`` functions of
``dedup/evidence.py``), which gives the same output.
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing: each extension has a Python fallback."""

    def run(self):
        try:
            super().run()
        except Exception as e:  # any build failure: the Python walk stays
            self._skip(e)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:
            self._skip(e)

    def _skip(self, error):
        print(
            f"newssift: a compiled part was not built ({error}); "
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
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
