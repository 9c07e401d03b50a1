"""Build the derived gazetteers of :mod:`quotes.nameshape` (run once; the outputs are committed).

Sources, each kept with its provenance in the header of the file it produces:

* CoNLL-2002 Spanish NER, train split only (EFE newswire, 2000; free for research, EFE holds the copyright):
  given names are the first tokens of multi-token PER entities that occur more often first than later in a
  name (or, seen at least 3 times first, at least half as often: "María"); organization and location
  names are entity strings seen at least twice and with that label in at least 85 % of their occurrences
  (so "Valencia", a club and a city, is in neither list).
* US Census 1990 given-name frequency lists, as shipped in the PyPI package ``names`` 0.3.0 (MIT licence;
  the census data are in the public domain): ``dist.male.first`` and ``dist.female.first``. Names that the
  CoNLL data use as locations or organizations ("China", "Georgia") are left out.

Usage:
    python docs/tools/build_entity_lexicons.py CONLL_DIR NAMES_SDIST_DIR

where NAMES_SDIST_DIR is the unpacked ``names-0.3.0`` source distribution (``pip download --no-deps
--no-binary :all: names==0.3.0``).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "quotes" / "data" / "lexicons" / "entities"

# Words that open PER entities in CoNLL-2002 without being given names (titles, particles, articles).
NOT_GIVEN = {
    "De",
    "Del",
    "La",
    "El",
    "Los",
    "Las",
    "Don",
    "Doña",
    "San",
    "Santa",
    "Santo",
    "Sor",
    "Fray",
    "Rey",
    "Reina",
    "Príncipe",
    "Princesa",
    "Infanta",
    "Infante",
    "Defensor",
    "Papa",
    "Mr",
    "Mrs",
    "Sr",
    "Sra",
    "Dr",
    "Dra",
    "Van",
    "Von",
    "Di",
    "Da",
    "Mac",
    "Le",
    "Al",
    "Ben",
    "Abu",
    "Bin",
    "Ibn",
    "Madre",
    "Padre",
    "Hermano",
    "General",
    "Presidente",
    "Ministro",
    "Segundo",
    "Primer",
    "Juez",
    "Fiscal",
}


CALENDAR = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Will",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Summer",
    "Winter",
    "Autumn",
    "Spring",
    "Christmas",
    "Easter",
    "Major",
    "General",
}


def conll_entities(path: Path) -> list[tuple[str, list[str]]]:
    """(label, tokens) of every entity in a CoNLL-2002 file, in order."""
    out: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        token, _pos, tag = line.rsplit(" ", 2)
        if tag.startswith("B-"):
            out.append((tag[2:], [token]))
        elif tag.startswith("I-") and out:
            out[-1][1].append(token)
    return out


def census_genders(sdist: Path) -> dict[str, str]:
    """Census given names borne (by frequency) at least ten times more often by one sex: "m" or "f"."""
    freq: dict[str, Counter[str]] = defaultdict(Counter)
    for name, sex in (("dist.male.first", "m"), ("dist.female.first", "f")):
        for line in (sdist / "names" / name).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if parts:
                freq[parts[0].title()][sex] += float(parts[1])  # type: ignore[assignment]
    out = {}
    for name, c in freq.items():
        if c["m"] + c["f"] < 0.001:
            continue
        if c["m"] >= 10 * c["f"]:
            out[name] = "m"
        elif c["f"] >= 10 * c["m"]:
            out[name] = "f"
    return out


def census_names(sdist: Path) -> Counter[str]:
    """Given names of the 1990 US Census with their frequency (percent of the population)."""
    freq: Counter[str] = Counter()
    for name in ("dist.male.first", "dist.female.first"):
        for line in (sdist / "names" / name).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if parts:
                freq[parts[0].title()] += float(parts[1])  # type: ignore[assignment]
    return freq


def main(conll_dir: str, names_sdist: str) -> int:
    ents = conll_entities(Path(conll_dir) / "esp.train.utf8.conll")
    first: Counter[str] = Counter()
    later: Counter[str] = Counter()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for label, toks in ents:
        labels[" ".join(toks)][label] += 1
        if label == "PER" and len(toks) >= 2:
            first[toks[0]] += 1
            later.update(toks[1:])

    def consistent(label: str) -> list[str]:
        keep = []
        for text, c in labels.items():
            n = sum(c.values())
            if n >= 2 and c[label] / n >= 0.85 and len(text) > 1 and text[0].isalnum():
                keep.append(text)
        return sorted(keep)

    orgs, locs = consistent("ORG"), consistent("LOC")
    # Any string the newswire uses more often for a place or an organization than for a person is no given
    # name here ("China", "Georgia"), nor are calendar and modal words that the census lists ("May", "Will").
    not_names = {t for t, c in labels.items() if c["LOC"] + c["ORG"] + c["MISC"] > c["PER"]} | CALENDAR
    census = census_names(Path(names_sdist))

    es_given = {
        n
        for n, k in first.items()
        if (k > later[n] or (k >= 3 and 2 * k >= later[n]))
        and (k >= 2 or n in census)
        and n not in NOT_GIVEN
        and len(n) > 2
        and n.isalpha()
        and n[0].isupper()
        and not n.isupper()
    }
    # Census names rarer than 0.001 % of the population are mostly spelling variants; they also collide
    # more often with ordinary words and surnames, so they are left out.
    # A name that opens many persons' names ("John": 3.3 % of US men; "Andrés", first in 10+ CoNLL persons)
    # stays a given name though the newswire also writes it alone for a place or a club ("San Andrés").
    common = {n for n, f in census.items() if f >= 0.2} | {n for n, k in first.items() if k >= 10}
    excluded = not_names - common
    en_given = {n for n, f in census.items() if f >= 0.001 and n not in excluded}
    given = sorted((es_given | en_given) - excluded)

    OUT.mkdir(parents=True, exist_ok=True)
    header = "# Given names. Built by docs/tools/build_entity_lexicons.py from: {}\n"
    (OUT / "given_names.txt").write_text(
        header.format(
            "CoNLL-2002 Spanish train PER entities (first tokens of multi-token names; free for research, "
            "EFE copyright) and the US Census 1990 given-name lists shipped in the PyPI package 'names' "
            "0.3.0 "
            "(MIT; census data public domain)"
        )
        + "\n".join(given)
        + "\n",
        encoding="utf-8",
    )
    genders = census_genders(Path(names_sdist))
    (OUT / "given_names_sex.tsv").write_text(
        "# Given names borne at least ten times more often by one sex (m/f), by frequency in the US Census 1990\n"
        "# lists shipped in the PyPI package 'names' 0.3.0 (MIT; census data public domain), names of at\n"
        "# least 0.001 % of the population and in given_names.txt. Used to keep Mr./Mrs./Ms. consistent.\n"
        "# Built by docs/tools/build_entity_lexicons.py.\n"
        + "".join(f"{n}\t{g}\n" for n, g in sorted(genders.items()) if n in set(given)),
        encoding="utf-8",
    )
    for name, items, label in (
        ("organizations_conll2002_es.txt", orgs, "ORG"),
        ("locations_conll2002_es.txt", locs, "LOC"),
    ):
        (OUT / name).write_text(
            f"# {label} entity strings of CoNLL-2002 Spanish train seen >= 2 times, >= 85 % with that "
            "label.\n"
            "# Built by docs/tools/build_entity_lexicons.py. Source: CoNLL-2002 shared task (EFE newswire; "
            "free for\n"
            "# research, EFE holds the copyright).\n" + "\n".join(items) + "\n",
            encoding="utf-8",
        )
    print(
        f"given names: {len(given)} ({len(es_given)} from CoNLL, {len(en_given)} from the census); "
        f"organizations: {len(orgs)}; locations: {len(locs)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
