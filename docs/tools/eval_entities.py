"""Measure :mod:`quotes.attribution.entities` against the pipelines' raw NER (figures of docs/entities.md).

(a) CoNLL-2002 Spanish testb: per-label precision/recall/F1 for PER and ORG, end to end (exact span and
    label) and on the gold entity spans (the label of the predicted entity overlapping each gold span most).
    The test split is cut into EFE dispatches at their datelines so that article-level consistency applies.
(b) gold/dev.jsonl: for each gold quote, the gold speaker's type against the type given to the first
    occurrence of the speaker string in the text, per language: raw NER baseline against :func:`name_type`.
(c) cost: seconds spent in :func:`article_entities` per article against the spaCy parse, on unlabeled news.

Usage:
    python docs/tools/eval_entities.py [--data DATA] [--skip-conll] [--timing N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from quotes.attribution.entities import _LABEL_MAP, analyse_article, article_entities
from quotes.attribution.speaker_type import name_type
from quotes.languages import default_pipeline

PUNCT_NO_SPACE_BEFORE = {",", ".", ")", ":", ";", "?", "!", "%"}


def conll_documents(path: Path) -> list[list[tuple[list[str], list[str]]]]:
    """Sentences of a CoNLL-2002 file (words, IOB tags) grouped into dispatches at each "( EFE )" dateline."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        w, _pos, t = line.rsplit(" ", 2)
        words.append(w)
        tags.append(t)
    docs: list[list[tuple[list[str], list[str]]]] = []
    for sent in sents:
        head = sent[0][:12]
        dateline = any(w in ("EFE", "EFECOM") for w in head) and "(" in head
        if dateline or not docs:
            docs.append([])
        docs[-1].append(sent)
    return docs


def spans_from_iob(tags: list[str]) -> set[tuple[int, int, str]]:
    out, start, label = set(), None, None
    for i, t in enumerate([*tags, "O"]):
        if start is not None and not t.startswith("I-"):
            out.add((start, i, label))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, label = i, t[2:]
    return out


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def eval_conll(data: Path) -> dict[str, dict[str, float]]:
    nlp = default_pipeline("es")
    docs = conll_documents(data / "conll2002_es" / "esp.testb.utf8.conll")
    systems = ("raw", "improved")
    counts: dict[str, Counter[str]] = {s: Counter() for s in systems}
    n_docs = 0
    for sents in docs:
        words = [w for ws, _ in sents for w in ws]
        tags = [t for _, ts in sents for t in ts]
        spaces = [i + 1 < len(words) and words[i + 1] not in PUNCT_NO_SPACE_BEFORE for i in range(len(words))]
        sent_starts = [j == 0 for ws, _ in sents for j in range(len(ws))]
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
        doc = nlp(doc)
        n_docs += 1
        gold = spans_from_iob(tags)
        char2tok = {}
        for t in doc:
            for k in range(t.idx, t.idx + len(t)):
                char2tok[k] = t.i
        raw = {(e.start, e.end, _LABEL_MAP.get(e.label_, "MISC")) for e in doc.ents}
        improved = set()
        for e in article_entities(doc, "es"):
            improved.add((char2tok[e.start_char], char2tok[e.end_char - 1] + 1, e.label))
        for name, pred in (("raw", raw), ("improved", improved)):
            c = counts[name]
            for lab in ("PER", "ORG", "LOC", "MISC"):
                g = {s for s in gold if s[2] == lab}
                p = {s for s in pred if s[2] == lab}
                c[f"e2e_tp_{lab}"] += len(g & p)
                c[f"e2e_pred_{lab}"] += len(p)
                c[f"e2e_gold_{lab}"] += len(g)
            # Label given to each gold span: the predicted entity overlapping it most, else "O".
            for gs, ge, glab in gold:
                best, best_ov = "O", 0
                for ps, pe, plab in pred:
                    ov = min(ge, pe) - max(gs, ps)
                    if ov > best_ov:
                        best, best_ov = plab, ov
                c[f"span_gold_{glab}"] += 1
                c[f"span_pred_{best}"] += 1
                c[f"span_tp_{glab}"] += best == glab
    out: dict[str, dict[str, float]] = {}
    for name in systems:
        c = counts[name]
        row: dict[str, float] = {}
        for lab in ("PER", "ORG", "LOC", "MISC"):
            row[f"e2e_{lab}_F1"] = round(
                prf(c[f"e2e_tp_{lab}"], c[f"e2e_pred_{lab}"], c[f"e2e_gold_{lab}"])[2], 4
            )
            row[f"span_{lab}_F1"] = round(
                prf(c[f"span_tp_{lab}"], c[f"span_pred_{lab}"], c[f"span_gold_{lab}"])[2], 4
            )
        out[name] = row
    out["_"] = {"documents": n_docs}
    return out


