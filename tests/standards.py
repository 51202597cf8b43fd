"""Where the shared conformance material lives, and a skip when it is absent."""

from pathlib import Path

import pytest

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"


def standards_path(*parts: str) -> Path:
    """Path under ../shared/standards/, skipping the test when the folder is missing."""
    path = STANDARDS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"conformance material not found at {path} (../shared/standards is absent)")
    return path
