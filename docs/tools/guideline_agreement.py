"""How far apart are two annotation guidelines on the same texts? (figures of docs/figures.md, "PolNeAR's
guideline and this one").

Reads gold files of this project's guideline (OURS) and a gold file of another guideline (THEIRS), pairs the
articles whose texts are identical, and scores OURS' quotes as if they were predictions against THEIRS with
the project's own evaluation (:mod:`quotes.evaluation`), the way `quotes evaluate` scores a run. The quote
P / R / F1 is then how often the two guidelines mark the same spans; no extractor that follows OURS can expect
more on THEIRS. With `--predictions`, records of a run (for example the pooled out-of-fold records of
`quotes cv --predictions`) are scored against THEIRS on the same articles, beside it.

OURS' speakers are the fullest names of the article; where THEIRS names the source as written
(``speaker_level: "mention"``, PolNeAR), a fullest name that is not the written one counts as wrong, so the
attributed figure of OURS is a lower bound; the records of a run carry the written source as `mention`, which
the evaluation accepts there.

Usage:
    python docs/tools/guideline_agreement.py THEIRS OURS [OURS ...] [--predictions RECORDS.jsonl]

Example (PolNeAR train against this project's annotations of the same texts):
    python docs/tools/guideline_agreement.py DATA/polnear/train_speech.jsonl \\
        corpora/annotated/train5.jsonl.gz corpora/annotated/train7.jsonl.gz
"""

from __future__ import annotations

import argparse
from typing import Any

from quotes.evaluation import Prediction, gold_article_from_dict, load_predictions, score
from quotes.evaluation.gold import read_jsonl


def read_articles(path: str) -> list[dict[str, Any]]:
    return [row for _, row in read_jsonl(path)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("theirs", help="gold file of the other guideline")
    parser.add_argument("ours", nargs="+", help="gold files of this project's guideline")
    parser.add_argument("--predictions", help="records of a run, keyed by the ids of OURS")
    args = parser.parse_args(argv)

    theirs_by_text = {a["text"]: a for a in read_articles(args.theirs)}
    ours = [a for path in args.ours for a in read_articles(path) if a["text"] in theirs_by_text]
    # THEIRS' articles under OURS' ids, so that OURS' quotes and the run's records find them.
    gold = [gold_article_from_dict({**theirs_by_text[a["text"]], "id": a["id"]}) for a in ours]
    as_predictions = []
    for article in ours:
        located = gold_article_from_dict(article)
        for quote in located.quotes:
            as_predictions.append(
                Prediction(doc=article["id"], start=quote.start, end=quote.end, kind=quote.kind, speaker=quote.speaker)
            )
    n_theirs = sum(len(a.quotes) for a in gold)
    print(f"{len(gold)} articles in both; {n_theirs} quotes of theirs, {len(as_predictions)} of ours")
    rows = [("this guideline's annotations", score(gold, as_predictions))]
    if args.predictions:
        ids = {a["id"] for a in ours}
        records = [p for p in load_predictions(args.predictions) if p.doc in ids]
        rows.append((f"records of {args.predictions}", score(gold, records)))
    for name, scores in rows:
        p, r, f = scores.quote.as_tuple()
        print(
            f"{name}: quote P / R / F1 {p:.3f} / {r:.3f} / {f:.3f}; attributed F1 {scores.attributed.f1:.3f}; "
            f"speaker on matched quotes {scores.speaker.value:.3f}"
        )


if __name__ == "__main__":
    main()
