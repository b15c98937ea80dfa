"""Build of the one compiled part: the DOM walk of newssift.extract.blocks (``_walk.c``).

Everything else is in pyproject.toml. The extension is optional: where it cannot be built
(no C compiler, no Python headers, a platform without dlopen) the install goes on with a
warning and ``blocks.walk`` uses its Python walk, which gives the same output.
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing: the walk has a Python fallback."""

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
            f"newssift: the compiled DOM walk was not built ({error}); "
            "the Python walk (same output) will be used",
            file=sys.stderr,
        )


setup(
    ext_modules=[
        Extension(
            "newssift.extract._walk",
            ["src/newssift/extract/_walk.c"],
            libraries=["dl"] if sys.platform.startswith("linux") else [],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
