"""HTML page speed: time to first render of ``policykit matrix --format html`` in Chromium.

    python benchmarks/bench_html.py [--actions 1500] [--personas 20] [--repeat 5]

A generated cloud: one service whose policy has ACTIONS actions, each allowed to one of
PERSONAS roles on its own project (or to admin), and a deployment with one user per role,
so the matrix has ACTIONS rows × PERSONAS persona classes × 3 targets. The page is made
by the public command (``policykit matrix DEPLOYMENT --format html``) and opened from disk
in Debian's Chromium through Playwright. "Rendered" is the page's own mark set when its
script has drawn every view (``performance.now()`` since navigation start: reading the
file, parsing the embedded JSON, building the grid); the best and median of REPEAT loads
are printed, with the page size and the time the command took to write it. The same is
done for growing matrices so that growth is visible.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def write_cloud(folder: Path, actions: int, personas: int) -> Path:
    rules = {"admin": "role:admin"}
    for i in range(actions):
        rules[f"svc:res{i // 25}:act{i}"] = f"(role:r{i % personas} and project_id:%(project_id)s) or rule:admin"
    (folder / "policy.json").write_text(json.dumps(rules, indent=1), encoding="utf-8")
    projects = [{"name": f"p{i}", "domain": "Default"} for i in range(3)]
    deployment = {
        "version": 1, "cloud": "bench",
        "regions": [{"id": "RegionOne", "hosts": {"public": "api.example.com", "internal": "controller"}}],
        "services": [{"type": "compute", "name": "nova", "port": 8774, "policy": "policy.json"}],
        "identity": {
            "domains": [{"name": "Default", "id": "default"}],
            "projects": projects,
            "roles": ["admin"] + [f"r{i}" for i in range(personas)],
            "users": [{"name": f"u{i}", "domain": "Default"} for i in range(personas)],
            "assignments": [{"user": f"u{i}", "role": f"r{i}", "project": f"p{i % 3}"} for i in range(personas)],
        },
    }
    path = folder / "deployment.yaml"
    path.write_text(json.dumps(deployment), encoding="utf-8")  # JSON is YAML
    return path


def make_page(folder: Path, actions: int, personas: int) -> tuple[Path, float]:
    deployment = write_cloud(folder, actions, personas)
    page = folder / "matrix.html"
    started = time.perf_counter()
    with page.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, "-m", "policykit.cli", "matrix", str(deployment), "--format", "html"],
                       stdout=out, check=True)
    return page, time.perf_counter() - started


def render_times(browser, page_file: Path, repeat: int) -> tuple[list[float], int]:
    times, cells = [], 0
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-rendered]", timeout=60_000)
        times.append(float(page.evaluate("Number(document.body.dataset.rendered)")))
        cells = page.eval_on_selector_all("td.cell", "cells => cells.length")
        page.close()
    return times, cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=1500)
    parser.add_argument("--personas", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    executable = shutil.which("chromium")
    if not executable:
        print("no chromium on PATH (apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sizes = [(args.actions // 4, args.personas), (args.actions // 2, args.personas), (args.actions, args.personas)]
    print(f"{'actions':>8} {'personas':>8} {'cells':>7} {'page MB':>8} {'write s':>8} {'render best ms':>15} {'median ms':>10}")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for actions, personas in sizes:
            folder = Path(tmp) / f"{actions}x{personas}"
            folder.mkdir()
            page, written = make_page(folder, actions, personas)
            times, cells = render_times(browser, page, args.repeat)
            print(f"{actions:>8} {personas:>8} {cells:>7} {page.stat().st_size / 1e6:>8.1f} {written:>8.2f} "
                  f"{min(times):>15.0f} {statistics.median(times):>10.0f}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
