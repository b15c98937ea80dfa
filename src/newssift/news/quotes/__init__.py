"""Direct quotes, indirect attributions, and who said them.

Attribution in news copy follows a handful of shapes, in every language newssift reads:

* after the quote: ``"…," Peskov said`` / ``"…," said Dmitry Peskov`` / ``"…," he added`` /
  ``"…," like the volatility of markets, said Richard Curtin`` / ``"…," Mr. Rubel pointed out`` /
  ``"…," Dmitry Peskov, spokesman for …, told reporters`` / ``"…," according to the embassy``;
* before it: ``The embassy said, "…"`` / ``Kremlin spokesman Dmitry Peskov said: "…"`` /
  ``Clinton spoke in Iowa, telling the crowd, "…"`` / ``According to the minister, "…"`` /
  ``Kasich: "…"`` (a headline) / ``As Tom Ridge put it: "…"`` / a paragraph ending in a colon
  before the quote's paragraph;
* split by its attribution: ``"A," he said, "B."`` (the second part reads the first's cue);
* none: the quote continues the previous paragraph's quote (an opening mark with no closing
  mark runs on), or shares its paragraph with an attributed one.

The cue (said, told, wrote, added, asked, tweeted, posted, according to, …, in any tense) is
found first; the speaker is the noun phrase next to it, over an apposition or a clause
(``Katie Packer, who chairs the PAC, said``). How each speaker was resolved is recorded:

* ``explicit``: a name or a noun phrase at the cue ("Peskov" → "Dmitry Peskov", the full name
  used earlier; titles such as "Kremlin spokesman" dropped);
* ``pronoun``: "he"/"she" → the nearest preceding person mentioned outside quotes whose gender
  (from Mr./Mrs./Ms. or earlier pronouns) does not clash;
* ``role``: "the spokesman", "a Kremlin spokesman" → the person named next to that role word
  earlier ("Dmitry Peskov, spokesman for the Kremlin");
* ``carried``: no attribution in reach, the speaker of the quote it continues.

Indirect attributions ("X said that …", "according to X, …", "…, X said.", "X did Y,
saying …", and "X argued that Y “is an idea”" with a few words quoted) are read from the
sentences outside direct quotes and returned as a second list with the same fields.

Every window read around a quote is bounded and every lookup of an earlier mention is a
bisection, so a page of 500 quotes costs 500 small windows, not 500²; quotes of fewer than
three words (six characters in scripts written without spaces) are scare quotes and skipped.
Nothing is guessed: a quote with no attribution in reach gets ``speaker=None``.

The package's modules, from the ground up: :mod:`.words` and :mod:`.cues` (word lists, verbs
of saying), :mod:`.text` (paragraphs, sentences, tokens), :mod:`.marks` (quote spans),
:mod:`.phrases` (noun phrases at a cue), :mod:`.capitals`, :mod:`.mentions` and
:mod:`.people` (the people index), :mod:`.resolver` (a phrase → a speaker),
:mod:`.indirect` and :mod:`.direct` (the two finders), :mod:`.carry` (continuations),
:mod:`.attribute` (one story, in order) and :mod:`.compare` (speaker matching for tests
and the benchmark).
"""

from newssift.news.quotes.attribute import find_attributions, find_quotes
from newssift.news.quotes.compare import same_speaker
from newssift.news.quotes.direct import WINDOW

__all__ = ["WINDOW", "find_attributions", "find_quotes", "same_speaker"]
