"""environment.yml (conda) installs exactly what pyproject.toml declares."""
import tomllib

import yaml

from backschool.manifest import repo_root

ROOT = repo_root()


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = set(project["dependencies"]) | {d for deps in project["optional-dependencies"].values() for d in deps}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = {p for p in pip if not p.startswith("-e")}
    assert listed == declared, f"only in pyproject: {declared - listed}; only in environment.yml: {listed - declared}"
    assert "-e ." in pip, "environment.yml must install the course package itself"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert project["requires-python"] == ">=" + python.split("=")[1]
