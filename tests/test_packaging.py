"""What the package metadata promises, checked by installing it.

- The minimum msgspec of ``pyproject.toml`` is the true one: the smoke script
  (``tests/smoke.py``: decode, encode, convert, ``schema``, ``codegen``, a
  decode of every built-in type) passes in a scratch virtualenv holding
  exactly that msgspec from PyPI, with the same results as this
  environment's msgspec, and fails under the release before it.
- Every supported Python (3.10 to 3.13, the classifiers) that this machine
  has runs the smoke script with the same results. An interpreter that is
  missing is a skip naming it.
- The package description (README.pypi.md, generated from README.md by
  ``make readme``) is fresh and has no relative link, and the project URLs
  share its one base.

The scratch environments are made without pip (``python -m venv
--without-pip``) and filled by this environment's pip (``pip --python``),
which reuses its download cache: a few seconds each.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the test environment runs 3.11
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "tests" / "smoke.py"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")

#: What pip prints when it cannot reach the index (then the test skips).
_OFFLINE = re.compile(
    r"NewConnectionError|Max retries exceeded|Temporary failure in name resolution"
    r"|Network is unreachable|Connection refused|ConnectTimeout|ReadTimeout"
    r"|ProxyError|SSLError"
)


def _minimum_msgspec() -> str:
    (requirement,) = [
        d for d in PYPROJECT["project"]["dependencies"] if d.startswith("msgspec")
    ]
    found = re.fullmatch(r"msgspec>=([0-9.]+)", requirement)
    assert found, f"msgspec's requirement is not a plain minimum: {requirement}"
    return found.group(1)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _scratch(python: str, where: Path, msgspec: str) -> Path:
    """A virtualenv of ``python`` at ``where`` with exactly ``msgspec`` from
    the index; skips when the index cannot be reached."""
    subprocess.run([python, "-m", "venv", "--without-pip", str(where)], check=True)
    target = where / "bin" / "python"
    done = _pip("--python", str(target), "install", "-q", f"msgspec=={msgspec}")
    if done.returncode != 0:
        if _OFFLINE.search(done.stderr):
            pytest.skip(f"PyPI is unreachable, msgspec=={msgspec} not installed")
        raise AssertionError(done.stderr)
    return target


def _smoke(python: Path | str) -> subprocess.CompletedProcess[str]:
    """The smoke script run by ``python`` on this checkout's sources (the
    scratch environments hold msgspec only)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [str(python), str(SMOKE), str(SAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def _installed(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import msgspec, sys; print(msgspec.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def reference() -> Any:
    """The smoke script's report in this environment (its msgspec, its
    Python)."""
    done = _smoke(sys.executable)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_smoke_report_covers_every_built_in_type(reference: Any) -> None:
    import eventbridge_structs as ebs

    expected = {f"{s} | {d}": c.__name__ for (s, d), c in ebs.registered().items()}
    assert {key: name for key, (name, _) in reference["types"].items()} == expected
    assert len(reference["samples"]) == len(list(SAMPLES.glob("*/*.json")))


def test_the_minimum_msgspec_runs_everything(tmp_path: Path, reference: Any) -> None:
    minimum = _minimum_msgspec()
    python = _scratch(sys.executable, tmp_path / "min", minimum)
    assert _installed(python) == minimum
    done = _smoke(python)
    assert done.returncode == 0, f"msgspec {minimum}:\n{done.stderr}"
    assert json.loads(done.stdout) == reference


def test_the_release_before_the_minimum_does_not(tmp_path: Path) -> None:
    """The minimum is not just sufficient but necessary: the msgspec release
    before it fails the smoke script (else lower the minimum)."""
    minimum = _minimum_msgspec()
    listed = _pip("index", "versions", "msgspec")
    if listed.returncode != 0:
        if _OFFLINE.search(listed.stderr):
            pytest.skip("PyPI is unreachable, msgspec's releases not listed")
        raise AssertionError(listed.stderr)
    found = re.search(r"Available versions: (.+)", listed.stdout)
    assert found, listed.stdout
    releases = [v.strip() for v in found.group(1).split(",")]
    older = [v for v in releases if re.fullmatch(r"[0-9.]+", v)]
    older = [v for v in older if _version(v) < _version(minimum)]
    previous = max(older, key=_version)
    python = _scratch(sys.executable, tmp_path / "previous", previous)
    done = _smoke(python)
    assert done.returncode != 0, f"msgspec {previous} passes: lower the minimum"


def _interpreter(version: str) -> str | None:
    """A working ``python3.X``: a pyenv build of it, else one on PATH (a
    pyenv shim on PATH may name a version it cannot run)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    builds = sorted(glob.glob(str(pyenv / "versions" / f"{version}.*" / "bin")))
    candidates = [str(Path(b) / f"python{version}") for b in reversed(builds)]
    candidates.append(shutil.which(f"python{version}") or "")
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run(
                [candidate, "-c", probe], capture_output=True, text=True, timeout=60
            )
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    return None


def test_the_classifiers_name_the_supported_pythons() -> None:
    project = PYPROJECT["project"]
    assert project["requires-python"] == f">={SUPPORTED[0]}"
    listed = {
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert listed == set(SUPPORTED)


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_supported_python_runs_everything(
    version: str, tmp_path: Path, reference: Any
) -> None:
    """Under each supported Python on this machine, with this environment's
    msgspec: the same report as here."""
    interpreter = _interpreter(version)
    if interpreter is None:
        pytest.skip(f"Python {version} is not installed on this machine")
    import msgspec

    python = _scratch(interpreter, tmp_path / "env", msgspec.__version__)
    probe = [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    ran = subprocess.run(probe, capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == version
    done = _smoke(python)
    assert done.returncode == 0, f"Python {version}:\n{done.stderr}"
    assert json.loads(done.stdout) == reference


# --- the package description --------------------------------------------------

PYPI_README = ROOT / "README.pypi.md"
_FENCED = re.compile(r"^```.*?^```[ \t]*$", re.DOTALL | re.MULTILINE)


def _targets(markdown: str) -> list[str]:
    """Every link target outside code blocks: inline links and images,
    reference definitions, HTML href/src."""
    found: list[str] = []
    for part in _FENCED.split(markdown):
        found += re.findall(r"\]\(\s*<?([^)\s>]+)", part)
        found += re.findall(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", part, re.M)
        found += re.findall(r"""(?:href|src)\s*=\s*["']([^"']+)""", part)
    return found


def test_the_package_description_is_the_readme_and_fresh() -> None:
    assert PYPROJECT["project"]["readme"] == "README.pypi.md"
    done = subprocess.run(
        [sys.executable, "tools/pypi_readme.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_description_has_no_relative_link() -> None:
    text = PYPI_README.read_text()
    targets = _targets(text)
    assert len(targets) >= len(_targets((ROOT / "README.md").read_text())) > 0
    relative = [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t)]
    assert relative == []


def test_the_description_links_lead_to_files_of_the_repository() -> None:
    """Each rewritten link is Source/blob/main/ plus a path that exists here
    (and an anchor of README.md a heading makes)."""
    source = PYPROJECT["project"]["urls"]["Source"].rstrip("/")
    readme = (ROOT / "README.md").read_text()
    anchors = {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", _FENCED.sub("", readme), re.M)
    }
    ours = [t for t in _targets(PYPI_README.read_text()) if t.startswith(source)]
    assert len(ours) == len(
        [t for t in _targets(readme) if not re.match(r"[a-z]+:", t)]
    )
    for url in ours:
        path, _, anchor = url.removeprefix(f"{source}/blob/main/").partition("#")
        assert (ROOT / path.removesuffix("?raw=true")).exists(), url
        if anchor:
            assert path == "README.md" and anchor in anchors, url


def test_every_project_url_starts_with_the_one_source_setting() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert all(url.startswith(urls["Source"]) for url in urls.values()), urls
