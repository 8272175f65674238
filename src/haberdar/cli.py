"""haberdar command line: run, export, show, quarantine.

The command names and export fields are a contract (DESIGN.md); add freely, change only with a
migration note in the README.
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    help="haberdar: Turkish news in the wild turned into a verified record of events.",
)
err = Console(stderr=True)

DbOption = Annotated[
    str, typer.Option("--db", help="The store: a SQLite file, or a PostgreSQL URL (postgresql://USER:PASSWORD@HOST[:PORT]/DATABASE).")
]
DEFAULT_DB = "haberdar.db"


class ExportKind(StrEnum):
    events = "events"
    articles = "articles"
    entities = "entities"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Engine(StrEnum):
    local = "local"
    spark = "spark"


def _open(db: str, *, must_exist: bool = False, migrate: bool = True):  # noqa: ANN202
    from haberdar.store import StoreError, open_store

    if must_exist and "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/] no store at {db!r}. Run [bold]haberdar run PATH…[/] first, or pass --db FILE.")
        raise typer.Exit(2)
    try:
        return open_store(db, migrate=migrate)
    except StoreError as exc:
        _store_error(exc)


def _store_error(exc: Exception) -> NoReturn:
    from rich.markup import escape

    err.print(f"[red]error:[/] {escape(str(exc))}")
    raise typer.Exit(2)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for standard input.")],
    db: DbOption = DEFAULT_DB,
    fields: Annotated[
        str | None,
        typer.Option(help="JSONL field mapping, e.g. 'text=content,title=title,date=date,site=source,url=url'. Detected when omitted."),
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Largest single-article file to read, in MB.")] = 20.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes for the per-article stages of the local engine (default: all cores).")
    ] = None,
    engine: Annotated[Engine, typer.Option(help="local (this machine's processes) or spark (PySpark jobs).")] = Engine.local,
    spark_master: Annotated[
        str | None, typer.Option(help="Spark master URL for --engine spark, e.g. local[2] (default: $HABERDAR_SPARK_MASTER, or spark-submit's).")
    ] = None,
    staging: Annotated[
        str | None, typer.Option(help="--engine spark: directory for staged chunks, readable by every executor (default: a temp dir).")
    ] = None,
) -> None:
    """Ingest, clean and store articles; re-running on the same input adds nothing."""
    from haberdar.ingest.jsonl import FieldMap
    from haberdar.pipeline import run as run_pipeline

    try:
        field_map = FieldMap.parse(fields) if fields else None
    except ValueError as exc:
        err.print(f"[red]error:[/] bad --fields: {exc}")
        raise typer.Exit(2) from exc
    store = _open(db)
    t0 = time.perf_counter()
    show_progress = not quiet and err.is_terminal
    from haberdar.store import StoreError

    try:
        with store.writer():  # one writer per store (PostgreSQL: a second run is refused)
            with Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                console=err,
                disable=not show_progress,
                transient=True,
            ) as progress:
                task = progress.add_task("reading", counts="", total=None)

                def on_item(stats, uri: str) -> None:  # noqa: ANN001
                    if stats.read % 25 == 0 or stats.read < 25:
                        rate = stats.read / max(time.perf_counter() - t0, 1e-9)
                        progress.update(
                            task,
                            counts=f"read {stats.read} · stored {stats.stored} · duplicates {stats.duplicates} · quarantined {stats.quarantined} · {rate:.0f}/s",
                        )

                if engine is Engine.spark:
                    from haberdar.engine.spark import get_spark, run_spark

                    session = get_spark(spark_master)
                    try:
                        stats = run_spark(paths, store, fields=field_map, max_bytes=int(max_mb * 1_000_000), on_item=on_item, spark=session, staging=staging)
                    finally:
                        session.stop()
                else:
                    from haberdar.engine.local import default_workers

                    stats = run_pipeline(
                        paths, store, fields=field_map, max_bytes=int(max_mb * 1_000_000), on_item=on_item, workers=workers or default_workers()
                    )
    except StoreError as exc:
        _store_error(exc)
    dt = time.perf_counter() - t0
    table = Table(title=f"haberdar run → {store.name}", show_header=False)
    for k, v in stats.as_dict().items():
        table.add_row(k, str(v))
    table.add_row("seconds", f"{dt:.1f}")
    table.add_row("articles in store", str(store.count()))
    err.print(table)
    if stats.quarantine_reasons:
        err.print("[yellow]quarantined inputs[/] (see [bold]haberdar quarantine[/]):")
        for reason, n in sorted(stats.quarantine_reasons.items(), key=lambda kv: -kv[1]):
            err.print(f"  {n:>6}  {reason}")
    if stats.read == 0:
        err.print("[yellow]warning:[/] no input found under the given paths.")


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output (required for parquet).")] = None,
) -> None:
    """Write events, articles or entities as JSONL, CSV or Parquet (streamed)."""
    from haberdar.outputs import export as ex

    if format is Format.parquet and output is None:
        err.print("[red]error:[/] --format parquet writes a binary file: give it with --output FILE.parquet")
        raise typer.Exit(2)
    store = _open(db, must_exist=True)
    records, fields = {
        ExportKind.events: (ex.event_records, ex.EVENT_FIELDS),
        ExportKind.articles: (ex.article_records, ex.ARTICLE_FIELDS),
        ExportKind.entities: (ex.entity_records, ex.ENTITY_FIELDS),
    }[kind]
    if format is Format.parquet:
        extra = ex.EXTRA_EVENT_FIELDS if kind is ExportKind.events else ()
        ints = ("mentions",) if kind is ExportKind.entities else ()
        n = ex.write_parquet(records(store), str(output), (*fields, *extra), int_columns=ints)
        err.print(f"{n} {kind.value} → {output}")
        return
    out = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    try:
        if format is Format.jsonl:
            ex.write_jsonl(records(store), out)
        else:
            ex.write_csv(records(store), out, fields)
    finally:
        if output is not None:
            out.close()


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Show at most this many events (0: all).")] = 0,
) -> None:
    """Events in date order: when, what, who with whom, where, about what, how well sourced."""
    from rich.markup import escape

    from haberdar.outputs.export import event_records
    from haberdar.outputs.timeline import date_label, ordered, who

    store = _open(db, must_exist=True)
    events = ordered(event_records(store))
    if limit:
        events = events[:limit]
    table = Table(title=f"haberdar timeline — {len(events)} event(s)", show_lines=True)
    for col in ("date", "event", "who", "with whom", "where", "topics", "sources", "flags"):
        table.add_column(col, overflow="fold")
    for ev in events:
        kind = ev["event_type"] + (f" / {ev['mode']}" if ev["mode"] else "") + (" (planned)" if ev["status"] == "planned" else "")
        table.add_row(
            date_label(ev),
            kind,
            escape(who(ev["actors"])),
            escape(who(ev["recipients"])),
            escape((ev["location"] or {}).get("name") or ""),
            escape(", ".join(ev["topics"])),
            f"{ev['independent_sources']} ({len(ev['articles'])} art.)",
            ", ".join(f["kind"] for f in ev["flags"]),
        )
    out = Console()
    if not out.is_terminal:
        out = Console(width=160)  # piped: do not fold the table to 80 columns
    out.print(table)
    if not events:
        err.print("no events in the store yet: run [bold]haberdar run PATH…[/] on articles first.")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    db: DbOption = DEFAULT_DB,
    raw: Annotated[bool, typer.Option("--raw", help="Also print the raw input.")] = False,
) -> None:
    """Show one article: metadata, clean text, and the lines removed with their reasons."""
    from rich.markup import escape

    store = _open(db, must_exist=True)
    art = store.get_article(article_id)
    if art is None:
        err.print(f"[red]error:[/] no article with id {article_id!r} in {db} (ids are listed by 'haberdar export articles').")
        raise typer.Exit(1)
    out = Console()
    meta = Table(show_header=False, box=None)
    for key in ("id", "uri", "site", "origin", "title", "published_at", "date_precision", "date_source", "language", "duplicate_of", "format", "encoding"):
        meta.add_row(f"[bold]{key}", escape(str(art.get(key))))
    if art.get("sources") and len(art["sources"]) > 1:
        meta.add_row("[bold]also read from", escape(", ".join(art["sources"])))
    if art.get("flags"):
        meta.add_row("[bold]flags", escape(json.dumps(art["flags"], ensure_ascii=False)))
    out.print(meta)
    out.rule("lead")
    out.print(escape(art.get("lead") or ""))
    out.rule("clean body")
    out.print(escape(art["body"]))
    mentions = store.mentions_of(art["id"])
    out.rule(f"entities and roles ({len(mentions)} mentions)")
    written: dict[tuple[str, str, str | None], list[str]] = {}
    for m in mentions:
        forms = written.setdefault((m["label"], m["canonical"], m["entity_id"]), [])
        if m["surface"] not in forms:
            forms.append(m["surface"])
    for (label, canonical, entity_id), forms in written.items():
        also = [f for f in forms if f != canonical]
        note = f" — written: {escape(', '.join(also))}" if also else ""
        out.print(f"[cyan]{label:<5}[/] {escape(canonical)}{note} [dim]{escape(entity_id or '')}[/]")
    out.rule(f"removed lines ({len(art['removed'])})")
    for r in art["removed"]:
        out.print(f"[dim]{r['line']:>4}[/]  [red]{escape(r['reason'])}[/]: [strike]{escape(r['text'][:200])}[/]")
    if raw and art.get("raw") is not None:
        out.rule("raw input")
        out.print(escape(art["raw"].decode(art.get("encoding") or "utf-8", errors="replace")))


@app.command()
def ner(
    conll: Annotated[Path, typer.Argument(help="CoNLL file: a token per line (extra columns ignored), blank line between sentences; - for stdin.")],
) -> None:
    """Tag a tokenised file with PER/LOC/ORG: writes "token<TAB>tag" per line to stdout."""
    from haberdar.analyse.ner.conll import ner_conll

    if str(conll) != "-" and not conll.exists():
        err.print(f"[red]error:[/] no such file: {conll}")
        raise typer.Exit(2)
    ner_conll("/dev/stdin" if str(conll) == "-" else conll, sys.stdout)


@app.command(
    "train-ner",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def train_ner(ctx: typer.Context) -> None:
    """Rebuild the packaged NER model from ../shared/ner/milliyet_train.conll (see README for options)."""
    from haberdar.analyse.ner.train import main as train_main

    train_main(list(ctx.args))


@app.command("quarantine")
def quarantine_cmd(db: DbOption = DEFAULT_DB) -> None:
    """List inputs that could not be read, with the reason for each."""
    store = _open(db, must_exist=True)
    n = 0
    for row in store.iter_quarantine():
        sys.stdout.write(f"{row['uri']}\t{row['reason']}\n")
        n += 1
    err.print(f"{n} quarantined input(s)")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps the server local (there is no login).")] = "127.0.0.1",
    max_upload_mb: Annotated[float, typer.Option(help="Largest upload accepted by the ingest form and POST /api/ingest, in MB.")] = 10.0,
    uploads: Annotated[str | None, typer.Option(help="Folder where uploads are kept (default: DB file name + '.uploads').")] = None,
    workers: Annotated[int | None, typer.Option(help="Server processes, each opening the store (default: the number of cores).", min=1, max=64)] = None,
) -> None:
    """Web UI and JSON API over the store: timeline, events, entities, articles, search, ingest."""
    import os

    import uvicorn

    workers = workers or os.cpu_count() or 1

    from haberdar.serve.app import create_app

    if "://" not in db and not Path(db).exists():
        err.print(f"[yellow]note:[/] no store at {db!r} yet: starting with an empty one (add articles on the /ingest page).")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] binding to {host}: anyone who can reach this address can read the store and add articles.")
    t0 = time.perf_counter()
    # the indexes are brought up to date here, once, before any worker starts
    from haberdar.store import StoreError, describe

    try:
        web = create_app(db, max_upload_bytes=int(max_upload_mb * 1_000_000), uploads_dir=uploads)
    except StoreError as exc:
        _store_error(exc)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"haberdar serving {describe(db)} on [bold]http://{shown}:{port}/[/] (ready in {time.perf_counter() - t0:.1f} s; API under /api/, spec at /openapi.json)")
    if workers == 1:
        uvicorn.run(web, host=host, port=port, log_level="warning")
        return
    os.environ.update(HABERDAR_SERVE_DB=db, HABERDAR_SERVE_MAX_UPLOAD=str(int(max_upload_mb * 1_000_000)), HABERDAR_SERVE_UPLOADS=uploads or "")
    web.state.service.store.close()
    uvicorn.run("haberdar.serve.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="warning")


db_app = typer.Typer(no_args_is_help=True, help="The store's schema: its version and migrations.")
app.add_typer(db_app, name="db")


@db_app.command("status")
def db_status(db: DbOption = DEFAULT_DB) -> None:
    """Schema version of the store, this code's version, and the migration steps it lacks."""
    from haberdar.store import migrations

    store = _open(db, must_exist=True, migrate=False)
    with store.engine.connect() as conn:
        version = migrations.current_version(conn)
        todo = migrations.pending(conn)
        history = migrations.history(conn)
    out = Console()
    out.print(f"store:          {store.name} ({store.engine.dialect.name})")
    out.print(f"schema version: {version}")
    out.print(f"this haberdar:  {migrations.CODE_VERSION}")
    for row in history:
        out.print(f"  applied v{row['version']} {row['applied_at']}  {row['name']}")
    if todo:
        for step in todo:
            out.print(f"  pending v{step.version}  {step.name}")
        out.print("run [bold]haberdar db migrate[/] (or any command that opens the store) to apply them.")
    else:
        out.print("up to date.")
    store.close()


@db_app.command("migrate")
def db_migrate(
    db: DbOption = DEFAULT_DB,
    to: Annotated[int | None, typer.Option("--to", min=1, help="Stop at this schema version (default: the latest).")] = None,
) -> None:
    """Bring the store's schema up to date (creating the store if it does not exist)."""
    from haberdar.store import StoreError, migrations

    store = _open(db, migrate=False)
    try:
        applied = migrations.upgrade(store.engine, target=to, where=store.name)
    except StoreError as exc:
        _store_error(exc)
    for step in applied:
        err.print(f"applied v{step.version}: {step.name}")
    err.print(f"{store.name}: schema version {store.schema_version()} ({len(applied)} step(s) applied)")
    store.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
