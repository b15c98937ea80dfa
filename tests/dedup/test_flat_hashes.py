"""The signature stage keeps a batch's hashes as one flat array with a length per document
(``minhash.flat_word_hashes``, ``anchors.flat_anchor_hashes`` and the ``*_flat`` functions
that read them): every result equals the per-document functions' it replaces, compiled
loops or not."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.dedup import anchors, minhash

TEXTS = [
    "The Mayor of Berlin said on Tuesday that 3,200 new flats would be built by 2026.",
    None,
    "",
    "... !!! ...",
    "Ünïcödé Straße: Der Bürgermeister sagte am Dienstag, dass 3.200 Wohnungen entstehen.\n"
    "Zweite Zeile mit „Zitat“ und ﬁ-Ligatur … sowie ½ Anteil.",
    "Один два три. Москва заявила во вторник о новых планах.",
    "markets " * 9000 + "Name Other 12 34",  # more anchors than anchors.MAX_SEQUENCE
    "short",
]


def _split(flat: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    return np.split(np.asarray(flat), np.cumsum(lengths)[:-1]) if len(lengths) else []


@pytest.fixture(params=["native", "python"])
def mode(request, monkeypatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(minhash, "_native", None)
    elif minhash._native is None:
        pytest.skip("compiled loops not built")
    return request.param


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], [], [None, ""]])
def test_flat_word_hashes_and_what_reads_them_equal_the_per_document_path(
        mode: str, texts: list) -> None:
    docs = minhash.batch_word_hashes(texts)
    flat, lengths = minhash.flat_word_hashes(texts)
    assert flat.dtype == np.uint64 and lengths.dtype == np.int64
    assert lengths.tolist() == [len(h) for h in docs]
    assert [x.tolist() for x in _split(flat, lengths)] == [h.tolist() for h in docs]
    assert minhash.sequence_keys_flat(flat, lengths).tolist() == \
        minhash.sequence_keys(docs).tolist()
    for shingle in (1, 2, 5):
        assert np.array_equal(minhash.signatures_from_flat(flat, lengths, 64, shingle, 7),
                              minhash.signatures_from_word_hashes(docs, 64, shingle, 7))


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[-1:], [None, ""]])
def test_flat_anchor_hashes_sequences_and_signatures_equal_the_per_document_path(
        mode: str, texts: list) -> None:
    keep, content = anchors.anchor_hashes(texts)
    (kf, kl), (cf, cl) = anchors.flat_anchor_hashes(texts)
    assert kl.tolist() == [len(h) for h in keep] and cl.tolist() == [len(h) for h in content]
    assert [x.tolist() for x in _split(kf, kl)] == [h.tolist() for h in keep]
    assert [x.tolist() for x in _split(cf, cl)] == [h.tolist() for h in content]
    seq, seq_len = anchors.flat_sequences(kf, kl)
    per_doc = [anchors.sequence(h) for h in keep]
    assert seq.dtype == np.uint32 and seq_len.tolist() == [len(q) for q in per_doc]
    assert seq.tolist() == [v for q in per_doc for v in q.tolist()]
    assert max(seq_len.tolist() or [0]) <= anchors.MAX_SEQUENCE
    assert np.array_equal(anchors.flat_anchor_signatures((kf, kl), (cf, cl), 32, 3),
                          anchors.anchor_signatures(keep, content, 32, 3))


def test_the_long_text_is_cut_to_the_sequence_limit() -> None:
    (kf, kl), _ = anchors.flat_anchor_hashes(TEXTS[-2:-1])
    assert kl[0] > anchors.MAX_SEQUENCE
    assert anchors.flat_sequences(kf, kl)[1].tolist() == [anchors.MAX_SEQUENCE]
