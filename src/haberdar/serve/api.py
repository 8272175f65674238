"""The JSON API (DESIGN.md "Command and export contract"): ``/api/events``, ``/api/events/{id}``,
``/api/entities``, ``/api/entities/{id}``, ``/api/articles``, ``/api/articles/{id}``,
``/api/search?q=``, ``/api/stats``, ``POST /api/ingest``.

Lists answer ``{"items": [...], "total": N, "next": URL|null, "limit": L, "offset": O}``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from haberdar.serve import models
from haberdar.serve import queries as qs
from haberdar.serve.ingest import IngestError

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
DateFrom = Annotated[str | None, Query(alias="from", max_length=10, pattern=DATE_PATTERN, description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")]
DateTo = Annotated[str | None, Query(alias="to", max_length=10, pattern=DATE_PATTERN, description="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Order = Annotated[Literal["asc", "desc"], Query(description="Date order (events) or insertion order (articles).")]
Text = Annotated[str | None, Query(max_length=500)]
FlagKind = Literal[
    "duplicate",
    "near_duplicate",
    "syndicated_copy",
    "undated",
    "unattributed",
    "low_specificity",
    "name_conflict",
    "date_conflict",
    "location_conflict",
    "kb_conflict",
    "analysis_failed",
]
Id = Annotated[str | None, Query(max_length=200)]

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Error, "description": "Unknown id."},
    422: {"model": models.Error, "description": "A bad parameter; `detail` says which and why."},
}


def _next(request: Request, limit: int, offset: int, total: int) -> str | None:
    if offset + limit >= total:
        return None
    url = request.url.include_query_params(offset=offset + limit, limit=limit)
    return f"{url.path}?{url.query}"


def page(request: Request, p: qs.Page, limit: int, offset: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"items": p.items, "total": p.total, "next": _next(request, limit, offset, p.total), "limit": limit, "offset": offset, **extra})


def event_filter(
    date_from: str | None,
    date_to: str | None,
    entity: str | None,
    type: str | None,  # noqa: A002 - the parameter's public name
    place: str | None,
    flag: str | None,
    text: str | None,
    order: str,
) -> qs.EventFilter:
    day_from = qs.parse_day(date_from, "from")
    day_to = qs.parse_day(date_to, "to", end=True)
    qs.check_range(day_from, day_to)
    return qs.EventFilter(
        day_from=day_from,
        day_to=day_to,
        entity=entity or None,
        event_type=qs.check_type(type),
        place=place.strip() or None if place else None,
        flag=qs.check_flag(flag),
        text=qs.parse_search(text, "text"),
        order=order,
    )


@router.get("/events", response_model=None, responses={200: {"model": models.EventPage}, **ERRORS})
def list_events(
    request: Request,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Annotated[str | None, Query(max_length=200, description="Entity id of a participant (see /api/entities).")] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Z_]{2,24}$", description="PLOVER event type, e.g. CONSULT.")] = None,  # noqa: A002
    place: Annotated[str | None, Query(max_length=200, description="Place name (suffixes and case ignored).")] = None,
    flag: Annotated[FlagKind | None, Query(description="Flag kind, e.g. name_conflict.")] = None,
    text: Annotated[str | None, Query(max_length=500, description="Words the reporting articles contain.")] = None,
    order: Order = "asc",
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    """Events (one per real-world happening, across articles) in date order; undated last."""
    flt = event_filter(date_from, date_to, entity, type, place, flag, text, order)
    p = qs.list_events(request.app.state.service, flt, limit=limit, offset=offset)
    return page(request, p, limit, offset)


@router.get("/events/{event_id}", response_model=None, responses={200: {"model": models.EventDetail}, **ERRORS})
def get_event(request: Request, event_id: str) -> JSONResponse:
    """One event: the export record, plus ``flag_evidence`` (each flag with its sentences)."""
    return JSONResponse(qs.get_event(request.app.state.service, event_id))


@router.get("/entities", response_model=None, responses={200: {"model": models.EntityPage}, **ERRORS})
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias.")] = None,
    type: Annotated[Literal["PER", "ORG", "LOC", "TITLE"] | None, Query(description="Entity type.")] = None,  # noqa: A002
    sort: Annotated[Literal["mentions", "name"], Query(description="Most mentioned first, or by name.")] = "mentions",
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    """Entities mentioned in the stored articles, with their roles and mention counts."""
    p = qs.list_entities(request.app.state.service, q=q, entity_type=type, sort=sort, limit=limit, offset=offset)
    return page(request, p, limit, offset)


@router.get("/entities/{entity_id}", response_model=None, responses={200: {"model": models.EntityDetail}, **ERRORS})
def get_entity(request: Request, entity_id: str) -> JSONResponse:
    """One entity: roles over time, titles found in articles, forms, events, recent articles."""
    return JSONResponse(qs.get_entity(request.app.state.service, entity_id))


@router.get("/articles", response_model=None, responses={200: {"model": models.ArticlePage}, **ERRORS})
def list_articles(
    request: Request,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    site: Text = None,
    origin: Text = None,
    entity: Id = None,
    flag: Annotated[FlagKind | None, Query(description="Flag kind, e.g. syndicated_copy.")] = None,
    q: Annotated[str | None, Query(max_length=500, description="Words the article contains.")] = None,
    order: Order = "asc",
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    """Articles in the order they were stored (export fields without the body, plus a snippet)."""
    day_from = qs.parse_day(date_from, "from")
    day_to = qs.parse_day(date_to, "to", end=True)
    qs.check_range(day_from, day_to)
    p = qs.list_articles(
        request.app.state.service,
        day_from=day_from,
        day_to=day_to,
        site=site,
        origin=origin,
        entity=entity,
        flag=qs.check_flag(flag),
        query=qs.parse_search(q),
        order=order,
        limit=limit,
        offset=offset,
    )
    return page(request, p, limit, offset)


@router.get("/articles/{article_id}", response_model=None, responses={200: {"model": models.ArticleDetail}, **ERRORS})
def get_article(request: Request, article_id: str) -> JSONResponse:
    """One article: export fields, removed lines with reasons, mentions, events, flags, raw input."""
    return JSONResponse(qs.get_article(request.app.state.service, article_id))


@router.get("/search", response_model=None, responses={200: {"model": models.SearchPage}, **ERRORS})
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description='Words (all required), "a phrase", prefix*. Case, Turkish letters and suffixes after an apostrophe are ignored: "Kalın’ın" finds "Kalın".')],
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    """Full-text search over articles (best matches first), and entities whose names match."""
    query = qs.parse_search(q)
    if query is None:
        raise qs.BadRequest("q: the query is empty")
    res = qs.search(request.app.state.service, query, limit=limit, offset=offset)
    return page(request, qs.Page(res["items"], res["total"]), limit, offset, entities=res["entities"], query=q)


@router.get("/stats", response_model=models.Stats)
def stats(request: Request) -> JSONResponse:
    """Counts, article flags by kind, events by month and the places with most events."""
    return JSONResponse(qs.stats(request.app.state.service))


@router.post(
    "/ingest",
    response_model=None,
    responses={200: {"model": models.IngestResult}, 400: {"model": models.Error}, 403: {"model": models.Error}, 413: {"model": models.Error}, 422: {"model": models.Error}, 503: {"model": models.Error}},
)
async def ingest(
    request: Request,
    file: Annotated[UploadFile | None, File(description="A .txt, .html or .jsonl file.")] = None,
    text: Annotated[str | None, Form(description="Article text, when no file is sent.")] = None,
    format: Annotated[Literal["txt", "html", "jsonl"] | None, Form(description="How to read the input; guessed from the name and content when omitted.")] = None,  # noqa: A002
) -> JSONResponse:
    """Run text, HTML or JSONL through the same pipeline as ``haberdar run`` and store it."""
    ingester = request.app.state.ingester
    try:
        if file is not None and text:
            raise IngestError("send either a file or text, not both")
        if file is not None:
            data = await file.read(ingester.max_bytes + 1)
            name = file.filename
        elif text is not None:
            data = text.encode("utf-8")
            name = None
        else:
            raise IngestError("nothing to ingest: send a file (field 'file') or text (field 'text')")
        result = await run_in_threadpool(ingester.ingest, data, name=name, fmt=format)
    except IngestError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    return JSONResponse(result)
