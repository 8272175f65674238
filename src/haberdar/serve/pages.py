"""HTML pages: timeline, event, entity, article, search, ingest (Jinja2, autoescape on).

Article text never goes through ``|safe``: the only Markup built here comes from
:func:`highlight` and :func:`marked`, which escape every piece of text and add ``<mark>``
around the middle, and from the chart functions, which escape their labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy import select
from starlette.templating import Jinja2Templates

from haberdar.outputs.timeline import date_label, who
from haberdar.serve import api, charts
from haberdar.serve import queries as qs
from haberdar.serve.ingest import IngestError
from haberdar.store.schema import articles, raw_inputs

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).resolve().parent

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template, whatever its name
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def highlight(body: str | None, start: Any, end: Any, text: str | None, *, context: int = 160) -> Markup:
    """The evidence sentence in its context: escaped text before, ``<mark>``escaped sentence
    ``</mark>``, escaped text after."""
    body = body or ""
    ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body) and (not text or body[start:end] == text)
    if not ok:
        at = body.find(text) if text else -1
        if at < 0:
            return Markup("<mark>{}</mark>").format(text or "")
        start, end = at, at + len(text or "")
    a = max(0, start - context)
    b = min(len(body), end + context)
    if a:
        sp = body.find(" ", a)
        a = sp + 1 if 0 <= sp < start else a
    if b < len(body):
        sp = body.rfind(" ", end, b)
        b = sp if sp > end else b
    return Markup("{}{}<mark>{}</mark>{}{}").format("…" if a else "", body[a:start], body[start:end], body[end:b], "…" if b < len(body) else "")


def marked(text: str, spans: list[list[int]]) -> Markup:
    """``text`` with the given [start, end] spans wrapped in ``<mark>``, every piece escaped."""
    out = Markup("")
    pos = 0
    for s, e in sorted(spans):
        if s < pos or e > len(text):
            continue
        out += Markup("{}<mark>{}</mark>").format(text[pos:s], text[s:e])
        pos = e
    return out + Markup("{}").format(text[pos:])


FLAG_CLASS = {
    "name_conflict": "bad",
    "kb_conflict": "bad",
    "date_conflict": "bad",
    "location_conflict": "bad",
    "duplicate": "info",
    "near_duplicate": "info",
    "syndicated_copy": "info",
}

_env.filters["who"] = who
_env.globals.update(
    highlight=highlight,
    marked=marked,
    date_label=date_label,
    flag_class=lambda kind: FLAG_CLASS.get(kind, "warn"),
    month_chart=charts.month_chart,
    bar_chart=charts.bar_chart_h,
    roles_chart=charts.roles_chart,
    flag_kinds=qs.FLAG_KINDS,
    place_rows=lambda places: [(p["place"], p["events"]) for p in places],
)
templates = Jinja2Templates(env=_env)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _pager(request: Request, limit: int, offset: int, total: int) -> dict[str, Any]:
    def at(off: int) -> str:
        url = request.url.include_query_params(offset=max(0, off), limit=limit)
        return f"{url.path}?{url.query}"

    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(total, offset + limit),
        "prev": at(offset - limit) if offset > 0 else None,
        "next": at(offset + limit) if offset + limit < total else None,
    }


@router.get("/", response_class=HTMLResponse)
def timeline(
    request: Request,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=24)] = None,  # noqa: A002
    place: Annotated[str | None, Query(max_length=200)] = None,
    flag: Annotated[str | None, Query(max_length=32)] = None,
    text: Annotated[str | None, Query(max_length=500)] = None,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    limit: api.Limit = 50,
    offset: api.Offset = 0,
) -> HTMLResponse:
    svc = request.app.state.service
    params = {"from": date_from or "", "to": date_to or "", "entity": entity or "", "type": type or "", "place": place or "", "flag": flag or "", "text": text or "", "order": order}
    flt = api.event_filter(date_from or None, date_to or None, entity or None, type or None, place or None, flag or None, text or None, order)
    p = qs.list_events(svc, flt, limit=limit, offset=offset)
    entity_name = None
    if entity:
        with svc.engine.connect() as conn:
            from haberdar.store.schema import entities

            entity_name = conn.execute(select(entities.c.name).where(entities.c.id == entity)).scalar()
    return render(
        request,
        "timeline.html",
        events=p.items,
        pager=_pager(request, limit, offset, p.total),
        params=params,
        charts=qs.event_charts(svc),
        entity_name=entity_name,
        filtered=any(v for k, v in params.items() if k != "order"),
    )


def _bodies(svc: qs.Service, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    with svc.engine.connect() as conn:
        rows = conn.execute(select(articles.c.id, articles.c.title, articles.c.body, articles.c.published_at, articles.c.date_precision).where(articles.c.id.in_(ids))).mappings()
        return {r["id"]: dict(r) for r in rows}


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    svc = request.app.state.service
    ev = qs.get_event(svc, event_id)
    bodies = _bodies(svc, sorted({a["id"] for a in ev["articles"]} | {e.get("article") for f in ev["flag_evidence"] for e in f["evidence"] if e.get("article")}))
    evidence_by_article: dict[str, list[dict[str, Any]]] = {}
    for e in ev["evidence"]:
        evidence_by_article.setdefault(e["article"], []).append(e)
    return render(request, "event.html", ev=ev, bodies=bodies, evidence_by_article=evidence_by_article)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC|TITLE)?$")] = None,  # noqa: A002
    limit: api.Limit = 50,
    offset: api.Offset = 0,
) -> HTMLResponse:
    p = qs.list_entities(request.app.state.service, q=q, entity_type=type or None, sort="mentions", limit=limit, offset=offset)
    return render(request, "entities.html", items=p.items, pager=_pager(request, limit, offset, p.total), q=q or "", type=type or "")


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    ent = qs.get_entity(request.app.state.service, entity_id)
    return render(request, "entity.html", ent=ent)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    site: Annotated[str | None, Query(max_length=500)] = None,
    origin: Annotated[str | None, Query(max_length=500)] = None,
    flag: Annotated[str | None, Query(max_length=32)] = None,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    limit: api.Limit = 50,
    offset: api.Offset = 0,
) -> HTMLResponse:
    p = qs.list_articles(request.app.state.service, site=site or None, origin=origin or None, flag=qs.check_flag(flag or None), order=order, limit=limit, offset=offset)
    return render(request, "articles.html", items=p.items, pager=_pager(request, limit, offset, p.total), params={"site": site or "", "origin": origin or "", "flag": flag or ""})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    svc = request.app.state.service
    art = qs.get_article(svc, article_id)
    with svc.engine.connect() as conn:
        raw = conn.execute(select(raw_inputs.c.raw, raw_inputs.c.encoding).where(raw_inputs.c.article_id == article_id)).first()
    lines = qs.original_lines(art, bytes(raw[0]) if raw else None, raw[1] if raw else None)
    entity_ids = sorted({m["entity_id"] for m in art["mentions"] if m["entity_id"]})
    known: set[str] = set()
    if entity_ids:
        from haberdar.store.schema import entities

        with svc.engine.connect() as conn:
            known = {r[0] for r in conn.execute(select(entities.c.id).where(entities.c.id.in_(entity_ids)))}
    forms: dict[tuple[str, str, str | None], list[str]] = {}
    for m in art["mentions"]:
        f = forms.setdefault((m["label"], m["canonical"], m["entity_id"] if m["entity_id"] in known else None), [])
        if m["surface"] not in f:
            f.append(m["surface"])
    return render(request, "article.html", art=art, lines=lines, forms=forms)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    limit: api.Limit = 20,
    offset: api.Offset = 0,
) -> HTMLResponse:
    res = None
    pager = None
    if q and q.strip():
        query = qs.parse_search(q)
        if query is not None:
            res = qs.search(request.app.state.service, query, limit=limit, offset=offset)
            pager = _pager(request, limit, offset, res["total"])
    return render(request, "search.html", q=q or "", res=res, pager=pager)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    ing = request.app.state.ingester
    return render(request, "ingest.html", result=None, error=None, max_mb=ing.max_bytes / 1_000_000)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
    format: Annotated[str | None, Form()] = None,  # noqa: A002
) -> HTMLResponse:
    ing = request.app.state.ingester
    try:
        has_file = file is not None and bool(file.filename)
        if has_file and text and text.strip():
            raise IngestError("send either a file or text, not both")
        if has_file:
            assert file is not None
            data = await file.read(ing.max_bytes + 1)
            name = file.filename
        elif text and text.strip():
            data, name = text.encode("utf-8"), None
        else:
            raise IngestError("nothing to ingest: choose a file or paste some text")
        result = await run_in_threadpool(ing.ingest, data, name=name, fmt=format or None)
    except IngestError as exc:
        return render(request, "ingest.html", status=exc.status, result=None, error=str(exc), max_mb=ing.max_bytes / 1_000_000)
    return render(request, "ingest.html", result=result, error=None, max_mb=ing.max_bytes / 1_000_000)
