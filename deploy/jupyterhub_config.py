# JupyterHub configuration for one Back School clinic server.
#
#   jupyterhub -f deploy/jupyterhub_config.py        (run as root: it starts each person's server
#                                                     as their own Unix user)
#
# What it sets up (docs/admin-guide.md explains how to run it):
#   - every learner and instructor is a real Unix user (made with useradd); LocalProcessSpawner
#     starts their Jupyter server as that user, so learners cannot read each other's files;
#   - JupyterHub groups `nbgrader-backschool` (learners and instructors) and
#     `formgrade-backschool` (instructors only); nbgrader's JupyterHubAuthPlugin reads them;
#   - nbgrader's exchange in one shared folder (path_includes_course = True);
#   - the formgrader as a hub-managed service named `backschool` (the course_id), running as the
#     grader Unix user; only the formgrade group has `access:services!service=backschool`;
#   - lessons copied into each learner's home on first start, served in JupyterLab and,
#     code-free, with Voila at /user/<name>/voila/render/lessons/<lesson>.ipynb;
#   - learners land on the code-free course home (/user/<name>/backschool/, backschool.learnerapp:
#     quizzes fetched and handed in through nbgrader's exchange as the learner); instructors land
#     on JupyterLab (the formgrader is the `backschool` service); nobody gets the Jupyter news prompt;
#   - jupyterhub-idle-culler stops servers idle for BACKSCHOOL_CULL_TIMEOUT seconds;
#   - memory and CPU limits per learner (enforced only with BACKSCHOOL_SPAWNER=systemd, see below).
#
# Everything a clinic changes is an environment variable (defaults in brackets):
#   BACKSCHOOL_HOME          the Back School checkout [the folder above deploy/]
#   BACKSCHOOL_LEARNERS      comma-separated Unix user names of learners []
#   BACKSCHOOL_INSTRUCTORS   comma-separated Unix user names of instructors []
#   BACKSCHOOL_ADMINS        comma-separated hub admins [none]
#   BACKSCHOOL_GRADER_USER   Unix user that owns the course folder and runs the formgrader [grader-backschool]
#   BACKSCHOOL_COURSE_DIR    nbgrader course folder, inside the grader's home [~grader/backschool]
#   BACKSCHOOL_EXCHANGE_DIR  nbgrader exchange folder, mode 1777 [/srv/nbgrader/exchange]
#                            (the same two variables `backschool instructor` reads)
#   BACKSCHOOL_STATE_DIR     hub database, cookie secret, proxy pid [/srv/backschool/hub]
#   BACKSCHOOL_HUB_IP / BACKSCHOOL_HUB_PORT         public address [all interfaces / 8000]
#   BACKSCHOOL_HUB_API_PORT / BACKSCHOOL_PROXY_API_PORT / BACKSCHOOL_FORMGRADER_PORT
#                            loopback ports for the hub API, the proxy API, the formgrader [8081 / 8001 / 9999]
#   BACKSCHOOL_SSL_CERT / BACKSCHOOL_SSL_KEY          serve https directly [unset: put a TLS proxy in front]
#   BACKSCHOOL_PROXY_CMD     configurable-http-proxy [$BACKSCHOOL_HOME/.node/node_modules/.bin/configurable-http-proxy
#                            if present, else from PATH]
#   BACKSCHOOL_AUTH          pam | invite | dummy  [pam: Unix passwords]. `invite`: patients enrolled
#                            with `backschool admin enrol` log in once with the code from their letter
#                            and choose their own password; the hub makes their Unix accounts (see
#                            the "clinic enrolment" block below). `dummy` (one shared password for
#                            everyone, SharedPasswordAuthenticator) is for tests only and needs
#                            BACKSCHOOL_DUMMY_PASSWORD (8 characters or more).
#   BACKSCHOOL_SPAWNER       local | systemd [local]. systemd needs `pip install jupyterhub-systemdspawner`
#                            and systemd as PID 1; only then are the limits below enforced.
#   BACKSCHOOL_MEM_LIMIT / BACKSCHOOL_CPU_LIMIT       per learner [1G / 1.0]
#   BACKSCHOOL_CULL_TIMEOUT / BACKSCHOOL_CULL_EVERY   idle culler, seconds [3600 / 300]
#   BACKSCHOOL_COPY_LESSONS  1 | 0: copy lessons into ~/lessons when a server starts [1]
#   BACKSCHOOL_INSTANT_FEEDBACK  1 | 0: grade each hand-in within a minute and return the feedback
#                            by itself (service `instant-feedback`, as the grader user) [1];
#                            0: the instructor reviews first and returns feedback from the formgrader
#   BACKSCHOOL_INSTANT_EVERY seconds between the instant-feedback service's passes [10]
#   BACKSCHOOL_WARM_KERNELS  home | always | off: a kernel kept ready for the next lesson
#                            (backschool/learnerapp/warm.py) [home]. home: started while the learner
#                            is on the course home with no lesson open, so it costs no memory beyond
#                            one lesson's; a lesson opened from another lesson's links starts cold.
#                            always: also while a lesson is open (~56 MB more per learner: 312 MB per
#                            learner in the 8-learner test, over the 300 MB budget). off: none.
#   BACKSCHOOL_EXTRA_CONFIG  a further config file loaded last (local overrides, tests) [unset]
#   BACKSCHOOL_CLINIC_PHONE  the clinic's number for help, shown with 112/999/911 in the red-flag
#                            advice and on the printable warning card [unset: not shown]
import os
import pwd
import shutil
import sys
from pathlib import Path

