"""`quotes train`: train the statistical extractor and the ensemble's decisions from gold-format files.

The shipped model, from the checkout's root with the project data directory (DATA: PolNeAR and the lexicons,
see docs/model-card.md)::

    quotes train corpora/annotated/train*.jsonl.gz \\
        --extra DATA/polnear/train_speech.jsonl --lexicons DATA/lexicons \\
        --dev corpora/dev/dev.jsonl --dev DATA/polnear/dev_speech.jsonl \\
        --out quotes/data/models/statistical

The positional files are annotated under this project's guideline: learned from, and the thresholds and the
ensemble's decisions are tuned on them by inner cross-fitting. `--extra` files are only learned from.
The `--dev` files are only reported on. Cross-validated figures: `quotes cv`.

Seven other modes read the same positional gold files (`--orgnames` reads CoNLL-2002 files instead):

* `--organizations`: train the organization linking (:mod:`quotes.train.organizations`; docs/entities.md),
  with `--cv K` cross-validated figures first; `--out` names the model file;
* `--orgnames`: train the organization-name model the linking reads, on the entities of CoNLL-2002 files
  (:mod:`quotes.train.orgnames`; docs/entities.md), with figures on the `--dev` files; `--out` names the file;
* `--claims`: train the claim-type classifier (:mod:`quotes.train.claims`; docs/claims.md), with `--cv K`
  cross-validated and `--eval FILE` held-out figures;
* `--speakers`: train the speaker ranker (:mod:`quotes.train.speakers`; docs/model-card.md), with `--cv K`
  cross-validated figures;
* `--speaker-types`: train the speaker typer, person or organization (:mod:`quotes.train.name_types`;
  docs/model-card.md), with `--cv K` cross-validated figures;
* `--record-filter RECORDS`: train the record filter on out-of-fold records (:mod:`quotes.train.record_filter`;
  docs/model-card.md), with `--cv K` cross-validated figures first; `--out` names the model file;
* `--measure-silver`: the rules' precision per construction, which chooses the silver constructions
  (:func:`quotes.train.silver.measure`);
* `--compare`: every extractor through the whole pipeline, one Markdown row of figures per file, language and
  extractor (:mod:`quotes.train.compare`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument(
        "train", nargs="+", help="gold files of this project's guideline to learn from (never an evaluation file)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--claims", action="store_true", help="train the claim-type classifier instead")
    mode.add_argument(
        "--organizations",
        action="store_true",
        help="train the organization linking instead (--out: the model file; --cv K: cross-validation first)",
    )
    mode.add_argument(
        "--orgnames",
        action="store_true",
        help="train the organization-name model instead, the positional files being CoNLL-2002 files (--dev: "
        "CoNLL files to report on; --out: the model file)",
    )
    mode.add_argument(
        "--speakers", action="store_true", help="train the speaker ranker instead (--cv K first cross-validates)"
    )
    mode.add_argument(
        "--speaker-types",
        action="store_true",
        help="train the speaker typer (person or organization) instead (--cv K first cross-validates)",
    )
    mode.add_argument(
        "--record-filter",
        metavar="RECORDS",
        help="train the record filter instead, on RECORDS: the out-of-fold records `quotes cv --predictions` "
        "wrote (DIR/ensemble.jsonl); --out: the model file; --cv K: cross-validation first",
    )
    mode.add_argument(
        "--measure-silver",
        action="store_true",
        help="print the rules' precision per construction on the gold files (which constructions are silver)",
    )
    mode.add_argument(
        "--compare", action="store_true", help="print figures and throughput of every extractor on the gold files"
    )
    parser.add_argument(
        "--extra", action="append", default=[], help="gold-format file only learned from, e.g. PolNeAR train"
    )
    parser.add_argument("--dev", action="append", default=[], help="gold file to report figures on (repeatable)")
    parser.add_argument(
        "--out",
        help="directory to write the model to (default: do not save); --compare: the predictions "
        "(default: out/compare)",
    )
    parser.add_argument("--lexicons", help="directory of the reporting-verb lexicons (*_lemmas.txt)")
    add_fit_options(parser)
    parser.add_argument("--lr", type=float, default=0.001, help="learning rate (default: 0.001)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--limit", type=int, help="read at most N articles per training file (quick runs)")
    parser.add_argument("--cache", help="directory caching parsed articles (default: ~/.cache/quotes/train)")
    parser.add_argument("--no-cache", action="store_true", help="parse every time")
    parser.add_argument("--no-ensemble", action="store_true", help="do not learn the ensemble's decisions")
    parser.add_argument(
        "--variants",
        default="en,es,xx",
        help="comma-separated: a language code (every feature, that language's articles), xx (universal "
        "features, every article, for other languages)",
    )
    claims = parser.add_argument_group("--claims")
    claims.add_argument(
        "--cv",
        type=int,
        default=0,
        help="--claims, --organizations, --speakers, --speaker-types, --record-filter: first report K-fold "
        "cross-validation by article",
    )
    claims.add_argument(
        "--claim-variants",
        default="combined",
        help="--claims: cross-validated variants, comma-separated (default: combined)",
    )
    claims.add_argument(
        "--eval", action="append", default=[], help="--claims: gold file to score the trained model on (repeatable)"
    )
    claims.add_argument(
        "--per-language", action="store_true", help="--claims: one model per language (default: one joint model)"
    )
    claims.add_argument(
        "--l2", type=float, help="--claims, --organizations: L2 penalty on the weights (default: 0.0001, 0.01)"
    )
    claims.add_argument(
        "--no-balance", action="store_true", help="--claims: do not weight claim types by inverse frequency"
    )
    claims.add_argument(
        "--json", help="--claims, --organizations, --record-filter: write the figures to this JSON file"
    )
    others = parser.add_argument_group("--measure-silver and --compare")
    others.add_argument(
        "--lang",
        default="es",
        help="--measure-silver: language of the articles; --organizations: the languages the linker decides for, "
        "comma-separated, the others keeping the rules' organizations (default: es)",
    )
    others.add_argument(
        "--extractors", default="rules,statistical,ensemble", help="--compare: comma-separated extractors"
    )


def add_fit_options(parser: argparse.ArgumentParser) -> None:
    """The statistical model's fitting options, shared by `quotes train` and `quotes cv`."""
    parser.add_argument("--epochs", type=int, default=6, help="passes over the training data (default: 6)")
    parser.add_argument(
        "--extra-weight",
        type=float,
        default=1.0,
        help="weight of the --extra articles' examples in the statistical model's loss (default: 1)",
    )
    parser.add_argument(
        "--inner",
        type=int,
        default=2,
        help="parts of the inner cross-fitting that tunes the thresholds and ensemble decisions (default: 2)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the chosen mode; exit status 0."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.claims:
        return _train_claims(args)
    if args.organizations:
        return _train_organizations(args)
    if args.orgnames:
        return _train_orgnames(args)
    if args.speakers:
        return _train_speakers(args)
    if args.speaker_types:
        return _train_speaker_types(args)
    if args.record_filter:
        return _train_record_filter(args)
    if args.measure_silver:
        return _measure_silver(args)
    if args.compare:
        return _compare(args)
    return _train_statistical(args)


def _cache(args: argparse.Namespace) -> str | Path | None:
    from quotes.train.loop import DEFAULT_CACHE

    return None if args.no_cache else (args.cache or DEFAULT_CACHE)


def _train_statistical(args: argparse.Namespace) -> int:
    from quotes.train.loop import train

    _, report = train(
        args.train,
        extra_files=args.extra,
        dev_files=args.dev,
        out=args.out,
        lexicon_dir=args.lexicons,
        epochs=args.epochs,
        lr=args.lr,
        seed=args.seed,
        extra_weight=args.extra_weight,
        inner=args.inner,
        limit=args.limit,
        cache=_cache(args),
        variants=[v.strip() for v in args.variants.split(",") if v.strip()],
        ensemble=not args.no_ensemble,
    )
    shown = {k: v for k, v in report.items() if k != "lexicon"}
    print(json.dumps(shown, indent=1, ensure_ascii=False))
    return 0


def _train_record_filter(args: argparse.Namespace) -> int:
    from quotes.train.record_filter import train_record_filter

    figures = train_record_filter(args.train, args.record_filter, out=args.out, cv=args.cv)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


def _train_claims(args: argparse.Namespace) -> int:
    from quotes.train.claims import Settings, train_claims

    settings = Settings(
        l2=Settings().l2 if args.l2 is None else args.l2, balanced=not args.no_balance, joint=not args.per_language
    )
    cache = _cache(args)
    figures = train_claims(
        args.train,
        out=args.out,
        cv=args.cv,
        variants=[v.strip() for v in args.claim_variants.split(",") if v.strip()],
        eval_paths=args.eval,
        settings=settings,
        cache=None if cache is None else str(cache),
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


def _train_organizations(args: argparse.Namespace) -> int:
    from quotes.train.organizations import Settings, train_organizations

    cache = _cache(args)
    settings = Settings() if args.l2 is None else Settings(l2=args.l2)
    figures = train_organizations(
        args.train,
        out=args.out,
        cv=args.cv,
        seed=args.seed,
        cache=None if cache is None else str(cache),
        settings=settings,
        languages=[x.strip() for x in args.lang.split(",") if x.strip()],
    )
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


def _train_orgnames(args: argparse.Namespace) -> int:
    from quotes.train.orgnames import train_orgnames

    figures = train_orgnames(args.train, out=args.out, dev=args.dev)
    print(json.dumps(figures, indent=1))
    return 0


def _train_speakers(args: argparse.Namespace) -> int:
    from quotes.train.speakers import train_speakers

    report = train_speakers(args.train, out=args.out, cv=args.cv, cache=_cache(args))
    print(json.dumps(report, indent=1), file=sys.stderr)
    return 0


def _train_speaker_types(args: argparse.Namespace) -> int:
    from quotes.train.name_types import train_speaker_types

    report = train_speaker_types(args.train, out=args.out, cv=args.cv, cache=_cache(args))
    print(json.dumps(report, indent=1), file=sys.stderr)
    return 0


def _measure_silver(args: argparse.Namespace) -> int:
    from quotes.train.silver import measure, measure_table

    for gold in args.train:
        measured = measure(gold, args.lang)
        print(measure_table(measured))
        print(json.dumps({"rules_quotes": sum(v["n"] for v in measured.values())}), file=sys.stderr)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from quotes.train.compare import compare

    extractors = [n.strip() for n in args.extractors.split(",") if n.strip()]
    for row in compare(args.train, extractors, args.out or "out/compare"):
        print(row, flush=True)
    return 0
