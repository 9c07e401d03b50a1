"""Rule-based extractor: quotation marks, reporting verbs and "según X" over a dependency parse.

Families of candidates, merged at the end (SPEC section 3):

- indirect: a reporting verb from the language's cue lexicon with a clausal complement ("X afirmó que ...",
  "X said ...", "X urged Y to ..."); the content is the complement without its complementizer. A speech act
  whose object is the statement takes a noun-phrase, infinitive or "X as Y" content ("pidió la renuncia del
  ministro", "instó a los bancos a congelar las hipotecas" -> "congelar las hipotecas", "hailed the deal as a
  turning point"); topics, courtesies, non-speech senses and passives do not ("mantiene contratos", "fue
  desmentida por X"). Unquoted content may also come before its reporting clause ("CONTENT, informó X.",
  "CONTENT, agregó."). A verb outside the lexicon counts by its shape: finite and active, with an indicative
  "que"/"that" clause after it and a named or nominal person or organization as subject ("Pérez recalcó que
  ...");
- "según X", "de acuerdo con X", "according to X": the content is the clause the phrase modifies, after it
  when the phrase opens the sentence ("Según X, CONTENT"), before it when a finite clause precedes it
  ("CONTENT, según X."); without a comma inside a clause the phrase counts only when X can speak
  ("varían según el entorno" is "depending on");
- "Para X, CONTENT" at the start of a sentence, X a person or organization: an opinion attributed to X;
- headline: a line "STATEMENT: Source" whose source the article names again ("Debemos jalar todos parejo:
  Cienfuegos");
- direct: a pair of quotation marks attributed by a reporting verb right after it ("«...», dijo X",
  '"...," X said'), before it with a colon or comma ("X dijo: «...»", and in English 'X said on Friday
  "..."'), or by context (a quotation that opens a paragraph continues the previous speaker). Right after the
  marks, a finite verb with nothing but its subject reports the quotation whether or not it is listed
  ("«...», ironizó el economista Pablo Rey"): the lexicon is evidence there, not a gate.

Where a content that follows its cue ends is chosen by a small learned model among the clause boundaries of
its sentence (:mod:`~quotes.extractors.rules.ends`): the parse's right edge is too short when the parser cuts
the clause, too long when a relative clause or an adjunct of the journalist hangs on it.

An indirect content that contains quotation marks is a mixed quote; one that is nothing but a quotation is
direct. Quotations nested in another quote's content are not quotes of their own.

Modules, one per question: :mod:`~quotes.extractors.rules.candidates` (the candidate record and shared span
helpers), :mod:`~quotes.extractors.rules.sources` (who is the source as written),
:mod:`~quotes.extractors.rules.indirect`, :mod:`~quotes.extractors.rules.according`,
:mod:`~quotes.extractors.rules.headline` and :mod:`~quotes.extractors.rules.direct` (the families),
:mod:`~quotes.extractors.rules.ends` (the learned content end),
:mod:`~quotes.extractors.rules.extractor` (their order and merging).
"""

from __future__ import annotations

from quotes.extractors.rules.extractor import RuleExtractor

__all__ = ["RuleExtractor"]
