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
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from typer.core import TyperArgument, TyperOption

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="haberdar: Turkish news in the wild turned into a verified record of events.\n\n"
    "Exit codes: 0 done; 1 nothing to do or every input bad; 2 usage error or a store, file or "
    "server that cannot be used; 3 an internal error (--debug shows its traceback).",
)
err = Console(stderr=True, soft_wrap=True)  # a message is one line, however long
STATE = {"verbose": 0, "debug": False}

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"haberdar {version('haberdar')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More messages (-vv: more still).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only: no progress, no summary.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    STATE.update(verbose=-1 if quiet else verbose, debug=debug)

DbOption = Annotated[
    str, typer.Option("--db", help="The store: a SQLite file, or a PostgreSQL URL (postgresql://USER:PASSWORD@HOST[:PORT]/DATABASE).")
]
DEFAULT_DB = "haberdar.db"


FromOpt = Annotated[str | None, typer.Option("--from", help="Events on or after: YYYY, YYYY-MM or YYYY-MM-DD (as the API's ?from=).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Events on or before: YYYY, YYYY-MM or YYYY-MM-DD.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")]
PlaceOpt = Annotated[str | None, typer.Option("--place", help="Place name, e.g. Ankara.")]
EntityOpt = Annotated[str | None, typer.Option("--entity", help="Entity id of a participant (haberdar export entities).")]
FlagOpt = Annotated[str | None, typer.Option("--flag", help="Flag kind, e.g. name_conflict.")]
TextOpt = Annotated[str | None, typer.Option("--text", help="Full-text search over the events' articles (the API's ?text=).")]


def _event_filter(date_from: str | None, date_to: str | None, event_type: str | None, place: str | None,
                  entity: str | None, flag: str | None, text: str | None) -> object | None:
    """The API's event filter (haberdar.serve), or None when no filter is given."""
    if not any((date_from, date_to, event_type, place, entity, flag, text)):
        return None
    from haberdar.serve import queries as qs
    from haberdar.serve.api import event_filter

    try:
        return event_filter(date_from, date_to, entity, event_type, place, flag, text, "asc")
    except qs.BadRequest as exc:
        err.print(f"[red]error:[/] --{exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _filtered_events(store: object, flt: object) -> list[dict]:
    """Every event the filter selects, through the API's query code (one page at a time)."""
    from haberdar.serve import queries as qs

    svc = qs.Service(store)  # type: ignore[arg-type]
    svc.prepare()
    out: list[dict] = []
    try:
        while True:
            page = qs.list_events(svc, flt, limit=500, offset=len(out))  # type: ignore[arg-type]
            out.extend(page.items)
            if not page.items or len(out) >= page.total:
                return out
    except qs.NotFound as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None


class ExportKind(StrEnum):
    events = "events"
    articles = "articles"
    entities = "entities"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt_csv = "gdelt-csv"


class Engine(StrEnum):
    local = "local"
    spark = "spark"


def _open(db: str, *, must_exist: bool = False, migrate: bool = True, read_only: bool = False):  # noqa: ANN202
    import os

    from haberdar.store import StoreError, open_store

    if must_exist and "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/] no store at {db!r}. Run [bold]haberdar run PATH…[/] first, or pass --db FILE.")
        raise typer.Exit(2)
    path = Path(db)
    if read_only and "://" not in db and path.exists() and not (
        os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
    ):
        # a store on read-only media (or without write permission) is still readable: SQLite's
        # immutable mode needs no journal files beside it
        db, migrate = f"sqlite:///file:{path.resolve()}?mode=ro&immutable=1&uri=true", False
    try:
        return open_store(db, migrate=migrate)
    except StoreError as exc:
        _store_error(exc)


