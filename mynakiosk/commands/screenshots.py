"""``mynakiosk screenshots``: every screen in every sample state, rendered offscreen to PNG files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder.")
@click.option("--lang", "langs", default="ja,en", show_default=True, help="Comma-separated languages.")
@click.option("--only", default="", help="Comma-separated sample names (screen-state); all when empty.")
@click.option("--large-text", is_flag=True, help="Render in large-text mode (adds -large to the file names).")
@click.option("--high-contrast", is_flag=True, help="Render in high-contrast mode (adds -contrast to the names).")
@click.option("--json", "as_json", is_flag=True, help="Print the written files as one JSON object.")
def screenshots(out_dir: Path, langs: str, only: str, large_text: bool, high_contrast: bool, as_json: bool) -> None:
    """Render every screen in every sample state to OUT/screen-state-lang.png (no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mynakiosk.demo.bench import SimCardDesk
    from ui.render import RenderError, render_samples
    from ui.technician import SimBench

    names = [n for n in only.split(",") if n]
    try:
        written = render_samples(
            out_dir,
            [lang for lang in langs.split(",") if lang],
            names=names or None,
            large_text=large_text,
            high_contrast=high_contrast,
            bench=SimBench(cards=SimCardDesk()),  # the technician screens show a virtual card
        )
    except RenderError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"out": str(out_dir), "files": [p.name for p in written]}, indent=2))
    else:
        click.echo(f"{len(written)} screenshots written to {out_dir}")
