"""The local runner (skeleton)."""

from __future__ import annotations


def run(inputs, out, **kwargs):
    raise NotImplementedError
