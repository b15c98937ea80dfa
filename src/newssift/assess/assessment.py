"""``assess()``: every score and flag of one document, and the two verdict scores.

Why one function: a user holding one page ("is this a content-farm copy, and why?")
and the pipeline's assess stage must get the same answer. ``assess`` accepts a plain
string (then it runs the cleaner and the news parser itself, so
``newssift.assess(page_text)`` gives the full picture; given only ``html=`` and an empty
string, it extracts the text from the HTML first) or a :class:`Document` that
already went through clean and news (then it reads ``text``, ``removed`` and ``news``
and changes nothing on it).

What it returns (:class:`Assessment`):

- ``scores``: name → float. The quality signals of the language/quality module (when
  installed), ``n_words``, ``mt_model`` (the document-level MT model's probability),
  ``machine_translated`` and ``content_farm``, and ``farm_flags`` (how many content-farm
  flags fired).
- ``flags``: each with its name, versioned rule, value, threshold and evidence (line
  number and character span; see :mod:`newssift.assess.forensics` for the flag names).
  Every line number counts in the record's one numbering (``splitlines()`` of the text the
  cleaner was given; :class:`newssift.record.Document`), the same as ``removed[].index``:
  for a text input, the line of the input text. Evidence on a block the extractor dropped
  (HTML input, ``Document.dropped``) names the line it sat before and where it sat.
- ``content_farm`` ∈ [0, 1]: the noisy-OR of :mod:`newssift.assess.forensics.combine`.
- ``machine_translated`` ∈ [0, 1]: the MT model's probability, raised (noisy-OR) by each
  translation artifact seen on the surface (``mt_artifact``; an untranslated word in
  another script, ``foreign_script``; credits naming another language's version,
  ``translated_copy_credit``), at most three counted. For non-English text, where the
  model does not apply, only the artifacts count. ``mt_model`` is absent when the model
  did not assess the text (shorter than ``mt_model.MIN_WORDS``, 180 words, or mostly not
  Latin-script: see :func:`newssift.assess.mt_model.assessable`); ``machine_translated``
  then counts the artifacts only. When ``machine_translated`` ≥ 0.5 a
  ``machine_translated`` flag (rule ``mt_doc_model/v2``) names the model's probability,
  the terms that pushed it up most, and the artifacts counted.

The decide stage, not this module, turns scores into keep or reject.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

from newssift.assess.forensics import FARM_FLAGS, run_detectors, scripts, view_of
from newssift.assess.forensics.combine import content_farm as combine_content_farm
from newssift.assess.forensics.view import DocView, evidence_label
from newssift.assess.language import script_mixing
from newssift.assess.mt_model import explain as mt_explain
from newssift.assess.mt_model import machine_translated as mt_probability
from newssift.assess.mt_model import word_count
from newssift.assess.quality import quality_signals
from newssift.langid import UNKNOWN, decide_language
from newssift.record import Document, Flag
from newssift.textarg import text_arg

_log = logging.getLogger(__name__)

#: How much one translation artifact raises ``machine_translated`` (noisy-OR), at most 3.
ARTIFACT_WEIGHT = 0.15
MT_EVIDENCE = frozenset({"mt_artifact", "foreign_script", "translated_copy_credit"})
MT_LANGUAGES = frozenset({"en"})  # the MT model reads English
MT_FLAG_RULE = "mt_doc_model/v2"
#: Scores this module writes besides the quality signals (the decide policies read them).
VERDICT_SCORES = frozenset({"n_words", "mt_model", "farm_flags", "content_farm",
                            "machine_translated"})


@dataclass(slots=True)
class Assessment:
    scores: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    content_farm: float = 0.0
    machine_translated: float = 0.0

    def to_dict(self) -> dict:
        return {
            "content_farm": self.content_farm,
            "machine_translated": self.machine_translated,
            "scores": dict(sorted(self.scores.items())),
            "flags": [dataclasses.asdict(f) for f in self.flags],
        }


def _language(doc: Document) -> str:
    """The document's language: the one decision on the record, made here only for a
    record that never had one (``"und"`` when it cannot be told; never a silent "en")."""
    if doc.language:
        return doc.language
    if doc.language_score is None and doc.text:
        lang = decide_language(doc.text, doc.language_declared).language
        if lang:
            return lang
    return UNKNOWN


def _foreign_script_flags(view: DocView, title: str | None = None) -> list[Flag]:
    """``foreign_script`` flags on kept text, removed lines and the title.

    The language module's detector finds the words; each of its flags is kept only if it
    passes our conservative bar (:func:`scripts.is_evidence`: a real script, inside a
    clearly Latin line, not quoted), so that human news that quotes Arabic or writes
    "ºF" is not called a farm copy. A kept line's flag gets that line's number in the
    record's one numbering (the detector counts lines in the cleaned text: review r42,
    finding 8). The title is read too (finding 9: the seed page's untranslated word sat in
    a headline); it is no line of the body, so its flag is document-wide (line and offsets
    -1) and its text names it: ``[title] বাণিজ্য``.
    """
    flags = []
    for f in script_mixing(view.text, view.language):
        if f.name != "foreign_script" or f.start < 0:
            continue
        for line in view.kept:
            if line.start <= f.start < line.start + len(line.text):
                a, b = f.start - line.start, f.end - line.start
                if scripts.is_evidence(line.text, a, b):
                    flags.append(dataclasses.replace(f, line=line.index))
                break
    for line in view.removed + view.dropped_at("inside"):
        flags.extend(_off_body(line.text, view.language, line.index, evidence_label(line)))
    if title and title.strip() and not any(ln.text.strip() == title.strip()
                                           for ln in view.all_lines):
        flags.extend(_off_body(title, view.language, -1, TITLE_LABEL))
    return flags


#: How a flag on the title names where its evidence is (the title is no line of the body).
TITLE_LABEL = "[title]"


def _off_body(text: str, language: str, index: int, label: str) -> list[Flag]:
    """``foreign_script`` flags on a text that is not in ``Document.text`` (a removed line,
    a dropped block, the title): offsets -1, ``label`` naming where the word is."""
    out = []
    for f in script_mixing(text, language):
        if f.name != "foreign_script" or not 0 <= f.start < f.end:
            continue
        if scripts.is_evidence(text, f.start, f.end):
            out.append(dataclasses.replace(
                f, line=index, start=-1, end=-1, text=f"{label} {text[f.start:f.end]}"[:300]
            ))
    return out


def _clean_and_parse():
    """The cleaner and the news parser, imported when first needed.

    Imported late and guarded: a string given to :func:`assess` is cleaned and parsed
    first, but the detectors also work on raw lines, so an assessment never fails
    because those modules are missing or broken at import time.
    """
    try:
        from newssift.clean import clean
        from newssift.news import parse_news
    except ImportError:  # pragma: no cover - only while a sibling module is broken
        return None, None
    return clean, parse_news


def _extracted(html: str, url: str | None):
    """The extractor's article of the page (None while the extractor cannot be imported)."""
    try:
        from newssift.extract.article import extract
    except ImportError:  # pragma: no cover - only while the extractor is broken
        return None
    return extract(html, url=url)


