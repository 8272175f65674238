from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    if CORPUS.exists():
        return
    skip = pytest.mark.skip(reason=f"needs the shared corpus at {CORPUS}")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def res():
    from haberdar.resources import default_resources

    return default_resources()


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# --- store back ends: SQLite always; PostgreSQL when HABERDAR_TEST_POSTGRES holds a URL ----------
#
# Tests that take the ``backend`` (or ``api_backend``) fixture run once per back end. The PostgreSQL
# runs skip without HABERDAR_TEST_POSTGRES, except under CI=true, where they fail: CI must test
# both. Every PostgreSQL store is a fresh database on that server, dropped after the test.

PG_ENV = "HABERDAR_TEST_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]


class PgServer:
    """The test server: makes (and drops) one database per store."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.created: list[str] = []

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (a copy of ``template``'s database when given); returns its URL."""
        import uuid

        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        name = f"haberdar_test_{uuid.uuid4().hex[:12]}"
        tmpl = f' TEMPLATE "{make_url(template).database}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{tmpl}'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        from haberdar.store.sql import drop_pg_database

        name = make_url(url).database
        try:
            drop_pg_database(self.admin, name)
        except Exception as exc:  # noqa: BLE001 - cleanup: a database left behind must not fail a test
            import warnings

            warnings.warn(f"test database {name} could not be dropped: {exc}", stacklevel=2)
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in list(self.created):
            self.drop(self.url.set(database=name).render_as_string(hide_password=False))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server():
    import os

    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL back end must be tested in CI (see .ci/run)")
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://USER:PASSWORD@HOST/DATABASE")
    server = PgServer(url)
    try:
        from sqlalchemy import text

        with server.admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is reported as such
        pytest.fail(f"{PG_ENV} is set but the server cannot be reached: {exc}")
    yield server
    server.drop_all()


def _new_store_factory(request, backend: str, folder: Path):  # noqa: ANN001, ANN202
    if backend == "postgresql":
        server: PgServer = request.getfixturevalue("pg_server")
        made: list[str] = []

        def new_pg(name: str = "h", template: str | None = None) -> str:
            made.append(server.new_database(template))
            return made[-1]

        request.addfinalizer(lambda: [server.drop(u) for u in made])
        return new_pg

    def new_sqlite(name: str = "h", template: str | None = None) -> str:
        dest = folder / f"{name}.db"
        if template:
            import sqlite3

            src, dst = sqlite3.connect(template), sqlite3.connect(dest)
            src.backup(dst)
            src.close()
            dst.close()
        return str(dest)

    return new_sqlite


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:  # noqa: ANN001
    return request.param


@pytest.fixture()
def new_db(request, backend, tmp_path):  # noqa: ANN001, ANN201
    """``new_db(name="h", template=None)``: a fresh store location of the back end (a SQLite path
    or a PostgreSQL URL), empty or a copy of ``template``."""
    return _new_store_factory(request, backend, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def api_backend(request) -> str:  # noqa: ANN001
    return request.param


@pytest.fixture(scope="module")
def module_new_db(request, api_backend, tmp_path_factory):  # noqa: ANN001, ANN201
    """As ``new_db``, for module-scoped fixtures (stores live until the module ends)."""
    return _new_store_factory(request, api_backend, tmp_path_factory.mktemp(api_backend))


def sql_rows(db: str | Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` run on the store ``db`` (a SQLite path or a PostgreSQL URL)."""
    db = str(db)
    if "://" not in db:
        import sqlite3

        con = sqlite3.connect(db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    engine = create_engine(make_url(db).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()
