"""One view over a document's lines: the cleaned body, the cleaner's removed lines, and the
blocks the extractor dropped.

Why: in the pipeline, assess runs after the extractor and the cleaner, so the strongest
content-farm evidence (the generated author bio, the injected "See also" headlines, the
comment-form chrome) is no longer in ``Document.text`` but in ``Document.removed`` (text
input) or ``Document.dropped`` (HTML input: the extractor left it out of the article).
Detectors look at kept and removed lines alike (``all_lines``); the dropped blocks are a
third list (``dropped``) that each detector reads under its own bar, because a page's
chrome is not an extracted text's: every newsroom has a related-stories rail and a
comment section, so where a block sat (inside the article container, beside it, page
chrome) matters as much as what it says.

One numbering (the record's, see :class:`newssift.record.Document`): every line's
``index`` counts in ``splitlines()`` of the text the cleaner was given. A kept line gets
its number from ``Document.line_numbers`` (identity when that is empty: no cleaning ran)
and its character offsets in ``Document.text``; a removed line its ``removed[].index``
(offsets -1); a dropped block the line it sat just before (offsets -1). Each flag's text
names which of the three its evidence is, and for a dropped block where it sat.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newssift.record import Document, Flag

#: Characters that ``re.IGNORECASE`` matches with an ASCII letter while ``str.lower`` does
#: not lower them to it (dotted and dotless i, long s): a screen that looks for a pattern's
#: words in the lower-cased text cannot rule the pattern out when the text holds one.
CASE_ODD = ("\u0130", "\u0131", "\u017f")


@dataclass(slots=True, frozen=True)
class Line:
    """One line of evidence."""

    text: str
    index: int  # line number in the record's one numbering (see the module docstring)
    start: int  # char offset in Document.text; -1 for a removed line or a dropped block
    removed_reason: str | None = None  # the cleaner's (or the extractor's) reason
    where: str | None = None  # a dropped block: "inside" / "beside" / "page"

    @property
    def removed(self) -> bool:
        return self.removed_reason is not None

    @property
    def dropped(self) -> bool:
        return self.where is not None


@dataclass(slots=True)
class DocView:
    """Lines of a document, and what else the detectors may use."""

    text: str
    kept: list[Line]
    removed: list[Line]
    language: str = "en"
    url: str | None = None
    doc: Document | None = None
    dropped: list[Line] = field(default_factory=list)

    def dropped_at(self, *where: str) -> list[Line]:
        """Dropped blocks that sat in one of ``where`` (page summaries are never included:
        their text is a summary, not a line of the page)."""
        return [ln for ln in self.dropped if ln.where in where]

    @property
    def all_lines(self) -> list[Line]:
        return self.kept + self.removed

    def body_words(self) -> int:
        return len(self.text.split())


def view_of(doc: Document, language: str | None = None, url: str | None = None) -> DocView:
    """Build the view of a document (its ``text`` as kept lines, its ``removed`` lines, its
    ``dropped`` blocks), every line numbered in the record's one numbering."""
    text = doc.text or ""
    numbers = doc.line_numbers
    kept: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        if raw.strip():
            kept.append(Line(raw, numbers[i] if i < len(numbers) else i, pos))
        pos += len(raw) + 1
    removed = [
        Line(r.line, r.index, -1, r.reason or "removed")
        for r in doc.removed
        if r.line and r.line.strip()
    ]
    dropped = [
        Line(b.line, b.index, -1, b.reason or "dropped", b.where or "beside")
        for b in doc.dropped
        if b.line and b.line.strip() and b.where != "page"
    ]
    return DocView(
        text=text,
        kept=kept,
        removed=removed,
        language=language or doc.language or "en",
        url=url or doc.url,
        doc=doc,
        dropped=dropped,
    )


_WHERE = {
    "inside": "inside the article container",
    "beside": "beside the article",
    "page": "in the page chrome",
}


def evidence_label(line: Line) -> str:
    """Where a removed line's or a dropped block's evidence is: ``[removed line 21,
    author_box]`` (the cleaner's), ``[dropped before line 4, author_box, beside the
    article]`` (the extractor's)."""
    if line.dropped:
        where = _WHERE.get(line.where or "", line.where)
        return f"[dropped before line {line.index}, {line.removed_reason}, {where}]"
    return f"[removed line {line.index}, {line.removed_reason}]"


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

    Kept lines get absolute offsets in ``Document.text``; removed lines and dropped blocks
    get -1 offsets and their reason, line number (and, dropped, where they sat) named in the
    flag text.
    """
    a, b = span if span is not None else (0, len(line.text))
    snippet = line.text[a:b].strip()
    if line.removed:
        text = f"{evidence_label(line)} {snippet}"
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
