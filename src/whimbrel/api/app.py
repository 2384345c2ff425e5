"""The `whimbrel serve` application: the REST API (api/routes.py) and the dashboard (whimbrel/web/).

`create_app(db)` opens the store read-only, or read-write with `allow_review=True` (DuckDB then
locks the file for this process). The dashboard pages are HTML files with two placeholders, filled
per request: whether reviews are allowed and the per-run review token, which every POST to
/api/reviews must echo in the `X-Whimbrel-Token` header (a page from another site cannot read it).
"""
from __future__ import annotations

import contextlib
import secrets
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from whimbrel.store import Store

MAX_BODY = 16 * 1024  # bytes of a request body; a review is a few hundred
# route -> page name: the page's script is web/static/<name>.js, run inside web/page.html
PAGES = {"/": "events", "/document": "document", "/timeline": "timeline", "/network": "network",
         "/negotiation": "negotiation", "/review": "review"}
# the dashboard runs only its own files: no inline script, nothing from another origin
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(db: str | Path, allow_review: bool = False, token: str | None = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the store at `db`. `allowed_hosts` (Host header values) guards a loopback
    server against DNS rebinding; None accepts any host."""
    from whimbrel.api.routes import router

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.store.close()

    app = FastAPI(title="whimbrel", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="PLOVER events with modality, speakers and evidence, read from a whimbrel store.")
    app.state.store = Store(db, read_only=not allow_review)
    app.state.allow_review = allow_review
    app.state.token = token or secrets.token_urlsafe(24)
    app.include_router(router)
    web = resources.files("whimbrel") / "web"
    app.mount("/static", StaticFiles(directory=str(web / "static")), name="static")
    _add_pages(app, (web / "page.html").read_text(encoding="utf-8"))
    _add_docs(app)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def no_sniff(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app


def _add_pages(app: FastAPI, template: str) -> None:
    def page(request: Request) -> HTMLResponse:
        html = template.replace("__WHIMBREL_PAGE__", PAGES[request.url.path])
        html = html.replace("__WHIMBREL_REVIEW__", "1" if app.state.allow_review else "0")
        html = html.replace("__WHIMBREL_TOKEN__", app.state.token if app.state.allow_review else "")
        return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"})

    for route in PAGES:
        app.add_api_route(route, page, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)


def _add_docs(app: FastAPI) -> None:
    """/docs from the Swagger UI files of the swagger-ui-bundle package, not from a CDN."""
    import swagger_ui_bundle

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")

    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="whimbrel API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)


class BodyLimit:
    """413 for a request body over `max_bytes`, counted as it arrives; 411 for a POST that does
    not say its length (so nothing unbounded is read)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        status = None
        if length is None:
            status = 411
        elif not length.isdigit() or int(length) > self.max_bytes:
            status = 413
        if status:
            await _plain(send, status, b"request body missing its length or over the limit")
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, "request body over the limit")
            return message

        await self.app(scope, counted, send)


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
