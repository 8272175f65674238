"""Command line interface (placeholder until the stages are wired)."""


def main() -> None:
    raise SystemExit("haberdar: CLI not wired yet")
