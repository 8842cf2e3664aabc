"""Words as a student reads them: folded, significant, and with the other names things go by.

The rules compare texts by their significant words after folding case, accents, punctuation and
possessives ("Russia's" is "russia"), so "the Kremlin" in a question gives away "Moscow" when the
gazetteer says so, and "UN" gives away "United Nations"."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..content.reference import Reference
from ..content.timeline import fold

STOPWORDS = frozenset(
    """a an the of and or in on at to for by with from into onto as is are was were be been its
    his her their this that these those it which who whom what when where how than then
    after before over under about near between during since until up down out off not no do
    does did has have had will would can could le la les l de des du d un une et ou en au
    aux a pour par sur dans avec sans son sa ses leur leurs ce cet cette ces qui que qu quoi
    dont ou est sont etait ete il elle ils elles se s ne pas y lui plus moins tres apres
    avant depuis pendant entre vers chez""".split()  # noqa: SIM905
)

# names that mean the same thing in any language of the timeline (acronyms match in capitals
# only, so the French article "un" is not the UN)
ACRONYMS = (
    ("UN", "United Nations"),
    ("ONU", "Nations unies"),
    ("DPRK", "North Korea"),
    ("RPDC", "Corée du Nord"),
    ("ROK", "South Korea"),
    ("NIS", "National Intelligence Service"),
    ("MSMT", "Multilateral Sanctions Monitoring Team"),
    ("WPK", "Workers' Party of Korea"),
    ("KPA", "Korean People's Army"),
    ("US", "United States"),
)

_TOKEN = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Folded words, possessives dropped and thousands joined: "Russia's 1,000" -> russia, 1000."""
    folded = fold(text).replace("’", "'")
    folded = re.sub(r"'s\b", "", folded)
    folded = re.sub(r"(?<=\d)[,.\u202f\u00a0 ](?=\d{3}\b)", "", folded)
    return tuple(_TOKEN.findall(folded))


@functools.lru_cache(maxsize=65536)
def significant(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if (t not in STOPWORDS and len(t) > 1) or t.isdigit())


def phrase_in(phrase: str, text: str) -> bool:
    """Does `text` contain the words of `phrase`, in order, as whole words?"""
    wanted = tokens(phrase)
    if not wanted:
        return False
    have = tokens(text)
    n = len(wanted)
    return any(have[i : i + n] == wanted for i in range(len(have) - n + 1))


@dataclass
class Lexicon:
    """The other names of things: aliases from the gazetteer plus common acronyms."""

    aliases: dict[str, set[str]] = field(default_factory=dict)  # folded name -> other names
    capitals: dict[str, str] = field(default_factory=dict)  # folded acronym -> "UN"
    common: frozenset[str] = frozenset()  # words in so many titles that they tell nothing

    def telling(self, text: str) -> frozenset[str]:
        """The significant words of a text that tell one event from another."""
        return significant(text) - self.common

    @classmethod
    def of(cls, references: Iterable[Reference], titles: Iterable[Iterable[str]] = ()) -> Lexicon:
        """Aliases from the gazetteers; `titles` (one list per language) tells the common
        words: "North", "Korean", "Russia" are in most titles of this timeline."""
        lexicon = cls()
        common: set[str] = set()
        for language_titles in titles:
            counts: dict[str, int] = {}
            listed = list(language_titles)
            for title in listed:
                for word in significant(title):
                    counts[word] = counts.get(word, 0) + 1
            common |= {w for w, n in counts.items() if n >= max(3, len(listed) // 6)}
        lexicon.common = frozenset(common)
        for short, long in ACRONYMS:
            lexicon.join(short, long)
        for reference in references:
            for place in reference.places.values():
                lexicon.join(place.name, *place.aliases)
            for source in reference.sources.values():
                lexicon.join(source.name, *source.aliases)
        return lexicon

    def join(self, *names: str) -> None:
        for name in names:
            if name.isupper() and len(name) <= 5:
                self.capitals[" ".join(tokens(name))] = name
        folded = {" ".join(tokens(n)) for n in names if tokens(n)}
        for name in folded:
            self.aliases.setdefault(name, set()).update(folded - {name})

    def names_of(self, text: str) -> set[str]:
        """The text and every other name it goes by (for an option such as "Moscow")."""
        key = " ".join(tokens(text))
        return {key, *self.aliases.get(key, ())}


def mentions(text: str, answer: str, lexicon: Lexicon) -> bool:
    """Does `text` show `answer`, by any of its names? A long answer counts when all its
    significant words are there; a short one when one of its names stands there whole."""
    for name in lexicon.names_of(answer):
        acronym = lexicon.capitals.get(name)
        if re.search(rf"\b{re.escape(acronym)}\b", text) if acronym else phrase_in(name, text):
            return True
    words = significant(answer)
    return len(words) >= 4 and words <= significant(text)


def first_number(text: str) -> str | None:
    match = re.search(r"\d[\d,.\u202f\u00a0 ]*", text)
    return re.sub(r"\D", "", match.group()) if match else None


def significant_figures(text: str) -> int | None:
    """`About 4,700` -> 2, `About 600` -> 1, `More than 20,000` -> 1: rounded alike or not."""
    digits = first_number(text)
    return len(digits.rstrip("0")) or 1 if digits else None
