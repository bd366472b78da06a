"""Benchmark of the shipped content: `make bench`.

Reports the full build with PDFs from scratch (the real command with --clean, start-up included), the sum
of the render times of the single PDFs (each rendered once, one after the other,
in one process that has loaded WeasyPrint and the font), and how the full build
compares with that sum spread over the cores.
Target: full build <= 1.2 x (sum of single-PDF times / cores).

This machine shares its cores with others, so every figure is the median of
several runs, and builds and single renders take turns.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.assemble import load_project, project_dirs  # noqa: E402
from generator.pdf import _init_worker, _render_one, default_jobs, render_html  # noqa: E402
from generator.products import plan_pdfs  # noqa: E402
from generator.render import Renderer  # noqa: E402

RUNS = 5


def full_build(out: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--quiet", "--out", str(out), *extra], cwd=ROOT, check=True)
    return time.perf_counter() - start


def prepare() -> list[tuple[str, str, float]]:
    project = load_project(ROOT).project
    renderer = Renderer(project, project_dirs(ROOT, "templates"), draft=False)
    taken = plan_pdfs(project)
    _init_worker(str(project_dirs(ROOT, "assets")[0]))  # as in a build: once per process, with a warm-up
    return [(t.info.path, render_html(renderer, t), t.zoom) for t in taken]


def single_pdfs(work: list[tuple[str, str, float]]) -> dict[str, float]:
    return {path: _render_one(path, html, zoom).seconds for path, html, zoom in work}


def main() -> None:
    cores = default_jobs()
    work = prepare()
    html_only, full, sums, passes = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            html_only.append(full_build(Path(tmp) / f"h{i}", "--no-pdf", "--clean"))
            full.append(full_build(Path(tmp) / f"s{i}", "--clean"))  # from scratch: nothing from the cache
            passes.append(single_pdfs(work))
            sums.append(sum(passes[-1].values()))
    total = statistics.median(sums)
    singles = passes[sums.index(sorted(sums)[len(sums) // 2])]
    best = statistics.median(full)
    ideal = total / cores
    print("Benchmark regiekaart (meegeleverde inhoud)")
    print(f"  kernen:                             {cores}")
    print(f"  PDF's:                              {len(singles)}")
    print(f"  (mediaan van {RUNS} keer; tussen haakjes de snelste en de traagste)")
    print(f"  bouw zonder PDF's (--no-pdf):       {statistics.median(html_only):.2f} s ({min(html_only):.2f}–{max(html_only):.2f})")
    print(f"  volledige bouw met PDF's:           {best:.2f} s ({min(full):.2f}–{max(full):.2f})")
    print(f"  som van de losse PDF-rendertijden:  {total:.2f} s ({min(sums):.2f}–{max(sums):.2f})")
    for path, seconds in sorted(singles.items(), key=lambda item: -item[1])[:4]:
        print(f"      {path:40} {seconds:.2f} s")
    print(f"  som / kernen:                       {ideal:.2f} s")
    print(f"  verhouding bouw / (som / kernen):   {best / ideal:.2f}  (doel: hoogstens 1,20)")
    if best > 1.2 * ideal:
        print("  DOEL NIET GEHAALD")
        sys.exit(1)


if __name__ == "__main__":
    main()