def _from_html(doc: Document, html: str, url: str | None) -> None:
    """Fill text, title and language from the page's HTML (when only the HTML was given)."""
    art = _extracted(html, url)
    if art is None:  # pragma: no cover - only while the extractor is broken
        return
    doc.text = art.text
    doc.title = art.title
    doc.language = art.language
    doc.dropped = art.dropped
    doc.dropped_total = art.dropped_total
    doc.language_score = art.language_score
    doc.language_declared = art.language_declared


def _page_beside(doc: Document, html: str, url: str | None, text: str) -> None:
    """The page's evidence beside a text the caller gave (the text stays the article).

    Why: ``newssift assess TEXT --html PAGE`` read the page only when TEXT was empty, so the
    chrome the extractor leaves beside the article (the generated author box, the injected
    "See also" links, the comment form) never counted, and the answer was not the
    pipeline's (review r42, finding 6: 0.794 against 0.985 for the same page). The page's
    title, declared language and dropped blocks are taken; each dropped block keeps its
    place by the extracted line it sat before, found in the given text (lines compared
    stripped, in order); a block whose following lines are none of the text's sits below
    the text's last line.
    """
    try:
        art = _extracted(html, url)
    except ValueError as exc:  # NotHTMLError, PathologicalHTML: the page is beside the text
        _log.warning("the page given with the text is not read: %s", exc)
        return
    if art is None:  # pragma: no cover - only while the extractor is broken
        return
    if not doc.title and art.title:
        doc.title = art.title
    doc.language_declared = doc.language_declared or art.language_declared
    given = text.splitlines()
    ours = art.text.splitlines()
    where = _line_map(ours, given)
    doc.dropped = [
        dataclasses.replace(b, index=_place(b.index, where, len(given))) for b in art.dropped
    ]
    doc.dropped_total = art.dropped_total


def _line_map(ours: list[str], given: list[str]) -> dict[int, int]:
    """Extracted line -> the same line of the given text (stripped, blank lines left out;
    the longest in-order match of :class:`difflib.SequenceMatcher`)."""
    from difflib import SequenceMatcher

    a = [(i, x.strip()) for i, x in enumerate(ours) if x.strip()]
    b = [(j, x.strip()) for j, x in enumerate(given) if x.strip()]
    sm = SequenceMatcher(None, [x for _, x in a], [x for _, x in b], autojunk=False)
    out: dict[int, int] = {}
    for i0, j0, n in sm.get_matching_blocks():
        for k in range(n):
            out[a[i0 + k][0]] = b[j0 + k][0]
    return out


