"""Building byline from source without the C++ dependencies' development packages stops
with one message that names every package to install (CMakeLists.txt); `make demo` builds
what README says it builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CMAKE = Path(sys.executable).parent / "cmake"


def test_configure_without_dev_packages_names_them_all(tmp_path: Path) -> None:
    cmake = str(CMAKE) if CMAKE.exists() else shutil.which("cmake")
    if cmake is None:
        pytest.skip("no cmake")
    hidden = ["nlohmann_json", "spdlog", "Utf8proc", "RE2", "OpenSSL"]
    r = subprocess.run(
        [cmake, "-S", str(ROOT), "-B", str(tmp_path / "b")] + [f"-DCMAKE_DISABLE_FIND_PACKAGE_{p}=ON" for p in hidden],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode != 0
    err = " ".join(r.stderr.split())  # CMake wraps the message
    assert err.count("CMake Error") == 1, r.stderr
    for package in ("nlohmann-json3-dev", "libspdlog-dev", "libfmt-dev", "libutf8proc-dev", "libre2-dev", "libssl-dev"):
        assert package in err, (package, r.stderr)
    assert "apt-get install nlohmann-json3-dev libspdlog-dev libfmt-dev libutf8proc-dev libre2-dev libssl-dev" in err


def test_make_demo_builds_the_cpp_tool() -> None:
    """README: `make demo` builds, and the C++ tool byline-dev is built in build/cpp/cpp/."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make")
    # -n prints the commands and runs none
    r = subprocess.run([make, "-n", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "--target byline_cli" in r.stdout, r.stdout
    assert "build/cpp/cpp/byline-dev" in (ROOT / "README.md").read_text(encoding="utf-8")