from backschool import settings
from backschool.manifest import load_course
from backschool.settings import env  # $BACKSCHOOL_<name>: every variable below is one of these

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

CULLER = "idle-culler"
INSTANT = "instant-feedback"


def names(var):
    return [n.strip() for n in env(var).split(",") if n.strip()]


def home_of(user, fallback):
    try:
        return pwd.getpwnam(user).pw_dir
    except KeyError:
        return fallback


HERE = Path(__file__).resolve().parent
HOME = Path(env("HOME", str(HERE.parent))).resolve()
COURSE = load_course(HOME / "course.yml")
COURSE_ID = COURSE.course_id  # the formgrader service name must equal nbgrader's course_id
LEARNER_GROUP = f"nbgrader-{COURSE_ID}"
INSTRUCTOR_GROUP = f"formgrade-{COURSE_ID}"
BIN = Path(sys.executable).parent  # the environment JupyterHub runs from also runs the servers
STATE = Path(env("STATE_DIR", settings.DEFAULT_STATE_DIR))  # the `backschool admin` commands use the same
EXCHANGE = env("EXCHANGE_DIR", settings.DEFAULT_EXCHANGE_DIR)
LEARNERS = names("LEARNERS")
INSTRUCTORS = names("INSTRUCTORS")
ADMINS = names("ADMINS")
GRADER = env("GRADER_USER", f"grader-{COURSE_ID}")
GRADER_HOME = home_of(GRADER, f"/home/{GRADER}")
COURSE_DIR = env("COURSE_DIR", os.path.join(GRADER_HOME, COURSE_ID))
# nbgrader settings shared by every server; learners' servers also get jupyter-learner/, which
# switches off nbgrader's formgrader and course list in their own server (those live in the service).
JUPYTER_CONFIG = str(HERE / "jupyter")
LEARNER_CONFIG = f"{HERE / 'jupyter-learner'}{os.pathsep}{JUPYTER_CONFIG}"
# Data files for every server: the course's Voila template, which loads nothing from the internet.
JUPYTER_DATA = str(HERE / "share" / "jupyter")

STATE.mkdir(parents=True, exist_ok=True)
os.chmod(STATE, 0o700)  # cookie secret and database: the hub's eyes only

