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
    assert f.rule == "bio_grammar/v2"
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


def test_dropped_block_called_navigation_is_a_bio_only_with_two_word_labels():
    from dataclasses import replace

    from newssift.assess.forensics.view import Line

    base = view("A body line about the harbour strike and the union's demands on Tuesday.")

    def flags_of(text: str, reason: str) -> list[str]:
        v = replace(base, dropped=[Line(text, 1, -1, reason, "inside")])
        return [f.name for f in bio.detect(v)]

    # a theme without markup: the cleaner's rules call a pipe-separated bio navigation
    pipe_bio = "Reluctant blogger | Certified foodie | Vinyl buff | Aspiring cat person"
    assert flags_of(pipe_bio, "navigation") == ["generated_bio"]
    # a site menu of sections named after roles is not a bio
    assert flags_of("Writers | Editors | Photographers | Designers", "navigation") == []
    # link text never is
    assert flags_of(pipe_bio, "link_list") == []
