"""Web UI and HTTP API (``haberdar serve``): see :mod:`haberdar.serve.app`."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - re-export without importing FastAPI eagerly
    from haberdar.serve.app import create_app as _create

    return _create(*args, **kwargs)
