"""The word lists under quotes/data/lexicons/: every file reads, and the shared lists exist in each language."""

from __future__ import annotations

from importlib import resources

import pytest

from quotes import lexicons

ROOT = resources.files("quotes") / "data" / "lexicons"


def _names(lang: str) -> set[str]:
    return {p.name for p in (ROOT / lang).iterdir() if p.name.endswith((".txt", ".tsv"))}


@pytest.mark.parametrize("lang", lexicons.LANGUAGES)
def test_lexicons_shared_lists_exist_in_every_language(lang):
    # A list may belong to one language only (a Spanish verb paradigm); these are read for every language.
    shared = {"cues.tsv", "nominals.tsv", "according_to.txt", "document_nouns.txt", "group_sources.txt"}
    assert shared <= _names(lang)
    assert lexicons.NOMINALS[lang] and lexicons.ACCORDING_TO[lang] and lexicons.cue_verbs(lang)


@pytest.mark.parametrize("lang", (*lexicons.LANGUAGES, lexicons.COMMON))
def test_lexicons_every_file_reads_with_entries(lang):
    for name in sorted(_names(lang)):
        stem, suffix = name.rsplit(".", 1)
        rows = lexicons.table(lang, stem) if suffix == "tsv" else lexicons.entries(lang, stem)
        # A list may be empty for a language whose grammar has no such words (its header says why).
        assert all(r and all(r) for r in rows), f"{lang}/{name} has an empty entry"


def test_lexicons_missing_list_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no word list"):
        lexicons.words("es", "no_such_list")


def test_lexicons_comments_and_blank_lines_are_skipped():
    # cues.tsv starts with comment lines; none of them becomes a lemma.
    assert not any(lemma.startswith("#") for lemma in lexicons.cue_verbs("en"))
    assert lexicons.cue_verbs("en").get("say") == "assert"
    assert lexicons.cue_verbs("xx") == {}
