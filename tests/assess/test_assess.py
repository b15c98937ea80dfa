import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import newssift
from newssift.assess import Assessment, assess
from newssift.assess.cli import assess_command
from newssift.assess.forensics import FARM_FLAGS
from newssift.assess.forensics.combine import WEIGHTS, content_farm
from newssift.assess.stage import AssessStage
from newssift.record import Document, Flag, RemovedLine
from newssift.stage import Stats
from tests.assess.fixtures import FIXTURES, fixture

SEED_LIKE_FLAGS = {
    "generated_bio",
    "injected_headline",
    "translated_copy_credit",
    "accent_stripped_word",
    "foreign_script",
    "chrome_density",
}


def test_farm_copy_fixture_full_picture():
    res = assess(fixture("farm_copy.txt"))
    assert isinstance(res, Assessment)
    got = {f.name for f in res.flags}
    assert got >= SEED_LIKE_FLAGS
    assert sum(1 for f in res.flags if f.name == "injected_headline") == 2
    assert res.content_farm >= 0.9
    assert res.scores["content_farm"] == res.content_farm
    assert 0.0 <= res.machine_translated <= 1.0
    for f in res.flags:
        assert f.rule and "/v" in f.rule


def test_clean_article_has_no_farm_flag():
    res = assess(fixture("clean_article.txt"))
    assert [f.name for f in res.flags if f.name in FARM_FLAGS] == []
    assert res.content_farm < 0.5


def test_flags_point_into_the_text():
    text = fixture("farm_copy.txt")
    res = assess(text)
    lines = text.splitlines()
    cleaned = assess_text_of(text)
    kept_flags = 0
    for f in res.flags:
        if f.start >= 0:  # kept line: the span is in the cleaned text, the line in the input
            span = cleaned[f.start : f.end]
            assert f.text.startswith(span.strip()[:20])
            assert span.strip() in lines[f.line]
            kept_flags += 1
        elif f.line >= 0:  # removed line: the same numbering, the reason in the text
            assert f.text.startswith(f"[removed line {f.line},")
            evidence = f.text.split("] ", 1)[1].rsplit(" (", 1)[0]
            assert evidence in lines[f.line]
    bio = next(f for f in res.flags if f.name == "generated_bio")
    assert "Troublemaker. Bacon fanatic." in bio.text
    assert kept_flags and any(f.line >= 0 and f.start < 0 for f in res.flags)


def assess_text_of(text: str) -> str:
    from newssift.assess.assessment import _prepare

    return _prepare(text, None, None).text or ""


def test_document_with_removed_lines():
    body = "\n".join(
        line
        for line in fixture("farm_copy.txt").splitlines()
        if line and not line.startswith(("See also", "About the", "Troublemaker", "Leave", "Your"))
    )
    removed = [
        RemovedLine(
            12, "See also  Election: Chile and Peru sign 4.1 billion copper accord", "related_link"
        ),
        RemovedLine(40, "About the Author: Dana Whitfield", "author_box"),
        RemovedLine(
            42, "Troublemaker. Bacon fanatic. Lifelong blogger. Unapologetic gamer.", "author_box"
        ),
        RemovedLine(44, "Leave a Reply", "comment_form"),
    ]
    doc = Document(id="d", source="t", text=body, removed=removed, language="en")
    res = assess(doc)
    bio = [f for f in res.flags if f.name == "generated_bio"]
    assert len(bio) == 1 and bio[0].line == 42 and bio[0].start == -1
    assert "author_box" in bio[0].text
    heads = [f for f in res.flags if f.name == "injected_headline"]
    assert [f.line for f in heads] == [12]
    assert doc.flags == [] and doc.scores == {}  # assess() does not write on the record


def test_stage_writes_scores_and_flags():
    doc = Document(id="d", source="t", text=fixture("farm_copy.txt"), language="en")
    stats = Stats()
    (out,) = list(AssessStage().run([doc], stats))
    assert out.decision is None  # decides nothing
    assert out.scores["content_farm"] >= 0.9
    assert "machine_translated" in out.scores
    assert any(f.name == "generated_bio" for f in out.flags)
    assert stats.counts["assess/in"] == 1


