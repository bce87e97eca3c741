"""``mynakiosk screenshots``: every screen in every sample state, rendered offscreen to PNG files; ``--check``
walks the same screens' item trees and fails naming every layout problem (``ui/layout_check.py``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ui.technician import SimBench


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder (not with --check).")
@click.option("--lang", "langs", default="ja,en", show_default=True, help="Comma-separated languages.")
@click.option("--only", default="", help="Comma-separated sample names (screen-state); all when empty.")
@click.option("--large-text", is_flag=True, help="Render in large-text mode (adds -large to the file names).")
@click.option("--high-contrast", is_flag=True, help="Render in high-contrast mode (adds -contrast to the names).")
@click.option(
    "--check",
    is_flag=True,
    help="Write no files: check every screen in standard, large-text and high-contrast mode (only the modes given "
    "when --large-text/--high-contrast are), exit 1 naming each layout problem.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the written files (or problems) as one JSON object.")
def screenshots(
    out_dir: Path | None, langs: str, only: str, large_text: bool, high_contrast: bool, check: bool, as_json: bool
) -> None:
    """Render every screen in every sample state to OUT/screen-state-lang.png (no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mynakiosk.demo.bench import SimCardDesk
    from ui.render import RenderError, render_samples
    from ui.technician import SimBench

    names = [n for n in only.split(",") if n]
    languages = [lang for lang in langs.split(",") if lang]
    bench = SimBench(cards=SimCardDesk())  # the technician screens show a virtual card
    if check:
        _check(languages, names, large_text, high_contrast, bench, as_json)
        return
    if out_dir is None:
        raise click.UsageError("--out is required (or --check)")
    try:
        written = render_samples(
            out_dir,
            languages,
            names=names or None,
            large_text=large_text,
            high_contrast=high_contrast,
            bench=bench,
        )
    except RenderError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"out": str(out_dir), "files": [p.name for p in written]}, indent=2))
    else:
        click.echo(f"{len(written)} screenshots written to {out_dir}")


def _check(languages: list[str], names: list[str], large: bool, contrast: bool, bench: SimBench, as_json: bool) -> None:
    from ui.layout_check import check_samples
    from ui.render import RenderError

    modes = [m for m, on in (("large-text", large), ("high-contrast", contrast)) if on] or [
        "standard",
        "large-text",
        "high-contrast",
    ]
    try:
        problems = check_samples(languages, modes, names=names or None, bench=bench)
    except RenderError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(
            json.dumps({"modes": modes, "problems": [p.__dict__ for p in problems]}, indent=2, ensure_ascii=False)
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} layout problem(s) in {', '.join(languages)} × {', '.join(modes)}")
    if problems:
        raise SystemExit(1)
