"""Where the package's shipped files are: the learned models and the word lists under ``quotes/data/``.

Every component that reads a shipped file asks here, so the layout is written down once::

    >>> model_path("speakers", "ranker.json").parts[-4:]
    ('data', 'models', 'speakers', 'ranker.json')
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file or folder under the package's ``data/`` directory."""
    return Path(str(resources.files("quotes").joinpath("data", *parts)))


def model_path(*parts: str) -> Path:
    """A shipped model's file or folder, under ``data/models/`` (``model_path("claims")``)."""
    return data_path("models", *parts)


def lexicon_path(*parts: str) -> Path:
    """A shipped word list or its folder, under ``data/lexicons/`` (``lexicon_path("es", "claims")``)."""
    return data_path("lexicons", *parts)


__all__ = ["data_path", "lexicon_path", "model_path"]
