"""Arrow conversions of a run without pandas.

pyarrow looks for pandas lazily: the first ``pa.array`` of a Python list asks whether the
list is a pandas object, and to answer that imports pandas (~0.3-0.5 s of CPU, most of
pyarrow's start-up in a run, paid by the runner and again by every worker that starts
without it). A run never gives pyarrow a pandas object: the records become Arrow columns
from plain lists (:func:`newssift.record.to_arrow`) and Parquet is read back into Arrow
tables and Python values. So a run's process can answer pyarrow's question once, with
pandas out of reach: pyarrow then behaves as it does where pandas is not installed (a
supported setup), and the conversions of plain lists give the same arrays.

Only for a process that a command owns (``newssift run``, ``newssift dedup``); in ``io/``,
below the runner and dedup that both call it: a program that calls
:func:`newssift.execute.local.run` and later hands pandas objects to pyarrow keeps
pyarrow's pandas support, because nothing here runs for it.
"""

from __future__ import annotations

import sys


class _NoPandas:
    """An import hook that makes ``import pandas`` fail while it is installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not loaded by a newssift run")
        return None


def arrow_without_pandas() -> bool:
    """Settle pyarrow's lazy pandas check with pandas out of reach, unless pandas is
    already imported; return whether it was settled so."""
    if "pandas" in sys.modules:
        return False  # already paid for: pyarrow finds it, as before
    import pyarrow as pa

    hook = _NoPandas()
    sys.meta_path.insert(0, hook)
    try:
        pa.array([0])  # asks pyarrow's pandas shim once; it remembers the answer
    finally:
        sys.meta_path.remove(hook)
    return "pandas" not in sys.modules
