"""Claim type of a quote (SPEC section 4): one of eight types, from linguistic cues per language.

The rule classifier looks at the quote content as parsed by spaCy (verb morphology, subjects, auxiliaries) and
at the reporting cue, and tries the types in the SPEC precedence order; the first that fits wins:

1. ``prediction``: a future or conditional verb, "ir a" / "going to" + infinitive, a modal of possibility
   (English), a forecast verb or a future time adverbial, or a warning cue with a possibility marker, unless
   the future verb is the speaker's own action ("pondremos nuestro empeño", "we will use", "anunció que
   adoptaría"): those are decisions and go to ``announcement``.
2. ``quantity``: a number, amount or percentage that is not a year, a date, a time, a label ("fase tres") or
   part of a name, and does not depend on one of the speaker's future actions; or a superlative rank
   ("the deadliest since 2018").
3. ``causal``: a causal connective or verb of causation/correlation, or a cue that gives a reason ("citing").
4. ``rule``: a term of legality or entitlement ("ilegal", "tiene derecho a"), or a law/regulation/contract
   noun together with a normative expression ("protegida por la Primera Enmienda").
5. ``announcement``: the speaker's own future action (see 1), an own action in the perfect or progressive
   ("he has cancelled", "estamos alertando"), or an announcement cue ("anunció") over content whose subject
   is the speaker, dropped, or passive.
6. ``experience``: first person and a past tense ("Queríamos saber"), or a verb of experience or emotion with
   the speaker as subject or experiencer ("ha recibido amenazas", "le indigna").
7. ``fact`` (the default) unless 8 fits.
8. ``opinion``: an evaluative or demand cue ("calificó", "urged"), or evaluation, belief, judged obligation
   or wish in the content ("debe", "creemos", "dastardly", "Rest in Power").

The modules of this package, in the order a quote goes through them:

- :mod:`.cues`: the cue lexicons, one data file per language and cue family under
  ``quotes/data/lexicons/{lang}/claims/``;
- :mod:`.grammar`: tense, mood, person, voice and subject of a verb's clause, per language;
- :mod:`.context`: the quote as the rules read it, and whether the speaker is a verb's subject;
- :mod:`.rules`: the typed detectors above and :class:`RuleClaimClassifier`;
- :mod:`.features` and :mod:`.learned`: the pipeline's default, a classifier that uses these rules'
  detectors and grammar as features and learns their weights from annotated quotes (docs/claims.md).

Claim-type figures on a gold file (accuracy, macro-F1, per type, confusion) are computed by
:mod:`quotes.evaluation.claims`.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from quotes.enrich.claims.cues import FAMILIES, LANGUAGES, Lexicon, load_cues
from quotes.enrich.claims.learned import DefaultClaimClassifier, LearnedClaimClassifier
from quotes.enrich.claims.rules import ClaimDecision, RuleClaimClassifier
from quotes.models import ClaimType, Quote


class ClaimClassifier(Protocol):
    """Gives a quote one claim type; a trained classifier can replace the rules."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None: ...


__all__: list[str] = [
    "FAMILIES",
    "LANGUAGES",
    "ClaimClassifier",
    "ClaimDecision",
    "DefaultClaimClassifier",
    "LearnedClaimClassifier",
    "Lexicon",
    "RuleClaimClassifier",
    "load_cues",
]