def _store_error(exc: Exception) -> NoReturn:
    from rich.markup import escape

    msg = str(exc)
    if "malformed" in msg or "not a database" in msg:
        msg += ". The store is damaged: nothing was written to it; restore it from a copy, or run into a new --db"
    err.print(f"[red]error:[/] {escape(msg)}")
    raise typer.Exit(EXIT_USAGE)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for standard input.")],
    db: DbOption = DEFAULT_DB,
    fields: Annotated[
        str | None,
        typer.Option(help="JSONL field mapping, e.g. 'text=content,title=title,date=date,site=source,url=url'. Detected when omitted."),
    ] = None,
    max_mb: Annotated[float, typer.Option(min=0.001, help="Largest single-article file to read, in MB.")] = 20.0,
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
    kb_dir: Annotated[
        Path | None,
        typer.Option(help="Directory of extra knowledge-base files to load beside the curated KB: Wikidata "
                     "office-holder tables (*.csv, e.g. ../shared/kb) and KB YAML files. Resolution and flags use them."),
    ] = None,
) -> None:
    """Ingest, clean and store articles; re-running on the same input adds nothing."""
    from haberdar.ingest.jsonl import FieldMap
    from haberdar.pipeline import run as run_pipeline

    try:
        field_map = FieldMap.parse(fields) if fields else None
    except ValueError as exc:
        err.print(f"[red]error:[/] bad --fields: {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    if engine is not Engine.spark and (spark_master or staging):
        err.print("[red]error:[/] --spark-master and --staging need --engine spark")
        raise typer.Exit(EXIT_USAGE)
    if engine is Engine.spark:
        try:
            import pyspark  # noqa: F401
        except ImportError:
            err.print("[red]error:[/] --engine spark needs PySpark, which is not installed: "
                      "pip install 'haberdar\\[spark]' (and a Java 17+ runtime)")
            raise typer.Exit(EXIT_USAGE) from None
    res = None
    if kb_dir is not None:
        if not kb_dir.is_dir():
            err.print(f"[red]error:[/] --kb-dir: no such directory: {kb_dir}")
            raise typer.Exit(EXIT_USAGE)
        from haberdar.resources import Resources

        res = Resources(kb_dir=str(kb_dir.resolve()))
        try:
            res.kb  # noqa: B018 - load it now: a bad table is a usage error, before any store is written
        except (OSError, ValueError, KeyError) as exc:
            err.print(f"[red]error:[/] --kb-dir {kb_dir}: cannot load the knowledge base: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
    missing, found = _check_inputs(paths)
    for p in missing:
        err.print(f"[red]error:[/] no such file or directory: {p}")
    if not found:
        err.print("nothing to read" + (" in the given paths" if not missing else "") + ": no store was written.")
        raise typer.Exit(EXIT_NOTHING)
    quiet = quiet or STATE["verbose"] < 0
    store = _open(db)
    t0 = time.perf_counter()
    show_progress = not quiet and err.is_terminal
    phases: dict[str, float] = {}
    from haberdar.store import StoreError

    try:
        with store.writer():  # one writer per store (PostgreSQL: a second run is refused)
            total = _count_inputs(paths) if show_progress else None
            with Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=err,
                disable=not show_progress,
                transient=True,
            ) as progress:
                task = progress.add_task("1/2 read, clean, analyse", counts="starting…", total=total)

                def on_item(stats, uri: str) -> None:  # noqa: ANN001
                    if stats.read % 25 == 0 or stats.read < 25:
                        rate = stats.read / max(time.perf_counter() - t0, 1e-9)
                        progress.update(
                            task, completed=stats.read,
                            counts=f"stored {stats.stored} · duplicates {stats.duplicates} · quarantined {stats.quarantined} · {rate:.0f}/s",
                        )

                def on_stage(stage: str) -> None:
                    phases["read, clean, analyse"] = time.perf_counter() - t0
                    progress.update(task, description="2/2 corpus stages (duplicates, sources, events, flags)",
                                    total=None, counts="")

                if engine is Engine.spark:
                    from haberdar.engine.spark import get_spark, run_spark

                    session = get_spark(spark_master)
                    try:
                        stats = run_spark(paths, store, fields=field_map, max_bytes=int(max_mb * 1_000_000), on_item=on_item, spark=session, staging=staging, res=res)
                    finally:
                        session.stop()
                else:
                    from haberdar.engine.local import default_workers

                    stats = run_pipeline(
                        paths, store, fields=field_map, max_bytes=int(max_mb * 1_000_000), on_item=on_item,
                        workers=workers or default_workers(), on_stage=on_stage, res=res,
                    )
    except StoreError as exc:
        _store_error(exc)
    dt = time.perf_counter() - t0
    table = Table(title=f"haberdar run → {store.name}", show_header=False)
    for k, v in stats.as_dict().items():
        table.add_row(k, str(v))
    table.add_row("seconds", f"{dt:.1f}")
    verbose = STATE["verbose"]
    if verbose >= 1:  # -v: where the time went, and what the corpus stages did
        if "read, clean, analyse" in phases:
            first = phases["read, clean, analyse"]
            table.add_row("  read, clean, analyse", f"{first:.1f} s ({stats.read / max(first, 1e-9):.0f} inputs/s)")
            table.add_row("  corpus stages", f"{dt - first:.1f} s")
        if stats.corpus is not None:
            done = {k: v for k, v in stats.corpus.as_dict().items() if v}
            table.add_row("  corpus stages did", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in done.items()) or "nothing new")
        if res is not None:
            kb = res.kb
            table.add_row("  knowledge base", f"{len(kb.entities)} entities, {len(kb.roles)} roles (with {kb_dir})")
    table.add_row("articles in store", str(store.count()))
    for k, v in _store_summary(store).items():
        table.add_row(k, str(v))
    if not quiet:
        err.print(table)
    if verbose >= 2 and stats.quarantined:  # -vv: each quarantined input of the store, with its reason
        for n, row in enumerate(store.iter_quarantine()):
            if n == 200:
                err.print("  … (haberdar quarantine lists them all)")
                break
            err.print(f"  quarantined: {row['uri']} — {row['reason']}")
    if stats.quarantine_reasons and not quiet:
        err.print("[yellow]quarantined inputs[/] (see [bold]haberdar quarantine[/]):")
        for reason, n in sorted(stats.quarantine_reasons.items(), key=lambda kv: -kv[1]):
            err.print(f"  {n:>6}  {reason}")
    if stats.read == 0:
        err.print("[yellow]warning:[/] no input found under the given paths.")
        raise typer.Exit(EXIT_NOTHING)
    if stats.quarantined and stats.quarantined >= stats.read and stats.stored == 0 and stats.duplicates == 0:
        err.print("[red]error:[/] every input was quarantined: nothing was stored.")
        raise typer.Exit(EXIT_NOTHING)


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output (required for parquet).")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    event_type: TypeOpt = None,
    place: PlaceOpt = None,
    entity: EntityOpt = None,
    flag: FlagOpt = None,
    text: TextOpt = None,
) -> None:
    """Write events, articles or entities as JSONL, CSV or Parquet (streamed).

    Events take the API's filters (--from/--to/--type/--place/--entity/--flag/--text)."""
    from haberdar.outputs import export as ex

    flt = _event_filter(date_from, date_to, event_type, place, entity, flag, text)
    if format is Format.gdelt_csv and kind is not ExportKind.events:
        err.print("[red]error:[/] --format gdelt-csv is a table of events: use it with 'export events'")
        raise typer.Exit(EXIT_USAGE)
    if flt is not None and kind is not ExportKind.events:
        err.print("[red]error:[/] the filters select events: use them with 'export events'")
        raise typer.Exit(EXIT_USAGE)

    if format is Format.parquet and output is None:
        err.print("[red]error:[/] --format parquet writes a binary file: give it with --output FILE.parquet")
        raise typer.Exit(2)
    store = _open(db, must_exist=True, read_only=flt is None)
    if flt is not None:
        chosen = _filtered_events(store, flt)
        ex_events = ex.event_records

        def _chosen(_store: object) -> object:
            ids = {e["id"] for e in chosen}
            return (r for r in ex_events(store) if r["id"] in ids)

        ex = _Patched(ex, event_records=_chosen)  # type: ignore[assignment]
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
    try:
        out = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        err.print(f"[red]error:[/] cannot write {output}: {exc.strerror}")
        raise typer.Exit(EXIT_USAGE) from exc
    try:
        if format is Format.jsonl:
            ex.write_jsonl(records(store), out)
        elif format is Format.gdelt_csv:
            from haberdar.resources import default_resources

            ex.write_csv(ex.gdelt_rows(records(store), default_resources().kb), out, ex.GDELT_FIELDS)
        else:
            ex.write_csv(records(store), out, fields)
    finally:
        if output is not None:
            out.close()


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Show at most this many events (0: all).")] = 0,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    event_type: TypeOpt = None,
    place: PlaceOpt = None,
    entity: EntityOpt = None,
    flag: FlagOpt = None,
    text: TextOpt = None,
) -> None:
    """Events in date order: id, when, what, who with whom, where, about what, how well sourced.

    Takes the API's filters; pass an id to 'haberdar show' for the event's evidence."""
    from rich.markup import escape

    from haberdar.outputs.export import event_records
    from haberdar.outputs.timeline import date_label, ordered, who

    flt = _event_filter(date_from, date_to, event_type, place, entity, flag, text)
    store = _open(db, must_exist=True, read_only=flt is None)
    if flt is not None:
        ids = {e["id"] for e in _filtered_events(store, flt)}
        events = ordered(r for r in event_records(store) if r["id"] in ids)
    else:
        events = ordered(event_records(store))
    if limit:
        events = events[:limit]
    table = Table(title=f"haberdar timeline — {len(events)} event(s)", show_lines=True)
    for col in ("id", "date", "event", "who", "with whom", "where", "topics", "sources", "flags"):
        table.add_column(col, overflow="fold", no_wrap=col == "id")
    for ev in events:
        kind = ev["event_type"] + (f" / {ev['mode']}" if ev["mode"] else "") + (" (planned)" if ev["status"] == "planned" else "")
        table.add_row(
            ev["id"],
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

    store = _open(db, must_exist=True, read_only=True)
    art = store.get_article(article_id)
    if art is None:
        from haberdar.outputs.export import event_records

        found = [e for e in event_records(store) if e["id"].startswith(article_id)] if article_id else []
        if len(found) == 1:
            _show_event(found[0])
            return
        err.print(f"[red]error:[/] no article or event with id {article_id!r} in {db} (ids are listed by "
                  "'haberdar export articles' and 'haberdar timeline')")
        raise typer.Exit(EXIT_NOTHING)
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


def _show_event(ev: dict) -> None:
    """One event: what, when, who, where, its sources, flags and every evidence sentence."""
    from rich.markup import escape

    from haberdar.outputs.timeline import date_label, who

    out = Console()
    meta = Table(show_header=False, box=None)
    rows = {
        "event": ev["id"],
        "type": ev["event_type"] + (f" / {ev['mode']}" if ev.get("mode") else "") + f" ({ev['status']})",
        "date": f"{date_label(ev)} (precision {ev.get('date_precision')})",
        "who": who(ev["actors"]),
        "with whom": who(ev["recipients"]),
        "where": (ev.get("location") or {}).get("name") or "",
        "topics": ", ".join(ev.get("topics") or []),
        "sources": f"{ev['independent_sources']} independent, {len(ev['articles'])} article(s)",
    }
    for key, value in rows.items():
        meta.add_row(f"[bold]{key}", escape(str(value)))
    out.print(meta)
    out.rule(f"articles ({len(ev['articles'])})")
    for a in ev["articles"]:
        out.print(f"{a['id']}  {escape(str(a.get('site') or a.get('uri') or ''))}")
    out.rule(f"evidence ({len(ev.get('evidence') or [])})")
    for e in ev.get("evidence") or []:
        rules = f" [dim]rules: {escape(', '.join(e['rules']))}[/]" if e.get("rules") else ""
        out.print(f"[dim]{e.get('article')}[/] {escape(e.get('text') or '')}{rules}")
    out.rule(f"flags ({len(ev.get('flags') or [])})")
    for f in ev.get("flags") or []:
        out.print(f"[yellow]{escape(f['kind'])}[/]: {escape(str(f.get('detail') or ''))}")


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


@app.command(
    "train-events",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def train_events(ctx: typer.Context) -> None:
    """Rebuild the CONSULT models from the blind corpus (training/events): --out DIR is required."""
    from haberdar.analyse.events.train import main as train_main

    raise typer.Exit(train_main(list(ctx.args)))


@app.command("quarantine")
def quarantine_cmd(db: DbOption = DEFAULT_DB) -> None:
    """List inputs that could not be read, with the reason for each."""
    store = _open(db, must_exist=True, read_only=True)
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
    busy = _port_taken(host, port)
    if busy:
        err.print(f"[red]error:[/] cannot listen on {host}:{port}: {busy}. Stop the other server or pass --port N.")
        raise typer.Exit(EXIT_USAGE)
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


class _Patched:
    """A module seen through, with some of its names replaced."""

    def __init__(self, module: object, **names: object) -> None:
        self._module, self._names = module, names

    def __getattr__(self, name: str) -> object:
        return self._names[name] if name in self._names else getattr(self._module, name)


def _store_summary(store: object) -> dict[str, object]:
    """Events, event mentions and flags by kind in the store (for the run's summary)."""
    from sqlalchemy import distinct, func, select

    from haberdar.corpus.tables import corpus_flags, event_links
    from haberdar.store.schema import event_mentions

    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        events = conn.execute(select(func.count(distinct(event_links.c.event_id)))).scalar_one()
        mentions = conn.execute(select(func.count()).select_from(event_mentions)).scalar_one()
        flags = dict(conn.execute(select(corpus_flags.c.kind, func.count()).group_by(corpus_flags.c.kind)).all())
    out: dict[str, object] = {"events in store": events, "event mentions": mentions}
    if flags:
        out["flags"] = ", ".join(f"{k} {n}" for k, n in sorted(flags.items(), key=lambda kv: -kv[1]))
    return out


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, not allowed), or None when it can."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _count_inputs(paths: list[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (a line per JSONL record,
    one per text or HTML file); None for standard input, feeds, archives and JSON arrays."""
    import glob

    total = 0
    for p in paths:
        if p == "-" or "://" in p:
            return None
        for m in glob.glob(p, recursive=True) if any(c in p for c in "*?[") else [p]:
            mp = Path(m)
            files = [f for f in mp.rglob("*") if f.is_file()] if mp.is_dir() else [mp]
            for f in files:
                suffix = f.suffix.lower()
                if suffix == ".jsonl":
                    with f.open("rb") as fh:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                elif suffix in (".txt", ".html", ".htm", ".md"):
                    total += 1
                else:
                    return None
    return total


def _check_inputs(paths: list[str]) -> tuple[list[str], bool]:
    """(paths that do not exist, whether any file at all is there to read)."""
    import glob

    missing: list[str] = []
    found = False
    for p in paths:
        if p == "-" or "://" in p:
            found = True
            continue
        matches = glob.glob(p, recursive=True) if any(c in p for c in "*?[") else ([p] if Path(p).exists() else [])
        if not matches:
            missing.append(p)
            continue
        for m in matches:
            mp = Path(m)
            if mp.is_file() or (mp.is_dir() and any(f.is_file() for f in mp.rglob("*"))):
                found = True
                break
    return missing, found


def _database_error(exc: Exception) -> NoReturn:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "malformed" in msg or "not a database" in msg:
        err.print(f"[red]error:[/] the store cannot be read ({msg}): it is damaged. Nothing was written "
                  "to it; restore it from a copy, or run into a new --db.")
    elif "readonly" in msg or "unable to open" in msg:
        err.print(f"[red]error:[/] the store cannot be opened for writing ({msg}): check the file's and its "
                  "folder's permissions, or copy it somewhere writable.")
    else:
        err.print(f"[red]error:[/] the store failed: {msg}")
    raise SystemExit(EXIT_USAGE)


class _PlainArgument(TyperArgument):
    """An argument shown as click and argparse show one: ``PATHS...``, not ``{paths}...``."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name says it; no ``<list[str]>`` beside it


