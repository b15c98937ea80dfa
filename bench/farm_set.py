"""Generate newssift's own farm-set benchmark: 40 clean articles and 40 content-farm copies.

Why generated: we need labelled farm copies without copying anyone's text. The 20 seed
articles in bench/data/farm_set/seeds.txt are our own writing. Each seed gives two clean
articles (the plain text; and a harder version with an agency dateline, a credits line,
an on-topic "Read more:" link and a subheading, which a careless detector would flag)
and two farm copies, made by injecting a deterministic random subset of faults, each
recorded as the flag it should raise:

  bio       -> generated_bio          ("About the Author" + a templated self-label bio)
  headline  -> injected_headline      (1-2 off-topic headlines, with or without "See also")
  foreign   -> foreign_script         (a word in Cyrillic, Devanagari, Arabic or Han script)
  accent    -> accent_stripped_word   (a French word with its accented letters deleted)
  credit    -> translated_copy_credit (agency dateline + "French version X" style credits)
  chrome    -> chrome_density         (blog-template chrome lines)
  spun      -> spun_phrase            (a sentence with a spinner's tortured phrase)

Some injected faults are deliberately hard (bios built from words outside the detector's
vocabulary, accent-stripped words whose remains look English, tortured phrases not in the
detector's list) so the measured recall is honest.

Usage: .venv/bin/python -m bench.farm_set   (rewrites bench/data/farm_set/{clean,farm,labels.json})
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data" / "farm_set"

NAMES = [
    "Dana Whitfield",
    "Corin Ashby",
    "Milo Stratton",
    "Jessa Fairburn",
    "Rowan Pike",
    "Tamsin Hollow",
    "Everett Dale",
    "Nina Castell",
    "Bram Oakes",
    "Lorna Vey",
]
# bio vocabulary for the generator below (ours; partly outside the detector's own lists)
ROLES = [
    "blogger",
    "dreamer",
    "storyteller",
    "foodie",
    "strategist",
    "tinkerer",
    "explorer",
    "night owl",
    "tea drinker",
    "cat person",
    "daydreamer",
    "homebody",
]
SUBJECTS = [
    "podcast",
    "vinyl",
    "crossword",
    "football",
    "jazz",
    "sushi",
    "hiking",
    "gardening",
    "chess",
    "cinema",
    "puzzle",
    "bicycle",
]
BOUND = [
    "devotee",
    "addict",
    "connoisseur",
    "junkie",
    "nerd",
    "fanatic",
    "enthusiast",
    "buff",
    "obsessive",
    "groupie",
    "whisperer",
]
ADJS = [
    "Self-proclaimed",
    "Part-time",
    "Die-hard",
    "Recovering",
    "Aspiring",
    "Certified",
    "Reluctant",
    "Lifelong",
    "Occasional",
    "Hopeless",
]
SENTENCES = [
    "Loves long walks.",
    "Bad at small talk.",
    "Allergic to mornings.",
    "Owns too many mugs.",
]
HEADLINES = [
    "Pop Star Unveils Surprise Perfume Line At Desert Gala",
    "Dogecoin (DOGE) Whales Accumulate As Solana Stalls, Predicts Trader Ronan Blackwood",
    "Election: Chile and Peru sign 4.1 billion copper pipeline accord in Lima Markets news",
    "Ten Celebrity Kitchens That Will Make You Rethink Marble Countertops",
    "Football transfer window: striker signs record deal with Gulf club Sports news",
    "Cardano Price Prediction Sends Investors Scrambling For Altcoin Gems",
    "Royal wedding planners reveal secret menu for palace banquet Lifestyle news",
    "Smartphone maker teases foldable handset with sapphire hinge Technology news",
]
PREFIXES = ["See also  ", "Read also: ", "ALSO READ: ", ""]
FOREIGN = ["торговля", "выборы", "व्यापार", "चुनाव", "تجارة", "贸易", "переговоры"]
# French words with their accented letters deleted; the last three look English-like
ACCENT_CAPS = [
    "NGOCIATIONS",
    "RGLEMENT",
    "DCISION",
    "RFORME",
    "TLVISION",
    "MDIATION",
    "SCURIT",
    "LECTIONS",
    "PRSIDENT",
]
SUBHEADS = ["Relations", "Talks", "Situation", "Debate"]
ACCENT_LOWER = ["tlphone", "rgion", "dput", "mdecin", "dmocratie", "prfecture"]
CREDITS = [
    "({a}, French version {b} and {c})",
    "({a}; Spanish version by {b})",
    "(Translated from the German by {b})",
    "({a}, version française {b})",
]
CHROME = [
    "You May Also Like",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Share this:",
    "Post navigation",
    "Related Posts",
]
SPUN = [  # the last two use tortured phrases that are not in the detector's list
    "Officials in the Joined Realm said they were following the case.",
    "Experts blamed worldwide temperature alteration for the change.",
    "The Incomparable Court is expected to rule on the matter next year.",
    "A spokesperson said counterfeit consciousness would not replace staff.",
    "Analysts said the national financial exchange had reacted calmly to the news.",
    "Lawmakers in the Unified Countries Gathering raised the issue last week.",
]
CITIES = ["LONDON", "BERLIN", "MADRID", "OSLO", "LISBON", "WARSAW", "VIENNA", "DUBLIN"]
AGENCIES = ["Reuters", "AFP", "AP"]


def read_seeds(path: Path) -> list[list[str]]:
    blocks, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip() == "===":
            blocks.append(cur)
            cur = []
        elif line.strip():
            cur.append(line.strip())
    if cur:
        blocks.append(cur)
    return blocks


def make_bio(rng: random.Random) -> str:
    frags: list[str] = []
    while len(". ".join(frags)) < 90:
        kind = rng.random()
        if kind < 0.4:
            frags.append(f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(BOUND)}")
        elif kind < 0.8:
            frags.append(f"{rng.choice(ADJS)} {rng.choice(ROLES)}")
        elif kind < 0.9:
            frags.append(rng.choice(ROLES).capitalize())
        else:
            frags.append(rng.choice(SENTENCES).rstrip("."))
    sep = " | " if rng.random() < 0.2 else ". "
    return sep.join(frags) + ("" if sep == " | " else ".")


def clean_variants(seed: list[str], i: int) -> list[str]:
    title, paras = seed[0], seed[1:]
    plain = "\n\n".join([title, *paras])
    rng = random.Random(1000 + i)
    city, agency = rng.choice(CITIES), rng.choice(AGENCIES)
    first = f"{city} ({agency}) — {paras[0]}"
    sub = " ".join(title.split()[:3])
    more = f"Read more: {title.lower().capitalize()}"
    names = rng.sample(NAMES, 2)
    hard = [
        title,
        first,
        paras[1],
        sub,
        *paras[2:],
        more,
        f"Reporting by {names[0]}; Editing by {names[1]}",
    ]
    return [plain, "\n\n".join(hard)]


def farm_copy(seed: list[str], i: int, k: int) -> tuple[str, list[str]]:
    rng = random.Random(i * 10 + k)
    title, paras = seed[0], list(seed[1:])
    kinds = ["bio", "headline", "foreign", "accent", "credit", "chrome", "spun"]
    chosen = [kd for kd in kinds if rng.random() < 0.45]
    while len(chosen) < 2:
        kd = rng.choice(kinds)
        if kd not in chosen:
            chosen.append(kd)
    chosen.sort(key=kinds.index)
    lines = [title, *paras]
    tail: list[str] = []
    if "credit" in chosen:
        lines[1] = (
            f"{rng.choice(CITIES)}, Mar.{rng.randint(1, 28)} ({rng.choice(AGENCIES)}) – " + lines[1]
        )
        a, b, c = rng.sample(NAMES, 3)
        tail.append(rng.choice(CREDITS).format(a=a, b=b, c=c))
    if "spun" in chosen:
        p = rng.randrange(1, len(lines))
        lines[p] = lines[p] + " " + rng.choice(SPUN)
    if "foreign" in chosen:
        p = rng.randrange(1, len(lines))
        words = lines[p].split()
        j = rng.randrange(3, max(4, len(words) - 3))
        words.insert(j, rng.choice(FOREIGN))
        lines[p] = " ".join(words)
    if "accent" in chosen:
        if rng.random() < 0.7:
            lines.insert(
                rng.randrange(2, len(lines)),
                f"{rng.choice(SUBHEADS)} {rng.choice(ACCENT_CAPS)}",
            )
        else:
            p = rng.randrange(1, len(lines))
            lines[p] = lines[p] + f" Local media called it a {rng.choice(ACCENT_LOWER)} matter."
    if "headline" in chosen:
        for h in rng.sample(HEADLINES, rng.choice([1, 2])):
            lines.insert(rng.randrange(2, len(lines)), rng.choice(PREFIXES) + h)
    if "chrome" in chosen:
        tail += rng.sample(CHROME, rng.choice([3, 4]))
    if "bio" in chosen:
        tail += [f"About the Author: {rng.choice(NAMES)}", make_bio(rng)]
    expected = {
        "bio": "generated_bio",
        "headline": "injected_headline",
        "foreign": "foreign_script",
        "accent": "accent_stripped_word",
        "credit": "translated_copy_credit",
        "chrome": "chrome_density",
        "spun": "spun_phrase",
    }
    return "\n\n".join(lines + tail), [expected[c] for c in chosen]


def main() -> None:
    seeds = read_seeds(HERE / "seeds.txt")
    labels: dict[str, list[str]] = {}
    for sub in ("clean", "farm"):
        (HERE / sub).mkdir(parents=True, exist_ok=True)
        for old in (HERE / sub).glob("*.txt"):
            old.unlink()
    for i, seed in enumerate(seeds):
        for k, text in enumerate(clean_variants(seed, i)):
            name = f"clean/{i:02d}{'ab'[k]}.txt"
            (HERE / name).write_text(text + "\n", encoding="utf-8")
            labels[name] = []
        for k in range(2):
            text, flags = farm_copy(seed, i, k)
            name = f"farm/{i:02d}{'ab'[k]}.txt"
            (HERE / name).write_text(text + "\n", encoding="utf-8")
            labels[name] = flags
    (HERE / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(labels)} documents to {HERE}")


if __name__ == "__main__":
    main()
