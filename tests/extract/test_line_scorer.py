"""The learned line scorer's hook (none ships): its features and the veto/rescue mode."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from newssift.extract import features
from newssift.extract.blocks import walk
from newssift.extract.body import candidates, select_body

FIXTURES = Path(__file__).parent / "fixtures"


def _page(name: str = "news_with_chrome.html"):
    tree = LexborHTMLParser((FIXTURES / name).read_text())
    return walk(tree.body)


def _plain_path_names(page, line, container) -> set[str]:
    """The class/id words and tags between the container and the line, by their definition."""
    path = line.path
    inner = path[path.index(container) + 1 :] if container in path else []
    out = set()
    for e in inner:
        if page.tags[e] in features.PATH_TAGS:
            out.add("ptag=" + page.tags[e])
        out |= {"w=" + w for w in page.words[e] if w in features.WORD_VOCAB}
    return out


def test_path_features_match_their_definition():
    for name in ("news_with_chrome.html", "farm_wordpress.html", "jsonld.html"):
        page = _page(name)
        container, lines, feats = candidates(page)
        assert lines
        for line, (_num, cat) in zip(lines, feats, strict=True):
            names = [c for c in cat if c.startswith(("ptag=", "w="))]
            assert set(names) == _plain_path_names(page, line, container)
            assert names == sorted(names)  # one order in every process


def test_sentence_end_feature():
    page = _page()
    _c, lines, feats = candidates(page)
    idx = features.NUMERIC.index("sentence_end")
    for line, (num, _cat) in zip(lines, feats, strict=True):
        t = line.text.rstrip()
        assert num[idx] == (1.0 if t and t[-1] in '.!?…:;"”’)»' else 0.0)


def _zero_model(bias: float, **kw) -> dict:
    return {"bias": bias, "w_num": [0.0] * len(features.NUMERIC), "w_cat": {}, **kw}


def test_veto_and_rescue_leave_the_rules_alone_unless_confident():
    page = _page()
    rules = select_body(page, model=False)[1]
    # a model that is never confident: the rules' lines, unchanged
    unsure = _zero_model(0.0, veto=-1.0, rescue=1.0)
    assert select_body(page, model=unsure)[1] == rules
    # confident that every line is chrome: every line vetoed
    assert select_body(page, model=_zero_model(-5.0, veto=-1.0, rescue=1.0))[1] == []
    # confident that every line is article: dropped lines rescued (before the trim)
    _c, lines, feats = candidates(page)
    dropped = [ln for ln, (_n, cat) in zip(lines, feats, strict=True) if "heuristic_drop" in cat]
    assert dropped
    keep_all = select_body(page, model=_zero_model(5.0, veto=-1.0, rescue=1.0))[1]
    assert len(keep_all) > len(rules)
