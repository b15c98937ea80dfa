"""Write a bench's Markdown fragment (``docs/bench/NAME.md``) without losing its hand-written notes.

A fragment is what the bench printed (its tables and the command that made them), then,
optionally, a line ``<!-- notes -->`` and text written by people: what the table means, what
was read when, runs made under other conditions. Re-running a bench with ``--md`` replaces the
generated part and keeps everything from the marker on; before this, every re-run silently
dropped the notes (the viewer's fragment lost its explanation that way). ``assemble_docs``
leaves the marker out of ``docs/benchmarks.md``.
"""

from __future__ import annotations

from pathlib import Path

MARKER = "<!-- notes -->"


def notes_of(text: str) -> str:
    """The hand-written part of a fragment, marker included ('' when it has none)."""
    at = text.find(MARKER)
    return text[at:] if at >= 0 else ""


def write(path: str | Path, generated: str) -> None:
    """Write ``generated`` to the fragment at ``path``, keeping the notes already there."""
    path = Path(path)
    notes = notes_of(path.read_text(encoding="utf-8")) if path.exists() else ""
    text = generated.rstrip("\n") + "\n"
    if notes:
        text += "\n" + notes.rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")
