"""Review r42's forensics findings on assess: the page beside a given text (6), the line of
a foreign-script word (8), the title read (9), French typography is no MT damage (10)."""

from __future__ import annotations

from pathlib import Path

from newssift.assess import assess
from newssift.assess.forensics import mt_artifacts
from newssift.assess.forensics.view import view_of
from newssift.clean.stage import CleanStage
from newssift.extract.article import extract
from newssift.news.stage import NewsStage
from newssift.record import Document
from newssift.stage import Stats, run_stages

FARM_HTML = (Path(__file__).parents[1] / "extract" / "fixtures" / "farm_wordpress.html"
             ).read_text(encoding="utf-8")
BODY = (
    "Thousands of dockers from the biggest port of Europe have stopped the work {w}on "
    "Tuesday, paralyzing the traffic of containers in three terminals.\n\n"
    "The operator affirmed that the program was necessary to remain competitive face to "
    "Antwerp and Hamburg."
)


def _names(res) -> set[str]:
    return {f.name for f in res.flags}


def test_page_given_beside_its_text_counts_its_chrome():
    text = extract(FARM_HTML).text
    alone = assess(text)
    beside = assess(text, html=FARM_HTML)
    from_page = assess("", html=FARM_HTML)
    # the page's dropped chrome is read though the text is not empty (finding 6) ...
    assert "generated_bio" not in _names(alone)
    assert _names(beside) == _names(from_page)
    assert beside.content_farm == from_page.content_farm
    # ... at the same lines as when the text comes from the page
    assert [(f.name, f.line) for f in beside.flags] == [(f.name, f.line) for f in from_page.flags]


def test_page_beside_a_text_that_differs_places_its_blocks_by_the_lines_they_sat_before():
    text = extract(FARM_HTML).text
    lines = text.split("\n")
    shifted = "Note added by the reader.\n\n" + text  # two more lines above the article
    res = assess(shifted, html=FARM_HTML)
    ref = assess("", html=FARM_HTML)
    head = next(f for f in ref.flags if f.name == "injected_headline")
    moved = next(f for f in res.flags if f.name == "injected_headline")
    assert moved.text.split("] ", 1)[1] == head.text.split("] ", 1)[1]
    assert moved.text.startswith(f"[dropped before line {head.line + 2},")
    assert moved.line == head.line + 2 and lines[head.line] == shifted.split("\n")[moved.line]


def test_foreign_script_on_a_kept_line_names_its_line_in_the_one_numbering():
    text = "Rotterdam port dockers strike over automation of cranes\n\n" + BODY.format(
        w="против ")
    doc = Document(id="a", source="x", text=text)
    (doc,) = list(run_stages([CleanStage(), NewsStage()], [doc], Stats()))
    assert doc.line_numbers == [2, 4]
    res = assess(doc)
    (flag,) = [f for f in res.flags if f.name == "foreign_script"]
    assert flag.line == 2 and text.split("\n")[2][0:10] == doc.text[0:10]
    assert doc.text[flag.start:flag.end] == "против"
    (same,) = [f for f in assess(text).flags if f.name == "foreign_script"]
    assert same.line == 2


def test_foreign_script_word_in_the_title_is_flagged_and_named_as_the_title():
    text = "Rotterdam port dockers strike против automation of cranes\n\n" + BODY.format(w="")
    (flag,) = [f for f in assess(text).flags if f.name == "foreign_script"]
    assert flag.text == "[title] против"
    assert (flag.line, flag.start, flag.end) == (-1, -1, -1)
    # a Document's own title is read as well; a clean title gives nothing
    doc = Document(id="a", source="x", text=BODY.format(w=""),
                   title="Rotterdam port dockers strike против automation of cranes")
    assert [f.text for f in assess(doc).flags if f.name == "foreign_script"] == [
        "[title] против"]
    doc.title = "Rotterdam port dockers strike over automation of cranes"
    assert not [f for f in assess(doc).flags if f.name == "foreign_script"]


def test_spaced_guillemets_are_french_typography_not_mt_damage():
    fr = ("« Ils veulent supprimer 800 emplois en quatre ans et appellent cela le progrès. » "
          "Le syndicat a dit : la grève continue.")
    assert mt_artifacts.detect(view_of(Document(id="a", source="x", text=fr),
                                       language="fr")) == []
    assert not mt_artifacts.screen(view_of(Document(id="a", source="x", text=fr),
                                           language="fr"))
    # the same spacing in English is still damage, and English words still count in French
    en = "It may bring us together. ”\nThe union says : the strike goes on."
    labels = {f.text.split("(")[-1] for f in mt_artifacts.detect(
        view_of(Document(id="a", source="x", text=en), language="en"))}
    assert labels == {"space before closing quote)", "French spacing before punctuation)"}
    verb = "« Oui. », He said."
    assert len(mt_artifacts.detect(view_of(Document(id="a", source="x", text=verb),
                                           language="fr"))) == 1


def test_french_page_gets_no_mt_artifact():
    html = (
        "<html lang='fr'><head><title>Grève au port</title></head><body><article>"
        "<h1>Grève au port</h1>"
        "<p>Des milliers de dockers du plus grand port d'Europe ont cessé le travail mardi, "
        "paralysant le trafic de conteneurs dans trois terminaux du port.</p>"
        "<p>« Ils veulent supprimer 800 emplois en quatre ans et appellent cela le "
        "progrès. »</p><p>Le porte-parole a répondu : « Nous avons proposé une reconversion "
        "à chaque grutier concerné. »</p></article></body></html>"
    )
    assert not [f for f in assess("", html=html).flags if f.name == "mt_artifact"]


def test_translated_copy_note_names_a_dateline_credit_that_is_no_known_agency():
    text = (
        "Bulgaria's government resigns\n\n"
        "SOFIA, March 3 (Meridian Wire) – The government of Bulgaria resigned on Monday after "
        "weeks of protests over the cost of living, the prime minister said on television.\n\n"
        "The president is expected to name a caretaker cabinet within days.\n\n"
        "(Reporting by Ivan Petrov, French version Marie Dupont)"
    )
    (flag,) = [f for f in assess(text).flags if f.name == "translated_copy_credit"]
    assert flag.text.endswith("dateline credits Meridian Wire, not a known agency)")
    assert flag.value == 0.8  # weighed as a dateline without an agency, as before


def test_assess_command_prints_a_title_flag_at_the_title(tmp_path: Path):
    from click.testing import CliRunner

    from newssift.assess.cli import assess_command

    page = tmp_path / "t.txt"
    page.write_text("Rotterdam port dockers strike против automation of cranes\n\n"
                    + BODY.format(w=""), encoding="utf-8")
    res = CliRunner().invoke(assess_command, [str(page)])
    assert res.exit_code == 0
    line = next(x for x in res.output.splitlines() if x.strip().startswith("foreign_script"))
    assert " title " in line and "[title] против" in res.output
