from newssift.assess.forensics import bio
from tests.assess.fixtures import view


def test_fragment_labels():
    assert bio.fragment_is_label("Passionate writer")
    assert bio.fragment_is_label("Podcast nerd")
    assert bio.fragment_is_label("Pizzaholic")
    assert bio.fragment_is_label("Problem solver")
    assert not bio.fragment_is_label("Editing by Tom Reyes")
    assert not bio.fragment_is_label("Lover")  # a bound noun needs its subject
    assert not bio.fragment_is_label("The council met the union's writer on Tuesday evening")


def test_generator_style_bio_is_flagged_with_its_span():
    line = "Troublemaker. Bacon fanatic. Lifelong blogger. Unapologetic gamer. Podcast nerd."
    text = "A body line about the harbour strike.\n" + line
    flags = bio.detect(view(text))
    assert [f.name for f in flags] == ["generated_bio"]
    f = flags[0]
    assert f.rule == "bio_grammar/v1"
    assert f.line == 1
    assert text[f.start : f.end] == line
    assert f.value == 1.0 and f.threshold == bio.THRESHOLD


def test_pipe_separated_templated_bio_is_flagged():
    flags = bio.detect(view("Dog mom | Travel junkie | Coffee addict | Writer | Dreamer"))
    assert [f.name for f in flags] == ["generated_bio"]


def test_credits_and_prose_are_not_bios():
    text = (
        "Reporting by Ellen Marsh. Editing by Tom Reyes. Additional reporting by Li Wen.\n"
        "The writer, a keen reader and coffee lover, told the council she was a runner.\n"
        "Photo: Jan Visser. Graphic: Ana Lopes. Source: city council."
    )
    assert bio.detect(view(text)) == []
