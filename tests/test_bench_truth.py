"""bench/_truth.py: the one reader of aeb's and naeb's ground truth."""

from __future__ import annotations

import json

import pytest

from bench._truth import aeb_bodies, aeb_truth, naeb_items, naeb_texts


def _sets(tmp_path):
    (tmp_path / "aeb").mkdir()
    (tmp_path / "naeb").mkdir()
    (tmp_path / "aeb" / "ground-truth.json").write_text(json.dumps({
        "b": {"articleBody": "Second body.", "url": "https://b.example/x"},
        "a": {"articleBody": "Première body.", "url": "https://a.example/y"},
        "c": {"articleBody": "", "url": "https://c.example/z"},
    }, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "naeb" / "news_articles.json").write_text(json.dumps([
        {"id": 2, "text": "Two."}, {"id": 1, "text": ""}, {"id": 3, "text": "Three."},
    ]), encoding="utf-8")
    return tmp_path / "aeb", tmp_path / "naeb"


def test_records_in_file_order_bodies_in_key_order(tmp_path):
    aeb, naeb = _sets(tmp_path)
    assert list(aeb_truth(aeb)) == ["b", "a", "c"]
    assert aeb_bodies(aeb) == ["Première body.", "Second body."]
    assert [x["id"] for x in naeb_items(naeb)] == [2, 1, 3]
    assert naeb_texts(naeb) == ["Two.", "Three."]


def test_missing_set_is_empty_or_a_one_line_exit(tmp_path):
    assert aeb_truth(tmp_path / "aeb") == {}
    assert naeb_items(tmp_path / "naeb") == []
    with pytest.raises(SystemExit) as err:
        aeb_truth(tmp_path / "aeb", required=True)
    assert "\n" not in str(err.value) and "ground-truth.json" in str(err.value)
    with pytest.raises(SystemExit):
        naeb_texts(tmp_path / "naeb")
