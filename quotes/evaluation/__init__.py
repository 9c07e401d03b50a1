"""How good are predicted quotes? Scores against gold annotations (docs/evaluation.md).

One copy of every evaluation rule, used by `quotes evaluate`, the training, the ensemble and the views:

* :mod:`quotes.evaluation.gold`: gold files read, contents located in the text (:func:`load_gold`);
* :mod:`quotes.evaluation.matching`: SPEC span matching, the speaker rule, organization matching;
* :mod:`quotes.evaluation.score`: every figure (:func:`evaluate`, :func:`evaluate_files`);
* :mod:`quotes.evaluation.report`: the text report (:func:`format_report`);
* :mod:`quotes.evaluation.claims`: claim-type figures on gold quotes (`quotes evaluate --claims`).

>>> from quotes.evaluation import normalize_name, match_spans
>>> normalize_name("El Ministerio de Salud")
'ministerio de salud'
>>> match_spans([(0, 10), (20, 30)], [(2, 12), (40, 50)], min_overlap=0.5)
[(0, 0)]
"""

from quotes.evaluation.gold import (
    EvaluationError,
    GoldArticle,
    GoldQuote,
    gold_article_from_dict,
    load_gold,
    locate_gold_spans,
)
from quotes.evaluation.matching import (
    match_spans,
    normalize_name,
    organization_matches,
    speaker_matches,
    speaker_matches_strictly,
)
from quotes.evaluation.report import format_report
from quotes.evaluation.score import (
    PRF,
    Accuracy,
    Evaluation,
    Prediction,
    Scores,
    attributed_hits,
    claim_macro_f1,
    evaluate,
    evaluate_files,
    load_predictions,
    score,
)

__all__ = [
    "PRF",
    "Accuracy",
    "Evaluation",
    "EvaluationError",
    "GoldArticle",
    "GoldQuote",
    "Prediction",
    "Scores",
    "attributed_hits",
    "claim_macro_f1",
    "evaluate",
    "evaluate_files",
    "format_report",
    "gold_article_from_dict",
    "load_gold",
    "load_predictions",
    "locate_gold_spans",
    "match_spans",
    "normalize_name",
    "organization_matches",
    "score",
    "speaker_matches",
    "speaker_matches_strictly",
]
