"""Readers: inputs → work units → documents. (Skeleton; the full readers land with issue 2.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newssift.io.units import WorkUnit
from newssift.record import Document


def plan(inputs: Iterable[str], unit_bytes: int = 64 << 20) -> list[WorkUnit]:
    raise NotImplementedError


def read_unit(unit: WorkUnit) -> Iterator[Document]:
    raise NotImplementedError


def read(inputs: Iterable[str] | str) -> Iterator[Document]:
    """Every document of the inputs, in plan order."""
    if isinstance(inputs, str):
        inputs = [inputs]
    for unit in plan(inputs):
        yield from read_unit(unit)
