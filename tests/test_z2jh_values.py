"""The Zero to JupyterHub values hold what the single-server config does (issue 15, item 5).

There is no cluster here, so this checks what can be checked without one: deploy/jupyterhub_config.py
is loaded as JupyterHub loads it (traitlets), and deploy/z2jh-values.yaml (with the volumes in
deploy/z2jh-exchange-volume.yaml) must give the same groups, role scopes, formgrader service,
exchange location, culler, limits, learner settings and landing page. Paths are compared after
putting the image's /opt/backschool where the config has the checkout.
"""
from __future__ import annotations

import ast

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from backschool.manifest import load_course, repo_root

ROOT = repo_root()
IMAGE_HOME = "/opt/backschool"


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    for var in ("BACKSCHOOL_AUTH", "BACKSCHOOL_MEM_LIMIT", "BACKSCHOOL_CPU_LIMIT", "BACKSCHOOL_CULL_TIMEOUT",
                "BACKSCHOOL_CULL_EVERY", "BACKSCHOOL_EXCHANGE_DIR", "BACKSCHOOL_EXTRA_CONFIG", "BACKSCHOOL_GRADER_USER",
                "BACKSCHOOL_COURSE_DIR"):
        mp.delenv(var, raising=False)
    mp.setenv("BACKSCHOOL_HOME", str(ROOT))
    mp.setenv("BACKSCHOOL_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    try:
        yield PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())


@pytest.fixture(scope="module")
def volumes():
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "z2jh-exchange-volume.yaml").read_text()))
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def image_path(value: str) -> str:
    return value.replace(str(ROOT), IMAGE_HOME)


def _service(single, name):
    return next(s for s in single.JupyterHub.services if s["name"] == name)


def _formgrader_container(values):
    return next(c for c in values["hub"]["extraContainers"] if c["name"] == "formgrader")


def test_groups_are_the_course_groups(single, values):
    course_id = load_course().course_id
    groups = set(single.JupyterHub.load_groups)
    assert groups == {f"nbgrader-{course_id}", f"formgrade-{course_id}"}
    oauth = values["hub"]["config"]["GenericOAuthenticator"]
    assert set(oauth["allowed_groups"]) == groups
    assert oauth["manage_groups"] is True, "groups come from the identity provider at each login"


def test_roles_have_the_same_scopes(single, values):
    cluster = values["hub"]["loadRoles"]
    for role in single.JupyterHub.load_roles:
        if role["name"] == "idle-culler":
            continue  # the chart's own culler has its own role (test_culler)
        mine = cluster.get(role["name"])
        assert mine is not None, f"role {role['name']} missing from z2jh-values.yaml"
        assert sorted(mine["scopes"]) == sorted(role["scopes"]), role["name"]
        assert sorted(mine.get("groups", [])) == sorted(role.get("groups", [])), role["name"]
        assert sorted(mine.get("services", [])) == sorted(role.get("services", [])), role["name"]
    assert set(cluster) == {r["name"] for r in single.JupyterHub.load_roles} - {"idle-culler"}


