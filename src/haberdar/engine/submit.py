"""``spark-submit`` entry point: ``haberdar run --engine spark`` under a cluster's launcher.

    spark-submit --master local[2] src/haberdar/engine/submit.py PATH... --db FILE
    spark-submit --master yarn --conf spark.executor.memory=4g \\
        "$(python -c 'import haberdar.engine.submit as m; print(m.__file__)')" \\
        /data/news/*.jsonl --db /data/haberdar.db --staging /shared/tmp

The arguments are those of ``haberdar run`` (``--engine spark`` is implied); the master and the
resources come from spark-submit. haberdar must be installed in the executors' Python
(``pip install 'haberdar[spark]'`` on every node, or a packed virtual environment).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from haberdar.cli import app

    args = list(sys.argv[1:] if argv is None else argv)
    app(["run", *args, "--engine", "spark"], prog_name="haberdar-spark")


if __name__ == "__main__":
    main()
