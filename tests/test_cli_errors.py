"""Every user mistake and environmental failure: one clear line and an exit code, no traceback.

Driven through the installed ``haberdar`` entry point (the console script next to this Python).
Exit codes (README): 0 done, 1 nothing to do or every input bad, 2 usage error or a store, file
or port that cannot be used, 3 internal error.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

EXE = Path(sys.executable).with_name("haberdar")


def haberdar(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def no_traceback(p: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout, p.stderr[-2000:]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("errs") / "seeds.db"
    assert haberdar("-q", "run", str(SEEDS), "--db", str(db)).returncode == 0
    return db


def test_version_and_short_help() -> None:
    p = haberdar("--version")
    assert p.returncode == 0 and p.stdout.startswith("haberdar ")
    h = haberdar("-h")
    assert h.returncode == 0 and "Exit codes" in h.stdout and "run" in h.stdout


def test_help_shows_conventional_placeholders() -> None:
    """Flags show no value, values show click's TEXT/INTEGER/[a|b], arguments PATHS...; not
    Typer's ``<bool>``, ``<str>``, ``<list[str]>`` or ``{paths}``."""
    commands = [[], ["run"], ["export"], ["timeline"], ["show"], ["serve"], ["quarantine"], ["db", "status"]]
    for command in commands:
        p = haberdar(*command, "-h")
        assert p.returncode == 0, (command, p.stderr)
        for placeholder in ("<bool>", "<str>", "<int", "<float", "<list", "{"):
            assert placeholder not in p.stdout, (command, placeholder, p.stdout)
    run = haberdar("run", "-h").stdout
    assert "PATHS..." in run and "[local|spark]" in run and "INTEGER RANGE" in run


def test_kb_dir_must_be_a_directory_and_loads_its_tables(tmp_path: Path) -> None:
    p = haberdar("run", str(SEEDS), "--db", str(tmp_path / "x.db"), "--kb-dir", str(tmp_path / "no"))
    assert p.returncode == 2 and "--kb-dir" in p.stderr and not (tmp_path / "x.db").exists()
    no_traceback(p)
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "extra.yaml").write_text(
        "entities:\n  - id: kb:test-person\n    name: Deneme Kişisi\n    type: PER\n", encoding="utf-8"
    )
    p = haberdar("-q", "run", str(SEEDS), "--db", str(tmp_path / "k.db"), "--kb-dir", str(kb))
    assert p.returncode == 0, p.stderr
    no_traceback(p)


def test_a_missing_path_is_an_error_and_writes_no_store(tmp_path: Path) -> None:
    p = haberdar("run", str(tmp_path / "no" / "such.jsonl"), "--db", str(tmp_path / "x.db"))
    assert p.returncode == 1 and "no such file or directory" in p.stderr
    assert not (tmp_path / "x.db").exists()
    no_traceback(p)


