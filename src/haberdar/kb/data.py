"""Access to the packaged data files of the knowledge base (``haberdar/data``).

The knowledge base sits below the analyse stage and must not depend on it, so it reads its
own files here instead of going through a stage's resource object.
"""

from __future__ import annotations

import functools
from importlib import resources as importlib_resources
from importlib.abc import Traversable
from typing import Any

import yaml

try:  # libyaml's loader parses the curated KB several times faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def data_file(relpath: str) -> Traversable:
    """Handle of ``haberdar/data/<relpath>``, valid from a checkout, a wheel or a zip."""
    return importlib_resources.files("haberdar").joinpath("data", *relpath.split("/"))


def read_yaml(stream: Any) -> Any:
    """Parse YAML with the fastest safe loader available."""
    return yaml.load(stream, Loader=_Loader)


@functools.cache
def load_data_yaml(relpath: str) -> Any:
    """Parsed content of a packaged YAML file; cached because lexicons never change at run time."""
    with data_file(relpath).open("r", encoding="utf-8") as fh:
        return read_yaml(fh)