# ---------------------------------------------------------------- network
hub_ip = env("HUB_IP", "")
hub_port = int(env("HUB_PORT", "8000"))
c.JupyterHub.bind_url = f"http://{hub_ip or '0.0.0.0'}:{hub_port}"
if env("SSL_CERT") and env("SSL_KEY"):
    c.JupyterHub.bind_url = f"https://{hub_ip or '0.0.0.0'}:{hub_port}"
    c.JupyterHub.ssl_cert = env("SSL_CERT")
    c.JupyterHub.ssl_key = env("SSL_KEY")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("HUB_API_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
_local_chp = HOME / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    env("PROXY_CMD") or (str(_local_chp) if _local_chp.exists() else "configurable-http-proxy")
]

# ---------------------------------------------------------------- who may log in
if env("AUTH", "pam") == "dummy":
    # Tests only: one shared password. Never on a clinic server.
    password = env("DUMMY_PASSWORD")
    if not password:
        raise SystemExit("BACKSCHOOL_AUTH=dummy needs BACKSCHOOL_DUMMY_PASSWORD")
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = password
else:
    c.JupyterHub.authenticator_class = "pam"  # the Unix password of each user
# The grader is a hub user too: the formgrader runs as it and nbgrader's JupyterHubAuthPlugin
# looks up its groups. Give it no password (useradd without passwd), so nobody can log in as it.
c.Authenticator.allowed_users = set(LEARNERS + INSTRUCTORS + ADMINS + [GRADER])
c.Authenticator.admin_users = set(ADMINS)

# Groups: instructors also belong to the learner group so they see the course as learners do.
c.JupyterHub.load_groups = {
    LEARNER_GROUP: {"users": sorted(set(LEARNERS + INSTRUCTORS))},
    INSTRUCTOR_GROUP: {"users": sorted(set(INSTRUCTORS + [GRADER]))},
}

