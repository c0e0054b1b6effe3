"""The documentation: every command, option and canned query is documented (README.md or docs/*.md),
the command lines it shows use real options, its relative links lead somewhere, the README stays a
short front door whose quick start is what CI runs, and its Python examples run as written."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import click
import pytest

from cio_graph.queries.cli import cli
from tests.conftest import REPO

README = REPO / "README.md"
PAGES = [README, *sorted((REPO / "docs").glob("*.md"))]
TEXTS = {page: page.read_text(encoding="utf-8") for page in PAGES}
ALL_TEXT = "\n".join(TEXTS.values())
README_MAX_LINES = 300
GLOBAL_OPTIONS = {"--debug", "--version", "--help"}

FENCE = re.compile(r"^(```|~~~)")
INLINE_CODE = re.compile(r"``.+?``|`[^`\n]+`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^()\s]+)\)")  # images too
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
HTML_ID = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")


def option_pattern(option: str) -> re.Pattern[str]:
    """``--graph`` as a whole option: not the start of ``--graph-iri``."""
    return re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines of a Markdown text outside fenced code blocks, inline code removed."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced and not line.startswith("    "):
            lines.append((number, INLINE_CODE.sub("", line)))
    return lines


def code_texts(text: str) -> list[str]:
    """The code of a Markdown text: inline code spans, and the lines of fenced and indented blocks."""
    codes, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
        elif fenced or line.startswith("    "):
            codes.append(line)
        else:
            codes.extend(span.strip("`") for span in INLINE_CODE.findall(line))
    return codes


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: link text kept, lowercased, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of a Markdown text: its headings' (numbered when repeated) and explicit ids."""
    found: set[str] = set(HTML_ID.findall(text))
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def test_every_command_is_documented():
    missing = [name for name in cli.commands if f"cio-graph {name}" not in ALL_TEXT]
    assert not missing, f"commands documented in neither README.md nor docs/*.md: {missing}"


def test_every_option_is_documented():
    missing = sorted(
        {
            f"{name} {option}"
            for name, command in cli.commands.items()
            for param in command.params
            if isinstance(param, click.Option)
            for option in param.opts
            if option.startswith("--") and not option_pattern(option).search(ALL_TEXT)
        }
    )
    assert not missing, f"options documented in neither README.md nor docs/*.md: {missing}"


def test_documented_command_lines_use_real_options():
    """A command line shown in the docs (``cio-graph serve --port 8000``) uses only that command's options."""
    wrong = []
    for page, text in TEXTS.items():
        for code in code_texts(text):
            for part in code.split("cio-graph ")[1:]:
                name = part.split(" ", 1)[0]
                command = cli.commands.get(name)
                if command is None:
                    continue
                known = {opt for param in command.params for opt in param.opts} | GLOBAL_OPTIONS
                wrong += [
                    f"{page.relative_to(REPO)}: cio-graph {name} {option}"
                    for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", part)
                    if option not in known
                ]
    assert not wrong, f"options no command has: {wrong}"


def test_every_canned_query_is_documented():
    names = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert names, "no canned queries found"
    missing = [name for name in names if f"| `{name}` |" not in ALL_TEXT]
    assert not missing, f"canned queries missing from the query table of the docs: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_relative_links_lead_to_files_and_headings(page: Path):
    broken = []
    for number, line in prose_lines(TEXTS[page]):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            where = f"{page.relative_to(REPO)}:{number}: {target}"
            if not file.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
                broken.append(f"{where} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_link_checker_sees_headings_as_github_does():
    text = '# Opening `graph.graphml` in Gephi\n## IRIs (all minted, never)\n## Notes\n## Notes\n<a id="x-y"></a>'
    assert anchors(text) == {"opening-graphgraphml-in-gephi", "iris-all-minted-never", "notes", "notes-1", "x-y"}
    assert LINK.findall("see [a](docs/a.md#b) and ![img](e.png)") == ["docs/a.md#b", "e.png"]
    assert prose_lines("x `[c](missing.md)` y\n```\n[d](missing.md)\n```") == [(1, "x  y")]


def test_readme_is_a_short_front_door():
    lines = TEXTS[README].count("\n")
    assert lines < README_MAX_LINES, (
        f"README.md has {lines} lines: move details into docs/ (at most {README_MAX_LINES})"
    )
    linked = set(re.findall(r"\]\(docs/([\w.-]+\.md)", TEXTS[README]))
    unlinked = sorted(page.name for page in PAGES[1:] if page.name not in linked)
    assert not unlinked, f"pages of docs/ the README does not link to: {unlinked}"


def test_quick_start_is_the_two_make_commands_and_ci_runs_the_test_one():
    quick_start = TEXTS[README].split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^    (make \w+)$", quick_start, flags=re.M) == ["make demo", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)


def test_readme_python_api_example_runs(tmp_path, monkeypatch):
    section = TEXTS[README].split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = python_blocks(section)
    assert blocks, "no python example under the README's Python API section"
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme_example"}
    exec(compile("\n".join(blocks), "README.md (Python API)", "exec"), namespace)
    assert (tmp_path / "exports" / "manifest.json").is_file()
    assert namespace["result"].columns == ["origin", "target", "networks", "accounts", "followers"]
    assert namespace["flows"][0] == {
        "origin": "RU",
        "target": "UA",
        "networks": 3,
        "accounts": 19823,
        "followers": 1228186,
    }
    assert namespace["G"].has_node("tactic:inauthentic-accounts")


def test_python_api_page_runs_as_written(tmp_path, monkeypatch):
    text = "\n".join(python_blocks(TEXTS[REPO / "docs" / "python-api.md"]))
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/python-api.md", "docs/python-api.md", 0)
    assert len(test.examples) > 10
    monkeypatch.chdir(tmp_path)
    report: list[str] = []
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE).run(
        test, out=report.append
    )
    assert result.failed == 0, "".join(report)