def test_top_level_assess_is_this_one():
    assert newssift.assess_text is assess


def test_cli_json():
    r = CliRunner().invoke(
        assess_command,
        [str(FIXTURES / "farm_copy.txt"), "--json", "--url", "https://buzz.example/a"],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["content_farm"] >= 0.9
    assert "agency_copy" in {f["name"] for f in data["flags"]}


def test_cli_text():
    r = CliRunner().invoke(assess_command, [str(FIXTURES / "clean_article.txt")])
    assert r.exit_code == 0 and "content_farm" in r.output


_flag = st.builds(
    Flag, name=st.sampled_from(sorted(WEIGHTS)), rule=st.just("r/v1"), value=st.floats(0, 1)
)


@given(st.lists(_flag, max_size=8), _flag, st.floats(0, 1), st.floats(0, 1))
def test_content_farm_is_bounded_and_monotone(flags, extra, mt, mt_more):
    base = content_farm(flags, mt)
    assert 0.0 <= base <= 1.0
    assert content_farm([*flags, extra], mt) >= base
    assert content_farm(flags, max(mt, mt_more)) >= base


def test_single_weak_flags_stay_below_half():
    for name in (
        "accent_stripped_word",
        "foreign_script",
        "injected_headline",
        "agency_copy",
        "mt_artifact",
        "chrome_density",
        "spun_phrase",
    ):
        assert content_farm([Flag(name=name, rule="r/v1", value=1.0)]) < 0.5, name
    assert content_farm([Flag(name="generated_bio", rule="r/v1", value=1.0)]) >= 0.5


_line = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80
)


@given(st.lists(_line, max_size=12), st.lists(_line, max_size=3))
def test_any_text_gives_bounded_scores_and_spans_inside_the_text(lines, removed_lines):
    text = "\n".join(lines)
    removed = [RemovedLine(i + 100, ln, "related_link") for i, ln in enumerate(removed_lines)]
    doc = Document(id="h", source="t", text=text, removed=removed, language="en")
    res = assess(doc)
    assert 0.0 <= res.content_farm <= 1.0
    assert 0.0 <= res.machine_translated <= 1.0
    for f in res.flags:
        if f.name in FARM_FLAGS and f.start >= 0:
            assert 0 <= f.start <= f.end <= len(text)


def test_html_only_is_extracted_first():
    paras = "".join(f"<p>{p}</p>" for p in fixture("farm_copy.txt").split("\n\n"))
    html = f"<html><head><title>Port talks</title></head><body><article>{paras}</article>"
    res = assess("", html=html + "</body></html>")
    # the extractor may drop the chrome around the article; the body's own faults remain
    got = {f.name for f in res.flags}
    assert {"translated_copy_credit", "accent_stripped_word"} <= got
    assert res.content_farm >= 0.5


def test_translation_artifacts_raise_machine_translated():
    base = fixture("clean_article.txt")
    plain = assess(Document(id="a", source="t", text=base, language="en"))
    damaged_text = (
        base.replace('a start."', "a start. Is. ”, He said.")
        + "\n(Ellen Marsh, French version Tom Reyes)"
    )
    damaged = assess(Document(id="b", source="t", text=damaged_text, language="en"))
    assert {"mt_artifact", "translated_copy_credit"} <= {f.name for f in damaged.flags}
    assert damaged.machine_translated > plain.machine_translated


def test_not_text_is_a_clear_type_error():
    """None, bytes or a number are a caller's mistake: a TypeError that names the type and what
    is expected, not an AttributeError from deep inside the cleaner."""
    import pytest

    for bad in (None, b"Some bytes of text.", 42):
        with pytest.raises(TypeError, match=rf"str or a Document, not {type(bad).__name__}"):
            assess(bad)
        with pytest.raises(TypeError, match="str or a Document"):
            newssift.assess_text(bad)