def raw_type(doc: Doc, start: int, end: int) -> str:
    """Baseline: the raw NER label of the entity overlapping the mention most; no entity -> other."""
    best, best_ov = None, 0
    for e in doc.ents:
        ov = min(end, e.end_char) - max(start, e.start_char)
        if ov > best_ov:
            best, best_ov = _LABEL_MAP.get(e.label_), ov
    return {"PER": "person", "ORG": "organization", "LOC": "organization"}.get(best or "", "other")


def eval_gold(data: Path, verbose: bool = False) -> dict[str, dict[str, float]]:
    counts: dict[str, Counter[str]] = {}
    for line in (data / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        lang = art["lang"]
        doc = default_pipeline(lang)(art["text"])
        c = counts.setdefault(lang, Counter())
        for q in art["quotes"]:
            k = art["text"].find(q["speaker"])
            if k < 0:
                c["not_found"] += 1
                continue
            ours = name_type(doc, k, k + len(q["speaker"]), lang)
            base = raw_type(doc, k, k + len(q["speaker"]))
            c["n"] += 1
            c["raw"] += base == q["speaker_type"]
            c["improved"] += (ours.value if ours else None) == q["speaker_type"]
            if verbose and (ours.value if ours else None) != q["speaker_type"]:
                print(f"  {art['id']}: {q['speaker']!r} gold={q['speaker_type']} ours={ours} raw={base}")
    return {
        lang: {
            "quotes": c["n"],
            "not_found": c["not_found"],
            "raw_acc": round(c["raw"] / c["n"], 4),
            "improved_acc": round(c["improved"] / c["n"], 4),
        }
        for lang, c in counts.items()
    }


def timing(data: Path, n: int) -> dict[str, float]:
    nlp = default_pipeline("es")
    texts = [
        json.loads(x)["text"] for x in (data / "unlabeled" / "es_fakedes_true.jsonl").open(encoding="utf-8")
    ][:n]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t1 = time.perf_counter()
    for doc in docs:
        analyse_article(doc, "es")
    t2 = time.perf_counter()
    return {
        "articles": len(docs),
        "parse_s": round(t1 - t0, 2),
        "entities_s": round(t2 - t1, 3),
        "entities_ms_per_article": round(1000 * (t2 - t1) / len(docs), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    ap.add_argument("--skip-conll", action="store_true")
    ap.add_argument("--timing", type=int, default=0, help="time this many unlabeled Spanish articles")
    ap.add_argument(
        "--no-conll-gazetteer",
        action="store_true",
        help="ablation: drop the organization/location lists derived from CoNLL-2002 train (in-domain "
        "for testb)",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="print the gold speakers typed wrongly")
    args = ap.parse_args()
    if args.no_conll_gazetteer:
        import attrs

        from quotes import nameshape
        from quotes.attribution import entities, speaker_type

        full = nameshape.lexicon
        hand = {
            line.split("\t")[1]
            for line in nameshape._data_lines("common.tsv")
            if line.startswith(("org\t", "loc\t"))
        }

        def reduced(lang: str) -> nameshape.Lexicon:
            lex = full(lang)
            return attrs.evolve(lex, orgs=frozenset(lex.orgs & hand), locs=frozenset(lex.locs & hand))

        # Every module that looks the lexicon up by name gets the reduced one.
        for module in (nameshape, entities, speaker_type):
            module.lexicon = reduced  # type: ignore[attr-defined]
    results: dict[str, object] = {"gold_dev_speaker_type": eval_gold(args.data, args.verbose)}
    if not args.skip_conll:
        results["conll2002_es_testb"] = eval_conll(args.data)
    if args.timing:
        results["timing"] = timing(args.data, args.timing)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