def test_an_empty_directory_is_nothing_to_do(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    p = haberdar("run", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"))
    assert p.returncode == 1 and "nothing to read" in p.stderr
    assert not (tmp_path / "x.db").exists()


def test_every_input_bad_exits_1_with_the_reasons(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    p = haberdar("run", str(tmp_path / "bin.txt"), "--db", str(tmp_path / "x.db"))
    assert p.returncode == 1 and "binary" in p.stderr and "every input was quarantined" in p.stderr


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    p = haberdar("run", str(SEEDS), "--max-mb", "-1", "--db", str(tmp_path / "x.db"))
    assert p.returncode == 2 and "--max-mb" in p.stderr and "max-byte" not in p.stderr
    p = haberdar("run", str(SEEDS), "--spark-master", "local[2]", "--db", str(tmp_path / "x.db"))
    assert p.returncode == 2 and "--engine spark" in p.stderr
    assert not (tmp_path / "x.db").exists()


def test_spark_engine_without_pyspark_names_the_extra(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['pyspark'] = None; sys.argv = ['haberdar'] + sys.argv[1:]; "
            "from haberdar.cli import main; main()")
    p = subprocess.run([sys.executable, "-c", code, "run", str(SEEDS), "--engine", "spark", "--db",
                        str(tmp_path / "x.db")], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "haberdar[spark]" in p.stderr
    assert not (tmp_path / "x.db").exists()
    no_traceback(p)


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_store_is_named_and_left_untouched(store: Path, tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "bad.db"
    data = bytearray(store.read_bytes())
    if damage == "header":
        data[:100] = b"x" * 100
    else:
        third = len(data) // 3
        data[third : 2 * third] = b"\xab" * third
    bad.write_bytes(bytes(data))
    for cmd in (["timeline"], ["export", "events"], ["show", "abc"]):
        p = haberdar(*cmd, "--db", str(bad))
        assert p.returncode == 2, (cmd, p.stderr)
        assert "damaged" in p.stderr and len(p.stderr.strip().splitlines()) <= 3, p.stderr
        no_traceback(p)
    assert bad.read_bytes() == bytes(data)


def test_export_to_a_place_that_cannot_be_written(store: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    p = haberdar("export", "events", "--db", str(store), "-o", str(tmp_path / "file" / "out.jsonl"))
    assert p.returncode == 2 and "cannot write" in p.stderr
    no_traceback(p)


def test_serve_on_a_busy_port_fails_before_saying_ready(store: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        p = haberdar("serve", "--db", str(store), "--port", str(port))
    assert p.returncode == 2 and "cannot listen" in p.stderr and "serving" not in p.stderr
    no_traceback(p)


def test_train_ner_without_arguments_refuses_to_overwrite_the_packaged_model() -> None:
    p = haberdar("train-ner")
    assert p.returncode == 2 and "--replace-packaged" in p.stderr
    no_traceback(p)


@pytest.mark.skipif(not (Path("/usr/bin/setpriv").exists() and __import__("os").geteuid() == 0),
                    reason="drops to an unprivileged user with setpriv (root only)")
def test_a_read_only_store_can_still_be_read(store: Path) -> None:
    import os
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="haberdar-ro-"))  # outside pytest's 0700 folders
    os.chmod(top, 0o755)
    ro = top / "ro"
    ro.mkdir()
    shutil.copy(store, ro / "s.db")
    os.chmod(ro / "s.db", 0o444)
    os.chmod(ro, 0o555)
    drop = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(EXE)]
    for cmd in (["timeline"], ["export", "events"], ["quarantine"]):
        p = subprocess.run([*drop, *cmd, "--db", str(ro / "s.db")], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, (cmd, p.stderr)
        no_traceback(p)
    assert sorted(os.listdir(ro)) == ["s.db"]  # nothing written beside it
    os.chmod(ro, 0o755)
    shutil.rmtree(top)


def test_verbose_says_where_the_time_went_and_lists_quarantined_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        (inputs / f.name).write_bytes(f.read_bytes())
    (inputs / "bad.txt").write_bytes(b"\x00\x01\x02 not text")
    plain = haberdar("run", str(inputs), "--db", str(tmp_path / "a.db"))
    assert plain.returncode == 0 and "corpus stages did" not in plain.stderr
    v = haberdar("-v", "run", str(inputs), "--db", str(tmp_path / "b.db"))
    assert v.returncode == 0 and "corpus stages did" in v.stderr and "read, clean, analyse" in v.stderr
    assert "quarantined: " not in v.stderr
    vv = haberdar("-vv", "run", str(inputs), "--db", str(tmp_path / "c.db"))
    assert vv.returncode == 0 and "quarantined: " in vv.stderr and "bad.txt" in vv.stderr
    no_traceback(vv)


def test_an_unreachable_postgresql_store_is_one_line_and_exit_2() -> None:
    # a closed local port: nothing listens there, nothing leaves the machine
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://nobody:secret@127.0.0.1:{port}/none"
    for args in (("run", str(SEEDS), "--db", url), ("timeline", "--db", url), ("export", "events", "--db", url)):
        p = haberdar(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert "cannot connect to the PostgreSQL store" in p.stderr and "secret" not in p.stderr
        no_traceback(p)
