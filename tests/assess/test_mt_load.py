"""Loading the document MT model: a file whose rows are in key order, with the lookup table's
probes stored (mt_model.in_key_order), scores exactly as the same model with rows in any order."""

import numpy as np

from newssift.assess import mt_model
from newssift.assess.mt_model import CodeTable, DocModel, in_key_order
from tests.assess.fixtures import fixture
from tests.assess.mt_helpers import tiny_model
from tests.assess.test_mt_profile import FAMILIES, TERMS, TEXTS


def _key_ordered_copy(src, dst) -> DocModel:
    with np.load(src, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    np.savez_compressed(dst, **in_key_order(arrays))
    return DocModel(dst)


def _bits(model: DocModel, text: str) -> tuple:
    return model.decision(text).hex(), model.probability(text).hex(), model.explain(text, 5)


def test_rows_in_key_order_score_bit_for_bit_like_the_written_order(tmp_path):
    a = tiny_model(tmp_path / "a.npz", FAMILIES, TERMS, stored=True)
    b = _key_ordered_copy(tmp_path / "a.npz", tmp_path / "b.npz")
    assert not a._rows_in_key_order  # the tiny file's rows are not in key order
    assert b._rows_in_key_order and b.family.tolist() == sorted(b.family.tolist())
    texts = [*TEXTS, fixture("clean_article.txt"), fixture("farm_copy.txt")]
    for native in (True, False) if a.native else (False,):
        a.native = b.native = native
        for text in texts:
            assert _bits(a, text) == _bits(b, text)
            ai, _ = a.contributions(text)
            bi, _ = b.contributions(text)
            # the same terms, under their new rows
            assert [a.term_name(int(i)) for i in ai] == [b.term_name(int(i)) for i in bi]
    # the names rebuilt from the keys are the file's names of the reordered rows
    assert [b.term_name(i) for i in range(len(TERMS))] == b.terms


def test_a_stored_probe_rebuilds_the_same_table_and_a_wrong_one_is_ignored():
    rng = np.random.default_rng(3)
    keys = np.unique(np.concatenate([rng.integers(0, 2**40, 4000), np.arange(500) << 22]))
    vals = np.arange(len(keys))
    built = CodeTable(keys, vals)
    assert built.span > 1
    again = CodeTable(keys, vals, built.probe.astype(np.uint8))
    assert np.array_equal(again.slots, built.slots) and again.span == built.span
    for bad in (np.zeros(len(keys), np.uint8), built.probe[:-1], built.probe + 70000):
        t = CodeTable(keys, vals, bad)  # colliding, too short, beyond the table: rebuilt
        assert np.array_equal(t.slots, built.slots) and t.span == built.span
        assert np.array_equal(t.get(keys), vals)


def test_the_shipped_file_is_in_key_order_with_the_probes_of_its_table():
    model = mt_model.load_model.__wrapped__()
    assert isinstance(model, DocModel) and model._rows_in_key_order
    keys = model._row_key
    built = CodeTable(keys, np.arange(len(keys)))  # the placement in rounds, no probes
    assert np.array_equal(model._table.slots, built.slots)
    assert model._table.span == built.span


def _with_text_form(path, form) -> None:
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["text_form"] = np.array([form])
    np.savez_compressed(path, **arrays)


def test_a_file_names_its_text_form_and_one_without_it_reads_flat(tmp_path):
    import pytest

    from newssift.assess.mt_features import TEXT_FORMS, flatten, model_text

    assert TEXT_FORMS == ("flat",)
    text = "\u201cIt\u2019s \u20ac5\u201d \u2013 20 per cent"
    assert model_text(text) == model_text(text, "flat") == flatten(text)
    with pytest.raises(ValueError):
        model_text(text, "flat+conventions")  # removed after session 12 (docs/bench/mt.md)
    bare = tiny_model(tmp_path / "bare.npz", FAMILIES, TERMS, stored=True)
    assert bare.text_form == "flat"  # no text_form field: flattened text
    tiny_model(tmp_path / "named.npz", FAMILIES, TERMS, stored=True)
    _with_text_form(tmp_path / "named.npz", "flat")
    named = DocModel(tmp_path / "named.npz")
    assert named.text_form == "flat"
    long = (text + " The plan was approved. ") * 6
    assert _bits(named, long) == _bits(bare, long)
    tiny_model(tmp_path / "bad.npz", FAMILIES, TERMS, stored=True)
    _with_text_form(tmp_path / "bad.npz", "flat+conventions")
    with pytest.raises(ValueError):
        DocModel(tmp_path / "bad.npz")  # a form this code cannot prepare is refused


def test_the_trainer_writes_the_text_form_it_counts_terms_in():
    import train.train_mt as T
    from newssift.assess.mt_features import TEXT_FORMS

    assert T.TEXT_FORM in TEXT_FORMS
