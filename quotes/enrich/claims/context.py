"""Who acts in the quote? The quote as the claim-type rules read it, and whether a verb's subject is the speaker.

A claim is the speaker's own decision, action or experience when the speaker is the subject of its verb: in
the first person ("pondremos", "we will use"), by name ("Amazon anunció que Amazon ..."), or, in indirect
speech, by a third-person pronoun or a dropped subject ("PG&E said it scheduled", "anunció que adoptaría").
"""

from __future__ import annotations

import re

import attrs
from spacy.tokens import Doc, Span, Token

from quotes.enrich.claims import grammar
from quotes.enrich.claims.cues import Lexicon, TokenKeys, load_cues, token_keys
from quotes.lexicons import words
from quotes.models import Quote, QuoteKind


@attrs.define
class QuoteContext:
    """Everything the rules look at for one quote.

    Attributes:
        own_future: The speaker's own future actions, found by the prediction rule and read by the later
            ones (an amount or an announcement in the speaker's own plan).
    """

    lang: str
    cues: dict[str, Lexicon]
    quote: Quote
    tokens: list[Token]
    cue_tokens: list[Token]
    speaker_words: set[str]
    indirect: bool
    own_future: list[Token] = attrs.Factory(list)
    _keys: TokenKeys | None = attrs.field(default=None, init=False, repr=False)
    _cue_keys: TokenKeys | None = attrs.field(default=None, init=False, repr=False)
    # token index -> whether it is an amount (quotes.enrich.claims.rules.is_amount), asked by several readers
    amounts: dict[int, bool] = attrs.field(factory=dict, init=False, repr=False)
    # token index -> the grammar features of a verb (quotes.enrich.claims.features), read for the root and again
    # among the verbs
    verb_grammar: dict[int, list[str]] = attrs.field(factory=dict, init=False, repr=False)

    def matches(self, family: str) -> list[tuple[int, int]]:
        """``(start, end)`` of the content's matches of a family's lexicon."""
        if self._keys is None:
            self._keys = token_keys(self.tokens)
        return self.cues[family].find(self.tokens, self._keys)

    def cue_in(self, family: str) -> list[str]:
        """Cue words found in the lexicon of `family`."""
        lex = self.cues[family]
        hits = [t.text for t in self.cue_tokens if lex.has_token(t)]
        if self._cue_keys is None:
            self._cue_keys = token_keys(self.cue_tokens)
        spans = lex.find(self.cue_tokens, self._cue_keys)
        hits += [" ".join(t.text for t in self.cue_tokens[a:b]) for a, b in spans if b - a > 1]
        if not self.cue_tokens and self.quote.cue:
            cue_words = self.quote.cue.lower().split()
            hits += [w for w in cue_words if w in lex]
        return hits

    def find(self, family: str) -> list[Span | list[Token]]:
        """Content matches of a family, each as the list of its tokens."""
        return [self.tokens[a:b] for a, b in self.matches(family)]


def quote_context(doc: Doc, quote: Quote, lang: str) -> QuoteContext | None:
    """The context of `quote` in `doc`, or None when its content offsets are outside the Doc.

    `lang` must have cue lexicons (:data:`quotes.enrich.claims.cues.LANGUAGES`).
    """
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return QuoteContext(
        lang=lang,
        cues=load_cues(lang),
        quote=quote,
        tokens=list(span),
        cue_tokens=_cue_tokens(doc, quote),
        speaker_words=_name_words(quote.speaker, quote.organization, quote.mention),
        indirect=quote.kind is not QuoteKind.DIRECT,
    )


def _cue_tokens(doc: Doc, quote: Quote) -> list[Token]:
    if quote.cue_start is None or quote.cue_end is None or quote.cue_end <= quote.cue_start:
        return []
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return list(span) if span is not None else []


_NAME_STOP = words("common", "source_name_stopwords")


def _name_words(*names: str | None) -> set[str]:
    """The words that identify a source: its capitalized words ("Amazon", "Murdoch"), or for a descriptive
    source without any ("familiares de los presos"), its longer words."""
    found = set()
    for name in names:
        tokens = re.findall(r"[^\W\d_]+", name or "")
        capitalized = [w for w in tokens if w[0].isupper() and w.lower() not in _NAME_STOP]
        for w in capitalized or [w for w in tokens if len(w) > 3 and w.lower() not in _NAME_STOP]:
            found.add(w.lower())
    return found


def refers_to_speaker(subj: Token, ctx: QuoteContext) -> bool:
    """Whether a subject names the speaker or its organization, or is a 3rd-person pronoun in indirect speech.

    In indirect speech a third-person pronoun subject is, in news style, the source itself
    ("PG&E said it scheduled", "Lorenzana said he had ordered").
    """
    parts = [subj] + [
        c for c in subj.children if c.dep_ in ("compound", "flat", "flat:name", "amod", "nmod") and c.i > subj.i - 4
    ]
    subject_words = {t.lower_ for t in parts if t.is_alpha}
    if subject_words & ctx.speaker_words:
        return True
    if not ctx.indirect or subj.lower_ not in grammar.PRONOUNS_3:
        return False
    # The pronoun must fit the source: "he"/"she" a person, "it"/"they" an organization or a group.
    kind = ctx.quote.speaker_type
    if kind is None:
        return True
    if subj.lower_ in ("he", "she", "él", "ella"):
        return kind.value == "person"
    return kind.value != "person"


def own_agent(verb: Token, ctx: QuoteContext, *, dropped_ok: bool, finite: Token | None = None) -> str | None:
    """Whether the speaker (or its organization) is the subject of `verb`: ``"1"``, ``"3"`` or None.

    Args:
        verb: The lexical verb of the clause.
        ctx: The quote.
        dropped_ok: In Spanish indirect speech, accept a dropped third-person subject as the speaker (safe
            only under an announcement cue: "Amazon anunció que está desarrollando ...").
        finite: The word that carries the person when it is not the verb ("vamos" in "vamos a cambiar").
    """
    subj = grammar.subject(verb)
    person = grammar.person(verb, finite)
    if person == "1":
        return "1"
    if subj is not None:
        return "3" if refers_to_speaker(subj, ctx) else None
    if dropped_ok and ctx.lang == "es" and ctx.indirect and person in ("3", None) and not grammar.is_passive(verb):
        return "3"
    return None
