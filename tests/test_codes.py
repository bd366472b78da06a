"""The catalogue of problem codes (generator/codes.py): every problem that the generator
reports names a code of the catalogue, the codes are well-formed, the README's table is
the catalogue's, and the codes reach the problems that a real project gives."""

from __future__ import annotations

import ast
import json
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from generator import codes
from generator.build import load_project, record_of, unchanged_build
from generator.cache import Manifest, record_of_file
from generator.codes import CODES
from generator.problems import Pos, Severity, error, warning
from generator.write import MARKER

from .conftest import ROOT, write

GENERATOR = ROOT / "generator"
CODE_PATTERN = re.compile(r"RK[1-7]\d\d")
REPORTERS = {"error": 2, "warning": 2, "Problem": 3}  # a call's name -> the position of its code argument
# Problem() calls that make no new problem: they restore one that an earlier build
# reported (its code was checked when it was first made), from the site's manifest.
RESTORED = {("build.py", "unchanged_build")}


def _constants() -> dict[str, str]:
    """The catalogue's names as codes.py binds them: NAME = _code("RK...", ...)."""
    tree = ast.parse((GENERATOR / "codes.py").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "_code":
            for target in node.targets:
                found[target.id] = node.value.args[0].value
    return found


CONSTANTS = _constants()


class _Calls(ast.NodeVisitor):
    """Every call of error(), warning(), x.error(), x.warning() and Problem() in a module,
    with the function it is in (and that function's parameters)."""

    def __init__(self) -> None:
        self.calls: list[tuple[ast.Call, str, ast.FunctionDef | None]] = []
        self.function: ast.FunctionDef | None = None

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.function = self.function, node
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name in REPORTERS and not (name == "Problem" and isinstance(node.func, ast.Attribute)):
            self.calls.append((node, name, self.function))
        self.generic_visit(node)


def _imported_from_codes(tree: ast.Module) -> dict[str, str]:
    """Names a module imports from the catalogue (``from .codes import X as Y``): Y -> X."""
    return {
        (alias.asname or alias.name): alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("codes", "generator.codes")
        for alias in node.names
    }


def _code_argument(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    position = REPORTERS[name]
    return call.args[position] if len(call.args) > position else None


def _reported(module: Path) -> tuple[list[str], set[str]]:
    """What is wrong with the code arguments of the reporting calls in ``module``, and
    which codes of the catalogue they name."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = _imported_from_codes(tree)
    visitor = _Calls()
    visitor.visit(tree)
    wrong, used = [], set()
    for call, name, function in visitor.calls:
        where = f"generator/{module.name}:{call.lineno}"
        if function is not None and (module.name, function.name) in RESTORED and name == "Problem":
            continue
        arg = _code_argument(call, name)
        if arg is None:
            wrong.append(f"{where}: {name}() without a code")
        elif isinstance(arg, ast.Constant):
            if arg.value not in CODES:
                wrong.append(f"{where}: {arg.value!r} is not a code of the catalogue")
            used.add(arg.value)
        elif isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "codes":
            if arg.attr not in CONSTANTS:
                wrong.append(f"{where}: codes.{arg.attr} is not bound to a _code(...) in codes.py")
            used.add(CONSTANTS.get(arg.attr, ""))
        elif isinstance(arg, ast.Name) and arg.id in imported:
            if imported[arg.id] not in CONSTANTS:
                wrong.append(f"{where}: {arg.id} is not bound to a _code(...) in codes.py")
            used.add(CONSTANTS.get(imported[arg.id], ""))
        elif isinstance(arg, ast.Name) and function is not None and function.name in ("error", "warning") and arg.id in {a.arg for a in function.args.args}:
            pass  # a wrapper that hands on its own code argument: its callers are checked here too
        else:
            wrong.append(f"{where}: the code of {name}() is {ast.unparse(arg)}, not a code of the catalogue")
    return wrong, used


def _wrong(module: Path) -> list[str]:
    return _reported(module)[0]


def test_the_checker_sees_a_call_without_a_code(tmp_path: Path) -> None:
    module = write(tmp_path / "voorbeeld.py", (
        "from . import codes\n"
        "def f(ctx, pos):\n"
        "    a = error(pos, 'x')\n"
        "    b = warning(pos, 'x', code='RK999')\n"
        "    ctx.error(pos, 'x', codes.GEEN_SUCH_CODE)\n"
        "    c = error(pos, 'x', codes.ONBEKENDE_SLEUTEL)\n"
        "    d = warning(pos, 'x', 'RK201', 'Breda')\n"
        "    return Problem(pos, 'x', Severity.FOUT, some_code)\n"
    ))
    assert _wrong(module) == [
        "generator/voorbeeld.py:3: error() without a code",
        "generator/voorbeeld.py:4: 'RK999' is not a code of the catalogue",
        "generator/voorbeeld.py:5: codes.GEEN_SUCH_CODE is not bound to a _code(...) in codes.py",
        "generator/voorbeeld.py:8: the code of Problem() is some_code, not a code of the catalogue",
    ]


@pytest.mark.parametrize("module", sorted(GENERATOR.glob("*.py")), ids=lambda p: p.name)
def test_every_problem_names_a_code_of_the_catalogue(module: Path) -> None:
    assert _wrong(module) == []


def test_every_code_of_the_catalogue_is_used() -> None:
    """No entry in the README's table for a problem that nothing reports."""
    used = set().union(*(_reported(p)[1] for p in GENERATOR.glob("*.py")))
    assert sorted(set(CODES) - used) == []


def test_codes_are_unique_and_well_formed() -> None:
    written = Counter(CONSTANTS.values())
    assert [code for code, n in written.items() if n > 1] == []
    assert set(CONSTANTS.values()) == set(CODES)  # every code has a name to use it by
    assert len(set(CONSTANTS)) == len(CONSTANTS)
    for code, entry in CODES.items():
        assert CODE_PATTERN.fullmatch(code), code
        assert entry.code == code
        assert entry.titel.strip() and entry.voorbeeld.strip(), code
        assert entry.oplossing.endswith(".") and entry.oplossing[0].isupper(), code
        if entry.samen:  # a template of {n} and {namen}, nothing else
            fields = {f for _, f, _, _ in string.Formatter().parse(entry.samen) if f is not None}
            assert fields == {"n", "namen"}, code


def test_codes_stay_in_their_range() -> None:
    """A code's hundred says where it comes from: codes.py lists each range's codes in its section."""
    text = (GENERATOR / "codes.py").read_text(encoding="utf-8")
    section = "0"
    for line in text.splitlines():
        if head := re.match(r"# --- RK(\d)xx", line):
            section = head.group(1)
        elif found := re.search(r'_code\(\s*"(RK\d\d\d)"|^\s*"(RK\d\d\d)",', line):
            code = found.group(1) or found.group(2)
            assert code[2] == section, f"{code} stands in the section RK{section}xx"


def test_the_readme_table_is_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(codes.BEGIN), readme.index(codes.END) + len(codes.END)
    assert readme[start:end] == codes.readme_block(), "the table of codes in README.md is out of date; run 'make codes'"
    assert codes.markdown_table() in codes.readme_block()


def test_markdown_table() -> None:
    table = codes.markdown_table().splitlines()
    assert table[0] == "| Code | Wat er mis is | Voorbeeld | Zo lost u het op |"
    assert len(table) == 2 + len(CODES)
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in table[2:]}
    assert rows["RK201"] == "| RK201 | Onbekende sleutel | `casusregi: Wijkteam Noord` | Verbeter de spelling van de sleutel (de melding noemt de bedoelde sleutel) of haal de regel weg. |"
    # a voorbeeld of several lines: one code span per line; plain text escapes Markdown
    assert "| `casusregie:`<br>`  - Wijkteam` |" in rows["RK204"]
    assert "gemeenten/&lt;naam&gt;.yaml" in rows["RK216"]
    assert all(line.count(" | ") == 3 for line in table)


def test_cells_that_look_like_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    assert codes._code_span("a | b") == "`a \\| b`"
    assert codes._code_span("`tekst`") == "`` `tekst` ``"
    assert codes._tekst("zet *vet* | <b>") == "zet \\*vet\\* \\| &lt;b&gt;"


def test_refresh_readme(tmp_path: Path) -> None:
    readme = write(tmp_path / "README.md", f"# Titel\n\n{codes.BEGIN}\noud\n{codes.END}\n\nDaarna.\n")
    assert codes.refresh_readme(readme) is True
    assert readme.read_text(encoding="utf-8") == f"# Titel\n\n{codes.readme_block()}\n\nDaarna.\n"
    assert codes.refresh_readme(readme) is False
    write(readme, "# Zonder markeringen\n")
    with pytest.raises(SystemExit, match="markeringen"):
        codes.refresh_readme(readme)


# --- the codes in the problems of a real project ------------------------------------------


def _mistakes(project: Path) -> int:
    """A typo in a key, a placeholder and a status that does not exist in Breda's card;
    the line of the typo (the placeholder is on the next line)."""
    breda = project / "gemeenten/breda.yaml"
    lines = breda.read_text(encoding="utf-8").splitlines()
    fase2 = lines.index("  2:")
    lines[fase2 + 1:fase2 + 1] = ["    casusregi: Wijkteam Noord", "    behandelregie: TODO"]
    write(breda, "\n".join(lines).replace("status: voorbeeld", "status: definitief") + "\n")
    return fase2 + 2


def test_the_codes_of_a_project_with_mistakes(project: Path) -> None:
    fase2 = _mistakes(project) - 2
    loaded = load_project(project)
    mine = {(p.pos.line, p.code) for p in loaded.problems if p.pos.path == "gemeenten/breda.yaml"}
    assert (fase2 + 2, "RK201") in mine  # the line of the typo, 1-based
    assert (fase2 + 3, "RK302") in mine
    assert any(code == "RK209" for _, code in mine)  # status: definitief
    assert all(p.code in CODES for p in loaded.problems)

    placeholder = next(p for p in loaded.problems if p.code == "RK302")
    typo = next(p for p in loaded.problems if p.code == "RK201")
    assert placeholder.onvolledig and not typo.onvolledig
    assert placeholder in loaded.blocking(draft=False) and placeholder not in loaded.blocking(draft=True)
    assert typo in loaded.blocking(draft=True)


def test_check_shows_the_codes(project: Path, cli) -> None:  # noqa: ANN001
    line = _mistakes(project)
    result = cli("check", "--project", project, "--format", "json")
    assert result.exit_code == 1
    found = [json.loads(row) for row in result.stdout.splitlines()]
    assert {"code": "RK201", "severity": "fout", "path": "gemeenten/breda.yaml", "line": line, "column": 5} in [{k: f[k] for k in ("code", "severity", "path", "line", "column")} for f in found]
    assert {f["code"] for f in found} == {"RK201", "RK209", "RK302", "RK503"}
    text = cli("check", "--project", project).output
    assert "onbekende sleutel 'casusregi' in deze fase. Bedoelde u 'casusregie'?  [RK201]" in text
    assert "(`regiekaart status` toont ze)  [RK503]" in text


def test_example_cards_fold_by_their_code(shipped) -> None:  # noqa: ANN001
    """The shipped cards are example fills: one code, each about its gemeente, and the
    catalogue's template makes one line of them."""
    voorbeelden = [p for p in shipped.problems if p.code == codes.VOORBEELDINVULLING]
    assert len(voorbeelden) == 20 and len(shipped.problems) == 20
    assert all(p.severity is Severity.WAARSCHUWING for p in voorbeelden)
    namen = sorted(p.onderwerp for p in voorbeelden)
    assert namen == sorted(g.naam for g in shipped.project.gemeenten)
    line = CODES[codes.VOORBEELDINVULLING].samen.format(n=len(namen), namen=", ".join(namen[:2]) + ", …")
    assert line == "20 kaarten zijn nog een voorbeeldinvulling: Alphen-Chaam, Altena, … (`regiekaart status` toont ze)"


def test_a_passed_review_date_names_the_card(project: Path) -> None:
    breda = project / "gemeenten/breda.yaml"
    text = breda.read_text(encoding="utf-8")
    text = re.sub(r"herzien_voor: .*", "herzien_voor: 2020-01-01", text) if "herzien_voor:" in text else text + "herzien_voor: 2020-01-01\n"
    write(breda, text)
    loaded = load_project(project)
    verlopen = [p for p in loaded.problems if p.code == codes.HERZIENING_VERLOPEN]
    assert [(p.pos.path, p.onderwerp) for p in verlopen] == [("gemeenten/breda.yaml", "Breda")]
    assert CODES[codes.HERZIENING_VERLOPEN].samen


def test_an_unchanged_build_reports_the_same_codes(tmp_path: Path) -> None:
    """A build whose input did not change reports what the build before it did, from the
    site's manifest: with the same codes and subjects."""
    problems = [
        warning(Pos("gemeenten/breda.yaml", 3, 9), "de kaart van Breda is nog een voorbeeldinvulling; ...", codes.VOORBEELDINVULLING, "Breda"),
        error(Pos("content/handreiking/a.md", 7), "HTML wordt niet uitgevoerd ...", codes.HTML_IN_MARKDOWN),
    ]
    out = tmp_path / "site"
    write(out / "index.html", "<!doctype html>")
    manifest = record_of("invoer", problems, 3)
    manifest = Manifest({"index.html": {"key": "k"}}, manifest.input_key, manifest.warnings, file_count=1, files_read=3)
    write(out / MARKER, manifest.text({"index.html": record_of_file(out / "index.html")}))
    again = unchanged_build(tmp_path, out, "invoer")
    assert again is not None and again[1] == problems