def test_formgrader_service(single, values):
    course_id = load_course().course_id
    svc = _service(single, course_id)
    mine = values["hub"]["services"][course_id]
    assert mine["oauth_no_confirm"] == svc["oauth_no_confirm"] and mine["display"] == svc["display"]
    port = int(mine["url"].rsplit(":", 1)[1])
    box = _formgrader_container(values)
    assert f"--ServerApp.port={port}" in box["command"]
    assert any(p["port"] == port and p["targetPort"] == port for p in values["hub"]["service"]["extraPorts"])
    assert any(p["port"] == port for rule in [values["hub"]["networkPolicy"]["ingress"][0]] for p in rule["ports"])
    env = {e["name"]: e.get("value") for e in box["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == course_id
    assert env["JUPYTERHUB_DEFAULT_URL"] == svc["environment"]["JUPYTERHUB_DEFAULT_URL"]
    assert env["BACKSCHOOL_EXCHANGE_DIR"] == svc["environment"]["BACKSCHOOL_EXCHANGE_DIR"]
    assert env["BACKSCHOOL_COURSE_DIR"].endswith(f"/{course_id}")  # the config's default: <grader home>/<course id>
    for var in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        assert env.get(var) == image_path(svc["environment"][var]), var
    assert any(e["name"] == "JUPYTERHUB_API_TOKEN" and "secretKeyRef" in e.get("valueFrom", {}) for e in box["env"]), \
        "the service token comes from the chart's secret, never from the values file"


def test_exchange_volume_is_shared(single, values, volumes):
    exchange = single.Spawner.environment["BACKSCHOOL_EXCHANGE_DIR"]
    learner = values["singleuser"]["storage"]
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in learner["extraVolumes"]}
    mounts = {m["name"]: m["mountPath"] for m in learner["extraVolumeMounts"]}
    box = _formgrader_container(values)
    hub_claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in values["hub"]["extraVolumes"]}
    box_mounts = {m["name"]: m["mountPath"] for m in box["volumeMounts"]}
    name = next(n for n, path in mounts.items() if path == exchange)
    assert box_mounts[name] == exchange and hub_claims[name] == claims[name]
    claim = volumes[("PersistentVolumeClaim", claims[name])]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"], "every learner's pod mounts the exchange"
    assert volumes[("PersistentVolume", claim["spec"]["volumeName"])]["spec"]["accessModes"] == ["ReadWriteMany"]
    for vol, claim_name in hub_claims.items():
        assert ("PersistentVolumeClaim", claim_name) in volumes, f"no claim {claim_name} for volume {vol}"
    assert values["singleuser"]["extraEnv"]["BACKSCHOOL_EXCHANGE_DIR"] == exchange


def test_culler(single, values):
    culler = _service(single, "idle-culler")["command"]
    flags = dict(arg.lstrip("-").split("=", 1) for arg in culler if arg.startswith("--"))
    cull = values["cull"]
    assert cull["enabled"] is True
    assert int(cull["timeout"]) == int(flags["timeout"]) and int(cull["every"]) == int(flags["cull-every"])


def test_limits(single, values):
    mem = values["singleuser"]["memory"]["limit"]
    assert str(mem) == str(single.Spawner.mem_limit)
    assert float(values["singleuser"]["cpu"]["limit"]) == float(single.Spawner.cpu_limit)


def test_learner_servers_match(single, values):
    extra = values["singleuser"]["extraEnv"]
    for var, value in single.Spawner.environment.items():
        if var == "PATH":
            continue  # the image's own PATH
        assert extra.get(var) == image_path(value), var
    snippets = values["hub"].get("extraConfig", {})
    for name, code in snippets.items():
        ast.parse(code, filename=f"hub.extraConfig.{name}")
    overrides = [n for n, code in snippets.items() if "default_url" in code]
    assert not overrides, f"extraConfig {overrides} would change the landing page behind singleuser.defaultUrl"
    assert values["singleuser"]["defaultUrl"] == single.Spawner.default_url


def test_instant_feedback(single, values):
    svc = _service(single, "instant-feedback")
    box = next(c for c in values["hub"]["extraContainers"] if c["name"] == "instant-feedback")
    assert box["command"][1:] == svc["command"][1:], "same module and pass interval as the single server"
    env = {e["name"]: e.get("value") for e in box["env"]}
    for var, value in svc["environment"].items():
        if var == "PATH":
            continue  # the image's own PATH
        if var in ("HOME", "BACKSCHOOL_COURSE_DIR"):
            assert env[var] == env["HOME"] + value[len(svc["environment"]["HOME"]):], var  # the grader's home
            continue
        assert env.get(var) == image_path(value), var
    formgrader = _formgrader_container(values)
    assert env["BACKSCHOOL_COURSE_DIR"] == {e["name"]: e.get("value") for e in formgrader["env"]}["BACKSCHOOL_COURSE_DIR"]
    assert box["securityContext"] == formgrader["securityContext"], "grades as the grader, like the formgrader"
    assert {m["mountPath"] for m in box["volumeMounts"]} == {m["mountPath"] for m in formgrader["volumeMounts"]}
    assert values["singleuser"]["extraEnv"]["BACKSCHOOL_INSTANT_FEEDBACK"] == "1"
