"""Attribution across the article: from the source as written to the speaker, its type, organization and role.

One module per question, in the order they build on each other:

- :mod:`~quotes.attribution.entities`: who is named in the article (persons, organizations, places) and the
  fullest form of each name;
- :mod:`~quotes.attribution.speaker_type`: is a source mention a person, an organization or other;
- :mod:`~quotes.attribution.acronyms`: the acronyms the article defines ("Organización Mundial de la Salud
  (OMS)");
- :mod:`~quotes.attribution.roles`: the organization and role written around a name (appositions, titles,
  descriptions before the name);
- :mod:`~quotes.attribution.names`: the article's speakers with their fullest forms, organizations and
  roles, and the person inside a mention;
- :mod:`~quotes.attribution.nominals`: "la compañía", "the ministry", groups and documents;
- :mod:`~quotes.attribution.mentions`: the speaker of one quote, one resolver per kind of mention;
- :mod:`~quotes.attribution.coreference`: the loop over an article's quotes: previous speaker, pronouns,
  dropped subjects (:func:`attribute`), the speaker ranker's choices (:mod:`~quotes.attribution.ranking`) and,
  last, the learned person-or-organization type of named speakers (:mod:`~quotes.attribution.name_types`);
  the ranker and the typer share their weights' storage (:mod:`~quotes.attribution.linear`).
- :mod:`~quotes.attribution.orglink`: learned organization linking over the whole article, run by the
  pipeline after :func:`attribute` (the rules' answer stays when no weights are shipped).

The name-shape tests these build on (is this a person's name, an acronym, what sex does "Mrs." tell) live
below the extractors, in :mod:`quotes.nameshape`.
"""

from quotes.attribution.coreference import attribute
from quotes.attribution.entities import Entity, article_entities, fullest_name
from quotes.attribution.speaker_type import name_type

__all__ = ["Entity", "article_entities", "attribute", "fullest_name", "name_type"]
