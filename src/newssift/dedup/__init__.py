"""Near-duplicate clusters of syndicated copies, with a deterministic canonical original.

Entry point: :func:`run_dedup` over a finished run's ``kept/`` parts (the runner calls it
after all units; ``newssift dedup OUT`` calls it on an existing run). See ``run.py`` for
the order of evidence and ``canonical.py`` for the canonical rule.
"""

from newssift.dedup.options import DedupOptions
from newssift.dedup.run import run_dedup

__all__ = ["DedupOptions", "run_dedup"]
