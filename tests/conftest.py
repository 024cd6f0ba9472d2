# Shared pytest fixtures. Add fixtures with small str_replace edits.
from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load_local_ecr() -> Any:
    """Load ``examples/_local_ecr.py`` (the local ECR endpoint the demo uses
    too) as the module ``_local_ecr``."""
    if "_local_ecr" in sys.modules:
        return sys.modules["_local_ecr"]
    spec = importlib.util.spec_from_file_location(
        "_local_ecr", EXAMPLES / "_local_ecr.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_local_ecr"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def local_ecr_module() -> Any:
    """The ``examples/_local_ecr.py`` module: ``LocalECR``, ``make_manifest``,
    ``push_image``, ``digest_of``, ``MEDIA_TYPES``."""
    return _load_local_ecr()


@pytest.fixture(scope="session")
def moto_server(local_ecr_module: Any) -> Iterator[Any]:
    """A real moto HTTP server on 127.0.0.1 (free port) for the whole session,
    recording every request it serves.

    It is a ``LocalECR`` (see ``examples/_local_ecr.py``): ``endpoint_url``,
    ``session(region)``, ``client(service, region)``, ``mark()`` and
    ``count(operation, since=mark, region=...)`` to count requests at the
    server, ``reset()``, ``enforce_iam()`` and ``failing(region, code)``.
    Give each test its own repositories or regions: the server is shared.
    """
    server = local_ecr_module.LocalECR().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def local_aws_module() -> Any:
    """The ``examples/_local_aws.py`` module: resources of every service with
    boto3 and events naming them, against :func:`moto_server`."""
    if "_local_aws" in sys.modules:
        return sys.modules["_local_aws"]
    spec = importlib.util.spec_from_file_location(
        "_local_aws", EXAMPLES / "_local_aws.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_local_aws"] = module
    spec.loader.exec_module(module)
    return module
