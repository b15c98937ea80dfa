"""One view over a document's lines: the cleaned body and the lines the cleaner removed.

Why: in the pipeline, assess runs after the cleaner, so the strongest content-farm
evidence (the generated author bio, the injected "See also" headlines, the comment-form
chrome) is no longer in ``Document.text`` but in ``Document.removed``. Every detector
must look at both, and every flag must say where its evidence is: a kept line is
located by its line index and character offsets in ``Document.text``; a removed line
by its index in the text before cleaning (offsets -1), with the removal reason named
in the flag text. Before the cleaner lands (or on raw text), all lines are "kept" and
the detectors still work.
"""

from __future__ import annotations

from dataclasses import dataclass

from newssift.record import Document, Flag


@dataclass(slots=True, frozen=True)
class Line:
    """One line of evidence."""

    text: str
    index: int  # line index in Document.text (kept) or in the text before cleaning (removed)
    start: int  # char offset in Document.text; -1 for a removed line
    removed_reason: str | None = None  # the cleaner's reason, for a removed line

    @property
    def removed(self) -> bool:
        return self.removed_reason is not None


@dataclass(slots=True)
class DocView:
    """Lines of a document, and what else the detectors may use."""

    text: str
    kept: list[Line]
    removed: list[Line]
    language: str = "en"
    url: str | None = None
    doc: Document | None = None

    @property
    def all_lines(self) -> list[Line]:
        return self.kept + self.removed

    def body_words(self) -> int:
        return len(self.text.split())


def view_of(doc: Document, language: str | None = None, url: str | None = None) -> DocView:
    """Build the view of a document (its ``text`` as kept lines, its ``removed`` lines)."""
    text = doc.text or ""
    kept: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        if raw.strip():
            kept.append(Line(raw, i, pos))
        pos += len(raw) + 1
    removed = [
        Line(r.line, r.index, -1, r.reason or "removed")
        for r in doc.removed
        if r.line and r.line.strip()
    ]
    return DocView(
        text=text,
        kept=kept,
        removed=removed,
        language=language or doc.language or "en",
        url=url or doc.url,
        doc=doc,
    )


def flag_at(
    name: str,
    rule: str,
    line: Line,
    value: float,
    threshold: float,
    span: tuple[int, int] | None = None,
    note: str = "",
) -> Flag:
    """A flag whose evidence is ``span`` (offsets within ``line.text``) of one line.

    Kept lines get absolute offsets in ``Document.text``; removed lines get -1 offsets
    and their removal reason and original line index named in the flag text.
    """
    a, b = span if span is not None else (0, len(line.text))
    snippet = line.text[a:b].strip()
    if line.removed:
        text = f"[removed line {line.index}, {line.removed_reason}] {snippet}"
        start = end = -1
    else:
        text = snippet
        start, end = line.start + a, line.start + b
    if note:
        text = f"{text} ({note})"
    return Flag(
        name=name,
        rule=rule,
        value=round(float(value), 4),
        threshold=float(threshold),
        line=line.index,
        start=start,
        end=end,
        text=text[:300],
    )