def _place(index: int, where: dict[int, int], n_given: int) -> int:
    """Where a block that sat before extracted line ``index`` sits in the given text."""
    after = [where[i] for i in where if i >= index]
    return min(after) if after else n_given


def _prepare(doc_or_text: Document | str, html: str | None, url: str | None) -> Document:
    clean, parse_news = _clean_and_parse()
    if not isinstance(doc_or_text, Document):
        doc_or_text = text_arg(doc_or_text, "assess", takes="str or a Document")
        doc = Document(id="", source="<text>", text=doc_or_text, html=html, url=url)
        if html and not doc_or_text.strip():
            _from_html(doc, html, url)
            doc_or_text = doc.text or ""
        elif html:
            _page_beside(doc, html, url, doc_or_text)
        lang = _language(doc)
        doc.language = lang if lang != UNKNOWN else None
        if clean is not None:
            cleaned = clean(doc_or_text, language=doc.language, title=doc.title or None)
            doc.text = cleaned.text
            if cleaned.title and not doc.title:  # as the clean stage: the text's headline
                doc.title = cleaned.title
            doc.removed = list(cleaned.removed)
            doc.line_numbers = list(cleaned.lines)
        if parse_news is not None:
            doc.news = parse_news(doc.text or "")
        return doc
    doc = doc_or_text
    if doc.text:
        text = text_arg(doc.text, "assess")
        if text is not doc.text:  # lone surrogates replaced: the caller's record is left as is
            doc = dataclasses.replace(doc, text=text)
    if doc.news is None and doc.text and parse_news is not None:
        doc = dataclasses.replace(doc, news=parse_news(doc.text))
    return doc


def _renumber(flags: list[Flag], numbers: list[int]) -> list[Flag]:
    """Flags that count lines in the cleaned ``text`` (the quality signals') put into the
    record's one numbering, where the forensic flags already are (see ``view_of``)."""
    if not numbers:
        return flags
    return [
        dataclasses.replace(f, line=numbers[f.line]) if 0 <= f.line < len(numbers) else f
        for f in flags
    ]


def _mt_flag(text: str, p: float | None, n_art: int, mt: float) -> Flag:
    """The ``machine_translated`` flag: what pushed the score (model terms, artifacts)."""
    parts = []
    if p is not None:
        terms = ", ".join(f"'{t}' +{c:.2f}" for t, c in mt_explain(text))
        parts.append(f"model p={p:.2f}" + (f" (most: {terms})" if terms else ""))
    if n_art:
        parts.append(f"{n_art} translation artifact(s)")
    return Flag(
        name="machine_translated",
        rule=MT_FLAG_RULE,
        value=mt,
        threshold=0.5,
        text="; ".join(parts)[:300],
    )


def assess(
    doc_or_text: Document | str, *, html: str | None = None, url: str | None = None
) -> Assessment:
    """Scores, flags, ``content_farm`` and ``machine_translated`` of one document."""
    doc = _prepare(doc_or_text, html, url)
    language = _language(doc)
    text = doc.text or ""
    view = view_of(doc, language=language, url=url or doc.url)

    scores: dict[str, float] = {}
    flags: list[Flag] = []
    if text:
        q_scores, q_flags = quality_signals(text, language)
        scores.update(q_scores)
        flags.extend(_renumber(q_flags, doc.line_numbers))
    if "n_words" not in scores:
        scores["n_words"] = float(word_count(text))

    farm = run_detectors(view) + _foreign_script_flags(view, doc.title)
    flags.extend(farm)

    mt = 0.0
    if language[:2] in MT_LANGUAGES and text.strip():
        p = mt_probability(text)
        if p is not None:
            scores["mt_model"] = round(p, 4)
            mt = p
    n_art = min(3, sum(1 for f in farm if f.name in MT_EVIDENCE))
    mt = 1.0 - (1.0 - mt) * (1.0 - ARTIFACT_WEIGHT) ** n_art
    mt = round(mt, 4)

    cf = combine_content_farm(farm, mt)
    if mt >= 0.5:
        flags.append(_mt_flag(text, scores.get("mt_model"), n_art, mt))
    scores["farm_flags"] = float(sum(1 for f in farm if f.name in FARM_FLAGS))
    scores["content_farm"] = cf
    scores["machine_translated"] = mt
    return Assessment(scores=scores, flags=flags, content_farm=cf, machine_translated=mt)
