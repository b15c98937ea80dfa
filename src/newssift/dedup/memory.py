"""The Arrow memory pool dedup's work allocates from: the system allocator's, for the block.

Why: pyarrow's default pool (mimalloc) gives memory a freed buffer held back to the kernel
about 10 ms later, and dedup frees and takes buffers of the same sizes part after part
(a part's decoded text column and its read buffers, the rewrite's columns), each at
intervals far longer than that. Every part's buffers were therefore fresh pages, which
the kernel zeroes on first touch (on a virtual machine the host faults them in too): at
20,000 documents, about 1.2 GB of freshly allocated memory a run, most of dedup's kernel
time (``kmem:mm_page_alloc``, summed over the run). With the system allocator the heap
keeps freed buffers and hands them out again: about 0.8 GB, the part writes' page cache
(0.3 GB) included. Which pool allocates changes no value, so no output.

The pool is pyarrow's process-wide default, set for the block and restored after (dedup's
tasks in pool workers and in the caller's process, and its driver), unless the process
chose its pool itself (``ARROW_DEFAULT_MEMORY_POOL``), which is then left as it is.
Buffers remember the pool they came from, so a buffer allocated inside the block and
freed after it (or the reverse) is freed by its own allocator.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pyarrow as pa


@contextlib.contextmanager
def system_pool() -> Iterator[None]:
    """pyarrow's system-allocator pool as the default pool for the block (see module doc)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield
        return
    old = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(old)