class _PlainOption(TyperOption):
    """An option whose value is shown as ``TEXT``, ``INTEGER RANGE`` or ``[local|spark]``
    (click's metavars), and a flag with no value shown at all (not ``<bool>``)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        shown = super().display_type_rich(ctx)
        if shown is None or self.metavar is not None or not shown.startswith("<"):
            return shown
        label = shown[1:].split(">", 1)[0]
        if "|" in label and " " not in label:
            return f"[{label}]"  # a choice, as click shows one
        words = label.split(" ", 1)
        words[0] = _METAVARS.get(words[0], words[0].upper())
        return " ".join(w.upper() for w in words) + shown.split(">", 1)[1]


_METAVARS = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN", "datetime": "DATETIME"}


def _plain_help(command: Any) -> Any:
    """Give every parameter of ``command`` (a click command built by Typer) and of its
    subcommands conventional help placeholders; the help option, made on first use, too."""
    made = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if type(option) is TyperOption:
            option.__class__ = _PlainOption
        return option

    setattr(command, "get_help_option", help_option)  # noqa: B010 - an instance's method
    for param in command.params:
        if isinstance(param, TyperArgument):
            param.__class__ = _PlainArgument
            if param.metavar is None:
                param.metavar = (param.name or "arg").upper() + ("..." if param.nargs != 1 else "")
        elif isinstance(param, TyperOption):
            param.__class__ = _PlainOption
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)
    return command


def cli_command() -> Any:
    """The click command behind ``haberdar``, with conventional help placeholders."""
    return _plain_help(typer.main.get_command(app))


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        cli_command()(prog_name="haberdar")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:
        if debug:
            raise
        from sqlalchemy.exc import DatabaseError

        if isinstance(exc, DatabaseError):
            _database_error(exc)
        if isinstance(exc, OSError) and exc.filename:
            err.print(f"[red]error:[/] {exc.strerror}: {exc.filename}")
            raise SystemExit(EXIT_USAGE) from None
        err.print(f"[red]error:[/] {type(exc).__name__}: {exc} (an internal error: run again with --debug "
                  "for the traceback, and report it)")
        raise SystemExit(EXIT_INTERNAL) from None


if __name__ == "__main__":
    main()
