"""The web app: JSON API under ``/api/`` and HTML pages, over one store.

    from haberdar.serve import create_app
    app = create_app("haberdar.db")          # then: uvicorn, or fastapi.testclient.TestClient(app)

``haberdar serve`` runs it with uvicorn on 127.0.0.1. Article text is untrusted input: pages
are Jinja2 templates with autoescape on, highlights are built from escaped pieces, and every
response carries a Content-Security-Policy that allows no inline script.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from haberdar.serve.ingest import Ingester
from haberdar.serve.queries import BadRequest, NotFound, Service
from haberdar.store import Store, open_store

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "app_from_env", "create_app"]

log = logging.getLogger("haberdar.serve")

DEFAULT_MAX_UPLOAD_BYTES = 10_000_000
HERE = Path(__file__).resolve().parent
INGEST_PATHS = ("/api/ingest", "/ingest")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class _TooLarge(Exception):
    pass


class LimitsMiddleware:
    """Refuses request bodies over the upload limit (413) before they are parsed or spooled,
    cross-site posts to the ingest endpoints (403), and adds security headers."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        if scope["method"] == "POST" and scope["path"] in INGEST_PATHS:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            origin = headers.get("origin")
            host = headers.get("host", "")
            if origin and origin != "null" and origin.split("://", 1)[-1] != host:
                await _json(send_wrapper, 403, f"cross-site upload refused (Origin {origin} is not this server)")
                return
            # a multipart envelope adds a little to the file itself
            limit = self.max_body + 64 * 1024
            length = headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > limit:
                await _json(send_wrapper, 413, f"the upload is {int(length):,} bytes, over the limit of {self.max_body:,}")
                return
            seen = 0

            async def limited_receive() -> Message:
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit:
                        raise _TooLarge
                return message

            try:
                await self.app(scope, limited_receive, send_wrapper)
            except _TooLarge:
                if not started:
                    await _json(send_wrapper, 413, f"the upload is over the limit of {self.max_body:,} bytes")
            return
        await self.app(scope, receive, send_wrapper)


async def _json(send: Send, status: int, detail: str) -> None:
    import json

    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(
    db: str | Path | Store,
    *,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    uploads_dir: str | Path | None = None,
) -> FastAPI:
    """The FastAPI app over the store ``db`` (a path, a SQLAlchemy URL, or an open Store)."""
    from haberdar.serve import api, pages

    store = db if isinstance(db, Store) else open_store(db)
    service = Service(store)
    prepared = service.prepare()
    if prepared["search_indexed"] or prepared["events_indexed"]:
        log.info("indexes brought up to date: %s", prepared)
    if uploads_dir is None:
        if isinstance(db, (str, Path)) and "://" not in str(db):
            p = Path(db)
            uploads_dir = p.with_name(p.name + ".uploads")
        else:
            uploads_dir = Path("haberdar-uploads")
    ingester = Ingester(service, Path(uploads_dir), max_upload_bytes)

    app = FastAPI(
        # the spec is at /openapi.json; Swagger UI and ReDoc would load scripts from a CDN
        docs_url=None,
        redoc_url=None,
        title="haberdar",
        summary="Turkish news turned into verified event records: events, entities, articles, search.",
        version="0.1.0",
        description=(
            "List responses are `{\"items\": [...], \"total\": N, \"next\": URL|null}`; `limit` (1–500, "
            "default 50) and `offset` page them. Errors answer 4xx with `{\"detail\": \"...\"}`. "
            "Event records are those of `haberdar export events`."
        ),
    )
    app.state.service = service
    app.state.ingester = ingester
    app.add_middleware(LimitsMiddleware, max_body=max_upload_bytes)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = exc.errors()
        msg = _validation_message(list(errors))
        if request.url.path.startswith("/api"):
            simple = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg"))} for e in errors]
            return JSONResponse({"detail": msg, "errors": simple}, status_code=422)
        return pages.error_page(request, 422, msg)

    @app.exception_handler(BadRequest)
    async def _bad(request: Request, exc: BadRequest) -> Any:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return pages.error_page(request, 422, str(exc))

    @app.exception_handler(NotFound)
    async def _missing(request: Request, exc: NotFound) -> Any:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return pages.error_page(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if request.url.path.startswith(("/api", "/static")) or exc.status_code == 405:
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, detail)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def app_from_env() -> FastAPI:
    """The app of one server worker process (``haberdar serve --workers N``): the store and
    limits come from the environment the ``serve`` command sets for its workers."""
    import os

    return create_app(
        os.environ["HABERDAR_SERVE_DB"],
        max_upload_bytes=int(os.environ.get("HABERDAR_SERVE_MAX_UPLOAD", DEFAULT_MAX_UPLOAD_BYTES)),
        uploads_dir=os.environ.get("HABERDAR_SERVE_UPLOADS") or None,
    )
