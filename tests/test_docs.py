"""The documentation runs: page examples are doctests, generated pages are up to date, CLI examples work.

The `>>>` examples of docs/usage.md and docs/records.md run from the repository root (their paths are
relative to it), as do those of the `quotes` and `quotes.pipeline` docstrings. docs/cli.md and docs/api.md
must equal what docs/tools/gen_cli_docs.py and docs/tools/gen_api_docs.py produce from the code as it is.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import json
import re
import shlex
from pathlib import Path
from types import ModuleType

import pytest

from quotes.cli import build_parser, main
from quotes.models import RECORD_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEED = ROOT / "corpora" / "seed"
DEV_GOLD = ROOT / "corpora" / "dev" / "dev.jsonl"
SEED_GOLD_ID = "es-seed-wired-openai-aws"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
#: Pages this test owns; their links to each other must resolve.
OWN_PAGES = ("index.md", "usage.md", "records.md", "cli.md", "api.md")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page,min_examples", [("usage.md", 40), ("records.md", 40), ("spacy.md", 10)])
def test_docs_page_examples_run(page: str, min_examples: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=FLAGS, encoding="utf-8")
    # The failures themselves are printed by doctest (shown by pytest with the captured output).
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of docs/{page} failed"
    assert result.attempted >= min_examples, f"docs/{page} lost examples: {result.attempted} left"


def test_docs_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=FLAGS, encoding="utf-8")
    assert result.failed == 0 and result.attempted >= 3


@pytest.mark.parametrize("module_name", ["quotes", "quotes.pipeline", "quotes.component"])
def test_docs_module_docstring_examples_run(module_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.attempted > 0, f"{module_name} has no docstring example"
    assert result.failed == 0


@pytest.mark.parametrize("script,page", [("gen_cli_docs", "cli.md"), ("gen_api_docs", "api.md")])
def test_docs_generated_page_up_to_date(script: str, page: str) -> None:
    expected = _script(script).render()
    current = (DOCS / page).read_text(encoding="utf-8")
    assert current == expected, f"docs/{page} is out of date: run python docs/tools/{script}.py"


def test_docs_generated_pages_machine_independent() -> None:
    # The help of `extract --workers` and `bench` mention this machine's CPUs and paths; the page must not.
    text = (DOCS / "cli.md").read_text(encoding="utf-8") + (DOCS / "api.md").read_text(encoding="utf-8")
    assert str(ROOT.parent) not in text
    assert not re.search(r"; here \d+\)", text)
    assert " at 0x" not in text


def test_docs_cli_page_lists_every_option() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert f"## quotes {name}" in text
        for action in command._actions:
            if action.dest == "help":
                continue
            for option in action.option_strings:
                assert f"`{option}" in text, f"quotes {name} {option} missing from docs/cli.md"


def test_docs_records_page_lists_every_field() -> None:
    text = (DOCS / "records.md").read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| `")]
    documented = {name for line in table for name in re.findall(r"`(\w+)`", line.split("|")[1])}
    assert set(RECORD_FIELDS) <= documented, set(RECORD_FIELDS) - documented


def _shell_commands(page: str) -> list[list[str]]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [shlex.split(m) for m in re.findall(r"^\$ quotes (.+)$", text, flags=re.MULTILINE)]


@pytest.mark.parametrize("argv", _shell_commands("usage.md"), ids=lambda argv: " ".join(argv[:2]))
def test_docs_usage_shell_commands_parse(argv: list[str]) -> None:
    # Every command line shown in usage.md is accepted by the current parser (run or not).
    args = build_parser().parse_args(argv)
    assert args.command == argv[0]


def test_docs_usage_shows_every_main_command() -> None:
    shown = {argv[0] for argv in _shell_commands("usage.md")}
    assert {"extract", "evaluate", "show", "summarize"} <= shown


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`quotes extract corpora/seed -o quotes.jsonl` in a temporary directory: the output file."""
    out = tmp_path_factory.mktemp("seed") / "quotes.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    return out


def test_docs_cli_extract_seed(seed_run: Path) -> None:
    records = [json.loads(line) for line in seed_run.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 11
    assert {r["doc"] for r in records} == {"wired-openai-aws"}
    assert [tuple(r) for r in records] == [RECORD_FIELDS] * len(records)
    errors = Path(f"{seed_run}.errors.ndjson")
    assert errors.is_file() and errors.read_text(encoding="utf-8") == ""


def test_docs_cli_evaluate_seed(seed_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The seed article's gold line, with the id the .txt article gets in corpora/seed.
    with DEV_GOLD.open(encoding="utf-8") as f:
        gold = next(a for a in map(json.loads, f) if a["id"] == SEED_GOLD_ID)
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(json.dumps({**gold, "id": "wired-openai-aws"}, ensure_ascii=False) + "\n", "utf-8")
    capsys.readouterr()
    assert main(["evaluate", str(gold_file), str(seed_run), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["articles"], figures["gold"], figures["pred"]) == (1, 11, 11)
    assert figures["unknown_docs"] == []
    assert figures["attributed_prf"][2] >= 0.9  # 1.0 when this page was written


def test_docs_cli_evaluate_mismatched_ids_warns(seed_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # As in usage.md: the seed .txt is not in the gold file under its corpus id; a warning says so.
    capsys.readouterr()
    assert main(["evaluate", str(DEV_GOLD), str(seed_run), "--lang", "es"]) == 0
    captured = capsys.readouterr()
    assert "wired-openai-aws" in captured.out + captured.err
    assert "not in the gold file" in captured.out + captured.err


def test_docs_cli_extract_missing_corpus_is_usage_error(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "nowhere"), "-o", str(tmp_path / "q.jsonl"), "--quiet"]) == 2
    assert not (tmp_path / "q.jsonl").exists()


def _slug(title: str) -> str:
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", OWN_PAGES)
def test_docs_links_between_own_pages_resolve(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    for target, anchor in re.findall(r"\]\(([\w.-]*\.md|)(?:#([\w-]+))?\)", text):
        target = target or page
        if target not in OWN_PAGES:
            continue  # pages written by others may not exist yet
        linked = (DOCS / target).read_text(encoding="utf-8")
        if anchor:
            headings = {_slug(h) for h in re.findall(r"^#+ (.+)$", linked, flags=re.MULTILINE)}
            assert anchor in headings, f"{page}: no heading #{anchor} in {target}"


def test_docs_index_links_every_page() -> None:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    expected = [
        "usage.md", "records.md", "cli.md", "api.md", "evaluation.md", "claims.md", "dates.md",
        "entities.md", "batch.md", "visualization.md", "model-card.md", "comparison.md", "quotes.md", "spacy.md",
    ]  # fmt: skip
    missing = [p for p in expected if f"]({p})" not in text]
    assert not missing


def test_docs_need_nothing_outside_the_repository() -> None:
    # A clone is all a reader has: no page may send them to the project's shared data or its contract file,
    # and every relative link must lead to a file of the repository.
    for page in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{page.name} points outside the repository"
        assert not re.search(r"\bSPEC\b", text), f"{page.name} refers to the SPEC instead of the docs"
        for target in re.findall(r"\]\(([^)#\s]+)", text):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{page.name} links to a missing {target}"