# ---------------------------------------------------------------- roles and scopes
c.JupyterHub.load_roles = [
    {
        # Instructors, and only they, may open the formgrader service.
        "name": INSTRUCTOR_GROUP,
        "groups": [INSTRUCTOR_GROUP],
        "scopes": [f"access:services!service={COURSE_ID}", "list:services", f"read:services!service={COURSE_ID}"],
    },
    {
        # Learners may see that the course service exists (nbgrader's course list), not use it.
        "name": LEARNER_GROUP,
        "groups": [LEARNER_GROUP],
        "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
    },
    {
        # The token inside each server ($JUPYTERHUB_API_TOKEN). A token never has more than its
        # owner, so access:services below is real only for instructors. read:users:groups!user lets
        # JupyterHubAuthPlugin find the owner's courses.
        "name": "server",
        "scopes": [
            "users:activity!user",
            "access:servers!server",
            "read:users:name!user",
            "read:users:groups!user",
            "list:services",
            f"read:services!service={COURSE_ID}",
            f"access:services!service={COURSE_ID}",
        ],
    },
    {
        # The formgrader reads learners' groups and may add learners to the course group.
        "name": f"{COURSE_ID}-service",
        "services": [COURSE_ID],
        "scopes": [
            "list:users",
            "read:users:name",
            "read:users:groups",
            "list:groups",
            "read:groups",
            f"groups!group={LEARNER_GROUP}",
        ],
    },
    {
        "name": "idle-culler",
        "services": [CULLER],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]

# ---------------------------------------------------------------- learners' servers
common_env = {
    "BACKSCHOOL_HOME": str(HOME),
    "BACKSCHOOL_MODE": "hub",  # the learner pages and lesson 1 say who sees a learner's answers
    "BACKSCHOOL_INSTANT_FEEDBACK": env("INSTANT_FEEDBACK", "1"),
    "BACKSCHOOL_EXCHANGE_DIR": EXCHANGE,
    "JUPYTER_CONFIG_PATH": JUPYTER_CONFIG,
    "JUPYTER_PATH": JUPYTER_DATA,
    "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
}
if env("CLINIC_PHONE", ""):
    common_env["BACKSCHOOL_CLINIC_PHONE"] = env("CLINIC_PHONE", "")
spawner = env("SPAWNER", "local")
if spawner == "systemd":
    # Each server in its own systemd unit: MemoryMax / CPUQuota from mem_limit / cpu_limit are
    # enforced by cgroups, /tmp is private. Needs systemd as PID 1 and jupyterhub-systemdspawner.
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.unit_name_template = "jupyter-backschool-{USERNAME}"
else:
    # LocalProcessSpawner: one process per learner, started as the learner's Unix user.
    # It does NOT enforce mem_limit / cpu_limit: it only passes them on as $MEM_LIMIT and
    # $CPU_LIMIT (shown by jupyter-resource-usage). Use BACKSCHOOL_SPAWNER=systemd, or Zero to
    # JupyterHub (deploy/z2jh-values.yaml), to enforce them.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
# JupyterLab's own settings for everyone: no "get notified about Jupyter news?" prompt.
WARM_KERNELS = {"home": ["--WarmKernelManager.pool_size=1", "--WarmKernelManager.refill=at_home"],
                "always": ["--WarmKernelManager.pool_size=1", "--WarmKernelManager.refill=after_page"],
                "off": ["--WarmKernelManager.pool_size=0"]}
if env("WARM_KERNELS", "home") not in WARM_KERNELS:
    raise SystemExit(f"BACKSCHOOL_WARM_KERNELS={env('WARM_KERNELS')!r}: use one of {', '.join(WARM_KERNELS)}")
c.Spawner.args = [f"--LabApp.app_settings_dir={HERE / 'jupyter-learner' / 'lab-settings'}",
                  *WARM_KERNELS[env("WARM_KERNELS", "home")]]
c.Spawner.ip = "127.0.0.1"
LEARNER_HOME_URL = "/backschool/"  # the code-free course home (backschool.learnerapp)
INSTRUCTOR_URL = "/lab"
c.Spawner.default_url = LEARNER_HOME_URL
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {**common_env, "JUPYTER_CONFIG_PATH": LEARNER_CONFIG}
c.Spawner.mem_limit = env("MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(env("CPU_LIMIT", "1.0"))
# When a class logs in at once, every server starts at the same time and they share the CPU:
# on 2 cores 30 servers took up to 100 s to answer (benchmarks/hubload.py, P6), and with 60 s
# the hub gave up on some of them (the learner saw an error). Wait longer instead.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 240


def landing(spawner):
    """Learners land on the course home, instructors (and admins) on JupyterLab."""
    staff = set(INSTRUCTORS + ADMINS)
    spawner.default_url = INSTRUCTOR_URL if spawner.user.name in staff else LEARNER_HOME_URL


def copy_lessons(spawner):
    """Put the lesson notebooks into ~/lessons, never overwriting a learner's own copy."""
    if env("COPY_LESSONS", "1") != "1":
        return
    try:
        pw = pwd.getpwnam(spawner.user.name)
    except KeyError:
        return  # no Unix user: the spawn fails with a clear message anyway
    dest = Path(pw.pw_dir) / "lessons"
    if not Path(pw.pw_dir).is_dir():
        return
    if not dest.exists():
        dest.mkdir()
        os.chown(dest, pw.pw_uid, pw.pw_gid)
    for nb in (HOME / lesson.notebook_path for lesson in COURSE.lessons):  # the manifest's lessons, no others
        target = dest / nb.name
        if not target.exists():
            shutil.copyfile(nb, target)
            os.chown(target, pw.pw_uid, pw.pw_gid)


def before_spawn(spawner):
    landing(spawner)
    copy_lessons(spawner)


c.Spawner.pre_spawn_hook = before_spawn

# ---------------------------------------------------------------- services
c.JupyterHub.services = [
    {
        # The formgrader: a Jupyter server run by the hub as the grader user, in the grader's home.
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{int(env('FORMGRADER_PORT', '9999'))}",
        "command": [str(BIN / "jupyterhub-singleuser")],
        "user": GRADER,
        "cwd": GRADER_HOME,
        "environment": {
            **common_env,
            "HOME": GRADER_HOME,
            "BACKSCHOOL_COURSE_DIR": COURSE_DIR,
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
        "oauth_no_confirm": True,
        "display": True,
    },
    {
        "name": CULLER,
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(env('CULL_TIMEOUT', '3600'))}",
            f"--cull-every={int(env('CULL_EVERY', '300'))}",
        ],
    },
]

if env("INSTANT_FEEDBACK", "1") == "1":
    # Each hand-in graded by the course's one pipeline and its feedback returned (instant.py).
    c.JupyterHub.services.append({
        "name": INSTANT,
        "command": [sys.executable, "-m", "backschool.learnerapp.instant",
                    f"--every={float(env('INSTANT_EVERY', '10'))}"],
        "user": GRADER,
        "cwd": GRADER_HOME,
        "environment": {**common_env, "HOME": GRADER_HOME, "BACKSCHOOL_COURSE_DIR": COURSE_DIR},
    })

c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# ---------------------------------------------------------------- clinic enrolment (BACKSCHOOL_AUTH=invite)
# `backschool admin enrol` writes $BACKSCHOOL_STATE_DIR/enrolment.json (names, hashed one-time codes).
# ClinicAuthenticator (backschool/clinic/hubauth.py: FirstUseAuthenticator + LocalAuthenticator) takes
# the code once, sends the patient to choose a password, and makes each person's Unix account with
# a private home when the hub adds them. The `backschool-enrol` service's token (kept in the state
# folder, root only) lets the command add or remove people while the hub runs.
if env("AUTH", "pam") == "invite":
    import json as _json
    import secrets as _secrets

    from backschool.clinic import enrol as _enrol
    from backschool.clinic import roster as _roster

    c.JupyterHub.authenticator_class = "backschool.clinic.hubauth.ClinicAuthenticator"
    c.ClinicAuthenticator.roster_path = str(STATE / _roster.ROSTER_FILE)
    c.ClinicAuthenticator.dbm_path = str(STATE / _roster.PASSWORDS_FILE)
    c.ClinicAuthenticator.min_password_length = 8
    c.ClinicAuthenticator.create_system_users = True
    c.ClinicAuthenticator.add_user_cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group",
                                          "--key", "HOME_MODE=0700"]
    for _group, _users in _enrol.roster_groups(STATE, COURSE_ID).items():
        c.JupyterHub.load_groups[_group]["users"] = sorted(set(c.JupyterHub.load_groups[_group]["users"]) | set(_users))
        c.Authenticator.allowed_users |= set(_users)
    _api_file = STATE / _roster.HUB_API_FILE
    try:
        _enrol_token = _json.loads(_api_file.read_text())["token"]
    except (OSError, ValueError, KeyError):
        _enrol_token = _secrets.token_hex(32)
    _api_file.touch(mode=0o600)
    _api_file.write_text(_json.dumps({"url": f"http://127.0.0.1:{c.JupyterHub.hub_port}/hub/api",
                                      "token": _enrol_token}))
    c.JupyterHub.services.append({"name": "backschool-enrol", "api_token": _enrol_token})
    c.JupyterHub.load_roles.append({
        "name": "backschool-enrol",
        "services": ["backschool-enrol"],
        "scopes": ["admin:users", "list:users", "read:users", "read:groups",
                   f"groups!group={LEARNER_GROUP}", f"groups!group={INSTRUCTOR_GROUP}"],
    })

extra = env("EXTRA_CONFIG")
if extra:
    load_subconfig(extra)  # noqa: F821
