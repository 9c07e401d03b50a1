"""Where the shipped files are (:mod:`quotes.shipped`): every reader's path names a file the package holds."""

from __future__ import annotations

import pytest

from quotes import record_filter
from quotes.attribution import name_types, orglink, ranking
from quotes.enrich.claims import learned
from quotes.shipped import data_path, lexicon_path, model_path


def test_shipped_paths_are_under_the_package_data() -> None:
    assert model_path("claims") == data_path("models", "claims")
    assert lexicon_path("es", "claims") == data_path("lexicons", "es", "claims")
    assert data_path().name == "data" and data_path().parent.name == "quotes"


@pytest.mark.parametrize(
    "path",
    [
        ranking.MODEL_PATH,
        name_types.MODEL_PATH,
        orglink.shipped_path(),
        record_filter.shipped_path(),
        model_path("span_end", "es.json"),
        model_path("statistical", "meta.json"),
    ],
    ids=["ranker", "typer", "linker", "record-filter", "content-ends", "statistical"],
)
def test_every_reader_names_a_shipped_file(path) -> None:  # type: ignore[no-untyped-def]
    assert path.is_file(), path


def test_claim_model_and_word_lists_are_folders_with_files() -> None:
    assert any(learned.shipped_path().iterdir())
    assert (lexicon_path("es", "claims") / "opinion.txt").is_file()
    assert lexicon_path("entities", "given_names.txt").is_file()
