"""The clinic hub, for real: deploy/jupyterhub_config.py started on 127.0.0.1 with real Unix users.

One instructor, two learners and the grader user are made with useradd (and removed afterwards).
Every request goes through the hub's proxy (configurable-http-proxy), as a browser's would:

  instructor -> formgrader service: generate + release quiz01
  learners   -> their own servers:  fetch quiz01, answer it with the quiz widgets in a kernel
                                    running as themselves, submit
  instructor -> formgrader service: collect, autograde, generate + release feedback
  learners   -> their own servers:  fetch feedback, which shows their score

then checks that a learner is refused the formgrader, another learner's server and files, and
another learner's submission in the exchange.

Needs root (useradd, setuid spawning) and configurable-http-proxy in .node/
(scripts/install-system-deps.sh).
"""
from __future__ import annotations

import json
import os
import pwd
import re
import time
from pathlib import Path

import nbformat
import pytest

from backschool.manifest import load_course
from backschool.testing import browser as chromium
from backschool.testing.hubtools import CHP, COURSE, ROOT, VENV_BIN, UnixUsers, open_clinic, run_in_kernel

from backschool.testing import quizkey

# A developer without root may skip the hub test; CI (CI=true, root) never skips it.
IN_CI = bool(os.environ.get("CI"))
HUB_MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 and not IN_CI, reason="needs root: real Unix users and setuid spawning"),
    pytest.mark.skipif(not CHP.exists() and not IN_CI, reason="run scripts/install-system-deps.sh (configurable-http-proxy)"),
]


def hub_test(fn):
    for mark in HUB_MARKS:
        fn = mark(fn)
    return fn

QUIZ = "quiz01"
LESSON = load_course().lessons[0].notebook.name  # the first lesson, whatever its file is called


def right_answers(source: Path) -> tuple[dict, int, int]:
    """Right answers (from the hidden tests' check(...) calls), autograded points, all points."""
    spec, answers = quizkey.read(source)
    points = int(sum(q.points for q in spec.questions))
    total = points + int(sum(w.points for w in spec.written))
    assert answers and points, f"no autograded checks found in {source}"
    return answers, points, total


def answer_code(nb: nbformat.NotebookNode, answers: dict, right: bool) -> str:
    """Kernel code: run the quiz's question cells (which draw the widgets), then click answers."""
    cells = [c.source for c in nb.cells
             if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("grade")]
    return "\n".join(cells) + f"""
import ipywidgets as _w
from backschool.quiz import ANSWER_WIDGETS, click
for _item, _right in {answers!r}.items():
    _widget = ANSWER_WIDGETS[_item]
    _opts = list(_widget.options) if isinstance(_widget, _w.RadioButtons) else [b.description for b in _widget.children]
    if {right!r}:
        click(_item, _right)
    elif isinstance(_right, str):
        click(_item, next(o for o in _opts if o != _right))
    else:
        click(_item, [o for o in _opts if o not in _right])
import os, json
print(json.dumps({{"uid": os.getuid(), "cwd": os.getcwd(), "mem": os.environ.get("MEM_LIMIT"),
                  "answers": json.load(open("answers.json"))["answers"]}}))
"""


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    # Review first: the instructor collects, grades and returns feedback in the formgrader
    # (instant feedback has its own hub in test_hub_instant.py).
    with open_clinic(tmp_path_factory, BACKSCHOOL_INSTANT_FEEDBACK="0") as c:
        yield c


def _ok(r, what):
    assert r.status_code == 200, f"{what}: HTTP {r.status_code} {r.text[:800]}"
    return r.json()


def _formgrader(clinic, action: str, path: str):
    hub, tok = clinic["hub"], clinic["tokens"]["instructor"]
    r = hub.post(f"/services/{COURSE}/formgrader/api/{path}", tok) if action == "POST" else \
        hub.get(f"/services/{COURSE}/formgrader/api/{path}", tok)
    data = _ok(r, f"formgrader {action} {path}")
    if isinstance(data, dict) and "success" in data:
        assert data["success"], f"formgrader {path} failed: {data.get('error') or data.get('log')}"
    return data


def _learner(clinic, who: str, action: str):
    hub, name, tok = clinic["hub"], clinic["names"][who], clinic["tokens"][who]
    r = hub.post(f"/user/{name}/assignments/{action}", tok, data={"course_id": COURSE, "assignment_id": QUIZ})
    data = _ok(r, f"{who} {action}")
    assert data.get("success", True), f"{who} {action}: {data}"
    return data


@hub_test
def test_quiz_round_trip_through_the_hub(clinic):
    hub, names, tokens = clinic["hub"], clinic["names"], clinic["tokens"]
    source = ROOT / "quizzes" / QUIZ / f"{QUIZ}.ipynb"
    answers, auto_points, total_points = right_answers(source)

    # Services known to the hub: the formgrader and the culler (which has already run once).
    services = hub.api("GET", "/services").json()
    assert {COURSE, "idle-culler"} <= set(services), services
    assert re.search(r"200 GET /hub/api/users\S*.*idle-culler", hub.log(10**6)), "culler made no successful call"

    # Instructor: generate and release through the formgrader service.
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/assign")
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/release")
    assert (clinic["exchange"] / COURSE / "outbound" / QUIZ / f"{QUIZ}.ipynb").exists()

    # Learners: see it, fetch it, answer it in a kernel that runs as them, submit.
    for who, right in (("learner1", True), ("learner2", False)):
        name, tok = names[who], tokens[who]
        listed = _ok(hub.get(f"/user/{name}/assignments", tok, params={"course_id": COURSE}), "list")
        assert any(a["assignment_id"] == QUIZ and a["status"] == "released" for a in listed["value"]), listed
        _learner(clinic, who, "fetch")
        nb_path = f"{COURSE}/{QUIZ}/{QUIZ}.ipynb"
        model = _ok(hub.get(f"/user/{name}/api/contents/{nb_path}", tok), "open fetched quiz")
        released = nbformat.from_dict(model["content"])
        assert "BEGIN HIDDEN TESTS" not in json.dumps(model["content"]), "hidden tests reached the learner"
        result = run_in_kernel(hub, name, tok, nb_path, answer_code(released, answers, right))
        assert result["error"] is None, result
        info = json.loads(result["stdout"].strip().splitlines()[-1])
        assert info["uid"] == pwd.getpwnam(name).pw_uid, "kernel does not run as the learner"
        assert info["cwd"].endswith(f"/{COURSE}/{QUIZ}")
        assert info["mem"] == str(512 * 1024 * 1024), "mem_limit not passed to the server"
        assert set(info["answers"]) == set(answers)
        _learner(clinic, who, "submit")

    # Instructor: collect, autograde each learner, feedback.
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/collect")
    for who in ("learner1", "learner2"):
        _formgrader(clinic, "POST", f"submission/{QUIZ}/{names[who]}/autograde")
    subs = {s["student"]: s for s in _formgrader(clinic, "GET", f"submissions/{QUIZ}")}
    assert subs[names["learner1"]]["score"] == auto_points, subs[names["learner1"]]
    assert subs[names["learner2"]]["score"] == 0, subs[names["learner2"]]
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/generate_feedback")
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/release_feedback")

    # Learners: fetch feedback and find their own score in it.
    for who, score in (("learner1", auto_points), ("learner2", 0)):
        name, tok = names[who], tokens[who]
        _learner(clinic, who, "fetch_feedback")
        folder = _ok(hub.get(f"/user/{name}/api/contents/{COURSE}/{QUIZ}/feedback", tok), "feedback folder")
        assert folder["content"], f"{who} got no feedback"
        stamp = folder["content"][0]["path"]
        html = _ok(hub.get(f"/user/{name}/api/contents/{stamp}/{QUIZ}.html", tok), "feedback html")["content"]
        assert f"{QUIZ} (Score: {float(score)} / {float(total_points)})" in html, re.findall(r"Score:[^<]*", html)
        if who == "learner2":
            assert "not quite" in html.lower(), "learner 2's feedback does not explain the right answers"
    clinic["round_trip_done"] = True


@hub_test
def test_learner_is_refused_what_is_not_theirs(clinic):
    if not clinic.get("round_trip_done"):  # run on its own (-k): make the submissions first
        test_quiz_round_trip_through_the_hub(clinic)
    hub, names, tokens = clinic["hub"], clinic["names"], clinic["tokens"]
    ann, bob, tok = names["learner1"], names["learner2"], tokens["learner1"]
    refused = []

    def refuse(what, r):
        """403/404, or a redirect to the hub's login / OAuth page: never a success."""
        code = r.status_code
        if 300 <= code < 400:
            where = r.headers.get("Location", "")
            assert "/hub/login" in where or "/hub/api/oauth2/authorize" in where, f"{what}: redirect to {where}"
        else:
            assert code in (401, 403, 404), f"{what}: HTTP {code} {r.text[:300]}"
        refused.append((what, code))

    def get(path, token=tok):
        return hub.get(path, token, allow_redirects=False)

    # With ann's API token.
    refuse("formgrader page", get(f"/services/{COURSE}/formgrader"))
    refuse("formgrader API", get(f"/services/{COURSE}/formgrader/api/submissions/{QUIZ}"))
    refuse("formgrader files", get(f"/services/{COURSE}/api/contents/{COURSE}/gradebook.db"))
    refuse("bob's server", get(f"/user/{bob}/api/contents"))
    refuse("bob's answers", get(f"/user/{bob}/api/contents/{COURSE}/{QUIZ}/answers.json"))
    refuse("bob's files", get(f"/user/{bob}/files/{COURSE}/{QUIZ}/answers.json"))
    refuse("bob's kernels", get(f"/user/{bob}/api/kernels"))
    refuse("bob's token list", hub.api("GET", f"/users/{bob}/tokens", token=tok))
    refuse("escape own server root", get(f"/user/{ann}/api/contents/../{bob}"))
    # Without any credentials.
    refuse("anonymous to bob", get(f"/user/{bob}/api/contents", token=None))
    refuse("anonymous to formgrader", get(f"/services/{COURSE}/formgrader/api/status", token=None))

    # As a browser: log in with ann's password, follow every redirect.
    browser = hub.login(ann)
    for what, path in (("formgrader (browser)", f"/services/{COURSE}/formgrader"),
                       ("bob's lab (browser)", f"/user/{bob}/lab"),
                       ("bob's answers (browser)", f"/user/{bob}/files/{COURSE}/{QUIZ}/answers.json")):
        r = browser.get(f"{hub.url}{path}", timeout=60)
        assert r.status_code in (403, 404), f"{what}: ended at {r.url} with HTTP {r.status_code}"
        refused.append((what, r.status_code))
    # ... while her own JupyterLab does open for her, through the same OAuth dance.
    own = browser.get(f"{hub.url}/user/{ann}/lab", timeout=60)
    assert own.status_code == 200 and "JupyterLab" in own.text, (own.status_code, own.url)

    # As ann's own kernel (her Unix user): bob's home, the exchange's inbox, the course folder.
    exchange = clinic["exchange"] / COURSE
    probe = f"""
import os, json
out = {{}}
for what, path, op in [("bob home", {str(Path(pwd.getpwnam(bob).pw_dir) / COURSE / QUIZ / 'answers.json')!r}, "read"),
                       ("inbound", {str(exchange / 'inbound')!r}, "list"),
                       ("feedback", {str(exchange / 'feedback')!r}, "list"),
                       ("course", {str(clinic['course_dir'] / 'submitted')!r}, "list"),
                       ("gradebook", {str(clinic['course_dir'] / 'gradebook.db')!r}, "read")]:
    try:
        open(path).read(1) if op == "read" else os.listdir(path)
        out[what] = "ALLOWED"
    except PermissionError:
        out[what] = "denied"
print(json.dumps(out))
"""
    result = run_in_kernel(hub, ann, tok, f"{COURSE}/{QUIZ}/{QUIZ}.ipynb", probe)
    assert result["error"] is None, result
    seen = json.loads(result["stdout"].strip().splitlines()[-1])
    assert set(seen.values()) == {"denied"}, seen
    refused += [(f"file: {k}", v) for k, v in seen.items()]
    print("\n".join(f"refused: {w} -> {s}" for w, s in refused))

    # The instructor does reach the formgrader (the refusals above are not a broken service) and
    # their own server, but not a learner's server: grading goes through the formgrader only.
    teach = tokens["instructor"]
    assert hub.get(f"/services/{COURSE}/formgrader/api/status", teach).status_code == 200
    assert hub.get(f"/user/{names['instructor']}/api/status", teach).status_code == 200
    refuse("instructor to ann's server", hub.get(f"/user/{ann}/api/contents", teach, allow_redirects=False))


@hub_test
def test_lessons_served_in_lab_and_voila(clinic):
    hub, name, tok = clinic["hub"], clinic["names"]["learner1"], clinic["tokens"]["learner1"]
    listing = _ok(hub.get(f"/user/{name}/api/contents/lessons", tok), "lessons folder")
    assert LESSON in {e["name"] for e in listing["content"]}, "lessons were not copied into the learner's home"
    # A learner's own server has no formgrader (it lives only in the service).
    assert hub.get(f"/user/{name}/formgrader", tok).status_code == 404
    lab = hub.get(f"/user/{name}/lab", tok)
    assert lab.status_code == 200 and '"@jupyter/nbgrader:formgrader"' in lab.text.split('"disabledExtensions"', 1)[1][:300]
    t0 = time.monotonic()
    r = hub.get(f"/user/{name}/voila/render/lessons/{LESSON}", tok)
    assert r.status_code == 200, r.text[:500]
    assert "Lesson 1: Welcome and red flags" in r.text
    assert "import backschool.widgets" not in r.text and "bs.red_flag_check()" not in r.text, "Voila showed code"
    assert "application/vnd.jupyter.widget-view+json" in r.text, "no widget in the Voila page"
    print(f"voila render of lesson 1 through the hub: {time.monotonic() - t0:.1f}s")


QUIZ2 = "quiz02"  # quiz01 is already handed in by the round trip above
CODE_TEXT = [re.compile(r"\bimport\b"), re.compile(r"choice\("), re.compile(r"\bbs\.")]


def _shown_text(page, where: str) -> str:
    text = page.locator("body").inner_text()
    for pattern in CODE_TEXT:
        assert not pattern.search(text), f"{where} shows code ({pattern.pattern})"
    return text


def _hand_in(page) -> str:
    page.evaluate("() => { document.getElementById('result').innerHTML = ''; }")
    page.get_by_role("button", name="Hand in").click()
    head = page.locator("#result h2")
    head.wait_for(timeout=120_000)
    return head.inner_text()


@hub_test
def test_code_free_hand_in_and_feedback_through_the_hub(clinic, tmp_path):
    """A learner logs in with a browser, lands on the course home, answers quiz 2 with clicks and
    keys, writes a reflection and hands in through nbgrader's exchange (twice: the second replaces
    the first). The instructor collects and grades in the formgrader and returns feedback; the
    learner reads the score and the why from the home. The instructor lands on JupyterLab."""
    import playwright.sync_api as playwright_api

    from backschool.learnerapp.mode import PRIVACY
    from backschool.quizspec import read_spec

    hub, names, exchange = clinic["hub"], clinic["names"], clinic["exchange"]
    ann = names["learner1"]
    source = ROOT / "quizzes" / QUIZ2 / f"{QUIZ2}.ipynb"
    right, auto_points, _ = right_answers(source)
    spec = read_spec(source)
    _formgrader(clinic, "POST", f"assignment/{QUIZ2}/assign")
    _formgrader(clinic, "POST", f"assignment/{QUIZ2}/release")
    shots: list[Path] = []
    folder = Path(os.environ.get("BACKSCHOOL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        path = folder / f"hub-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)

    def pick(q, correct: bool):
        group = page.locator(f'fieldset[data-item="{q.item}"]')
        wanted = right[q.item] if correct else [o for o in q.options if o not in (
            right[q.item] if isinstance(right[q.item], list) else [right[q.item]])][:1]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        for option in q.options:
            box = group.get_by_label(option, exact=True)
            if (option in wanted) != box.is_checked():
                box.click()
        group.locator(".saved", has_text="Your answer is saved.").wait_for()

    words = "The discs sit between the bones of the spine and take up load when I move."
    with playwright_api.sync_playwright() as p:
        context, page = chromium.hub_login(p, hub, ann, tmp_path / "ann-profile")
        page.wait_for_url(f"**/user/{ann}/backschool/", timeout=120_000)
        assert PRIVACY["hub"] in _shown_text(page, "hub home")
        shot(page, "01-learner-home")
        # A lesson, code-free, with its links (the link request must pass the hub's XSRF check).
        page.get_by_role("link", name=f"Lesson 1: {clinic_lesson_title(0)}", exact=True).click()
        page.get_by_role("link", name="Next: Lesson 2 →").first.wait_for(timeout=120_000)
        # The links come with the page; the lesson's own text once its kernel has run (slower under load).
        page.get_by_text(PRIVACY["hub"]).first.wait_for(timeout=120_000)
        assert PRIVACY["hub"] in _shown_text(page, "hub lesson 1"), "lesson 1 does not say who sees answers"
        shot(page, "01b-lesson1")
        page.get_by_role("link", name="Course home").first.click()
        page.wait_for_url(f"**/user/{ann}/backschool/")

        page.get_by_role("link", name=clinic_quiz_title(QUIZ2), exact=True).click()
        page.get_by_role("button", name="Hand in").wait_for(timeout=120_000)
        _shown_text(page, "hub quiz")
        first_wrong = spec.questions[0]
        for q in spec.questions:
            pick(q, correct=q is not first_wrong)
        page.get_by_label("Write your answer here:").click()
        page.keyboard.type(words)
        page.locator("section[data-written] .saved", has_text="Your words are saved.").wait_for()
        shot(page, "02-quiz-answered")
        first = _hand_in(page)
        assert first.startswith("Handed in at "), first
        shot(page, "03-handed-in")
        # Hand in again with the first question put right: this one replaces the first.
        pick(first_wrong, correct=True)
        second = _hand_in(page)
        assert second.startswith("Handed in at "), second
        inbound = [d for d in (exchange / COURSE / "inbound").iterdir() if d.name.startswith(f"{ann}+{QUIZ2}+")]
        assert len(inbound) == 2, inbound

        # Instructor, in the formgrader: collect (the newest hand-in), autograde, return feedback.
        _formgrader(clinic, "POST", f"assignment/{QUIZ2}/collect")
        submitted = clinic["course_dir"] / "submitted" / ann / QUIZ2
        handed = json.loads((submitted / "answers.json").read_text())
        as_sets = lambda d: {k: set(v) if isinstance(v, list) else v for k, v in d.items()}  # noqa: E731
        assert as_sets(handed["answers"]) == as_sets(right), "the collected hand-in is not the second one"
        assert handed["reflections"] == {spec.written[0].grade_id: words}
        written_cell = [c for c in nbformat.read(submitted / f"{QUIZ2}.ipynb", as_version=4).cells
                        if c.metadata.get("nbgrader", {}).get("grade_id") == spec.written[0].grade_id]
        assert written_cell and written_cell[0].source == words, "the formgrader would not see the reflection"
        _formgrader(clinic, "POST", f"submission/{QUIZ2}/{ann}/autograde")
        subs = {s["student"]: s for s in _formgrader(clinic, "GET", f"submissions/{QUIZ2}")}
        assert subs[ann]["score"] == auto_points, subs[ann]
        # The instructor lands on JupyterLab (no Jupyter news prompt), then scores the written
        # answer in the formgrader with the browser: it reaches the gradebook, the CSV and the report.
        teach, teach_page = chromium.hub_login(p, hub, names["instructor"], tmp_path / "teach-profile")
        teach_page.wait_for_url(f"**/user/{names['instructor']}/lab**", timeout=120_000)
        teach_page.locator("#jp-main-statusbar").wait_for(state="visible", timeout=120_000)
        teach_page.wait_for_timeout(4000)
        assert "Jupyter news" not in teach_page.locator("body").inner_text()
        shot(teach_page, "05-instructor-lab")
        written = spec.written[0]
        sub_id = next(s["id"] for s in _formgrader(clinic, "GET", f"submitted_notebooks/{QUIZ2}/{QUIZ2}")
                      if s["student"] == ann)
        teach_page.goto(f"{hub.url}/services/{COURSE}/formgrader/submissions/{sub_id}/")
        score_box = teach_page.locator(f'input.score[id="{written.grade_id}"]')
        score_box.wait_for(timeout=120_000)
        assert words in teach_page.locator("body").inner_text(), "the formgrader does not show the reflection"
        score_box.click()
        teach_page.keyboard.type(f"{written.points:g}")
        teach_page.keyboard.press("Tab")
        full = auto_points + written.points
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            subs = {s["student"]: s for s in _formgrader(clinic, "GET", f"submissions/{QUIZ2}")}
            if subs[ann]["score"] == full:
                break
            time.sleep(1)
        assert subs[ann]["score"] == full, subs[ann]
        shot(teach_page, "06-formgrader-reflection-scored")
        teach.close()
        grader_env = {"BACKSCHOOL_COURSE_DIR": str(clinic["course_dir"]), "BACKSCHOOL_EXCHANGE_DIR": str(exchange),
                      "BACKSCHOOL_HOME": str(ROOT)}
        backschool_cmd = str(VENV_BIN / "backschool")
        out = UnixUsers().run_as(names["grader"], [backschool_cmd, "instructor", "export", QUIZ2], env=grader_env)
        assert out.returncode == 0, out.stderr
        import csv

        rows = list(csv.DictReader(open(out.stdout.strip().splitlines()[-1])))
        mine = [r for r in rows if r["learner"] == ann and r["quiz"] == QUIZ2]
        assert len(mine) == 1 and float(mine[0]["written_score"]) == written.points, rows
        assert float(mine[0]["auto_score"]) == auto_points
        report_dir = clinic["course_dir"] / "exports" / "report-test"
        out = UnixUsers().run_as(names["grader"], [backschool_cmd, "instructor", "report", "--out", str(report_dir)],
                                 env=grader_env)
        assert out.returncode == 0, out.stderr
        report = (report_dir / "report.html").read_text()
        cells = f"<td>{float(auto_points)}</td><td>{float(auto_points)}</td><td>{float(written.points)}</td>"
        rows_seen = re.findall(rf"<tr><td>{QUIZ2}</td><td>{ann}</td>.*?</tr>", report)
        assert any(cells in r for r in rows_seen), rows_seen
        _formgrader(clinic, "POST", f"assignment/{QUIZ2}/generate_feedback")
        _formgrader(clinic, "POST", f"assignment/{QUIZ2}/release_feedback")

        # Learner: the home fetches the feedback and shows the new total; the feedback page the why.
        page.goto(f"{hub.url}/user/{ann}/backschool/")
        home = _shown_text(page, "hub home with feedback")
        assert (f"Score: {auto_points:g} out of {auto_points:g}; with your own words: {full:g} out of {full:g}"
                in home), home[:1500]
        quiz_row = page.locator("li", has=page.get_by_role("link", name=clinic_quiz_title(QUIZ2), exact=True))
        quiz_row.get_by_role("link", name="Read your feedback").click()
        page.get_by_role("heading", name=f"Feedback: {clinic_quiz_title(QUIZ2)}").wait_for()
        page.get_by_role("heading", name=f"Your score: {auto_points:g} out of {auto_points:g}").wait_for()
        feedback = _shown_text(page, "hub feedback")
        assert words in feedback and feedback.count("✔ Right") == len(spec.questions)
        assert f"Your instructor gave you {written.points:g} out of {written.points:g}." in feedback
        shot(page, "04-feedback")
        assert not chromium.off_host(context.asked), chromium.off_host(context.asked)
        context.close()
    print("screenshots: " + ", ".join(str(s) for s in shots))


def clinic_lesson_title(index: int) -> str:
    from backschool.manifest import load_course

    return load_course().lessons[index].title


def clinic_quiz_title(quiz: str) -> str:
    from backschool.manifest import load_course

    return load_course().quiz(quiz).title


# ---------------------------------------------------------------- fast checks, no hub started

def _load_hub_config(tmp_path, monkeypatch, **env):
    from traitlets.config.loader import PyFileConfigLoader

    for key in [k for k in os.environ if k.startswith("BACKSCHOOL_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("BACKSCHOOL_STATE_DIR", str(tmp_path / "state"))
    for key, value in env.items():
        monkeypatch.setenv(f"BACKSCHOOL_{key}", value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()


def test_hub_config_scopes_groups_services_and_limits(tmp_path, monkeypatch):
    c = _load_hub_config(tmp_path, monkeypatch, LEARNERS="ann,bob", INSTRUCTORS="tess", MEM_LIMIT="768M",
                         CPU_LIMIT="0.5", EXCHANGE_DIR="/srv/x/exchange")
    groups = c.JupyterHub.load_groups
    assert set(groups[f"nbgrader-{COURSE}"]["users"]) == {"ann", "bob", "tess"}
    assert set(groups[f"formgrade-{COURSE}"]["users"]) == {"tess", f"grader-{COURSE}"}
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    formgrader_access = f"access:services!service={COURSE}"
    granting = {n for n, r in roles.items() if formgrader_access in r.get("scopes", [])}
    # Only the instructors' group role, and the server-token role (a token never exceeds its owner).
    assert granting == {f"formgrade-{COURSE}", "server"}
    assert roles[f"formgrade-{COURSE}"]["groups"] == [f"formgrade-{COURSE}"]
    assert "users" not in roles[f"formgrade-{COURSE}"] and "services" not in roles[f"formgrade-{COURSE}"]
    assert set(roles["idle-culler"]["scopes"]) >= {"list:users", "read:users:activity", "read:servers",
                                                   "delete:servers"}
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert set(services) == {COURSE, "idle-culler", "instant-feedback"}
    assert services["instant-feedback"]["user"] == f"grader-{COURSE}"
    assert "backschool.learnerapp.instant" in services["instant-feedback"]["command"]
    assert services[COURSE]["user"] == f"grader-{COURSE}"
    assert services[COURSE]["environment"]["BACKSCHOOL_EXCHANGE_DIR"] == "/srv/x/exchange"
    assert any(a.startswith("--timeout=") for a in services["idle-culler"]["command"])
    assert c.JupyterHub.spawner_class.endswith("LocalProcessSpawner")
    assert c.Spawner.mem_limit == "768M" and c.Spawner.cpu_limit == 0.5
    assert "jupyter-learner" in c.Spawner.environment["JUPYTER_CONFIG_PATH"]
    assert c.JupyterHub.authenticator_class == "pam"


def test_hub_config_lands_learners_on_the_course_home(tmp_path, monkeypatch):
    from types import SimpleNamespace

    c = _load_hub_config(tmp_path, monkeypatch, LEARNERS="ann", INSTRUCTORS="tess", COPY_LESSONS="0")
    assert c.Spawner.environment["BACKSCHOOL_MODE"] == "hub"
    assert any("lab-settings" in a for a in c.Spawner.args), "no JupyterLab settings without the news prompt"
    landed = {}
    for name in ("ann", "tess"):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name), default_url=c.Spawner.default_url)
        c.Spawner.pre_spawn_hook(spawner)
        landed[name] = spawner.default_url
    assert landed == {"ann": "/backschool/", "tess": "/lab"}
    off = _load_hub_config(tmp_path, monkeypatch, LEARNERS="ann", INSTANT_FEEDBACK="0")
    assert "instant-feedback" not in {s["name"] for s in off.JupyterHub.services}
    assert off.Spawner.environment["BACKSCHOOL_INSTANT_FEEDBACK"] == "0"


def test_hub_config_refuses_test_login_without_password(tmp_path, monkeypatch):
    with pytest.raises(SystemExit):
        _load_hub_config(tmp_path, monkeypatch, AUTH="dummy")


def test_z2jh_values_key_settings():
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())
    volumes = list(yaml.safe_load_all((ROOT / "deploy" / "z2jh-exchange-volume.yaml").read_text()))
    hub, single = values["hub"], values["singleuser"]
    exchange_path = "/srv/nbgrader/exchange"

    # Groups come from the identity provider through the authenticator.
    auth = hub["config"]["GenericOAuthenticator"]
    assert auth["manage_groups"] is True
    assert set(auth["allowed_groups"]) >= {f"nbgrader-{COURSE}", f"formgrade-{COURSE}"}
    # Only instructors reach the formgrader service.
    roles = hub["loadRoles"]
    access = f"access:services!service={COURSE}"
    assert {n for n, r in roles.items() if access in r.get("scopes", [])} == {f"formgrade-{COURSE}", "server"}
    assert roles[f"formgrade-{COURSE}"]["groups"] == [f"formgrade-{COURSE}"]
    assert COURSE in hub["services"]
    assert "apiToken" not in hub["services"][COURSE], "the service token belongs in --set / a secret, not git"
    sidecar = {c["name"]: c for c in hub["extraContainers"]}["formgrader"]
    env = {e["name"]: e.get("value") for e in sidecar["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == COURSE
    assert env["BACKSCHOOL_EXCHANGE_DIR"] == exchange_path
    assert {m["mountPath"] for m in sidecar["volumeMounts"]} >= {exchange_path}
    # The exchange: one ReadWriteMany (NFS) claim, mounted at the same path in every learner's pod.
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in single["storage"]["extraVolumes"]}
    assert mounts["nbgrader-exchange"] == exchange_path and claims["nbgrader-exchange"] == "nbgrader-exchange"
    assert single["extraEnv"]["BACKSCHOOL_EXCHANGE_DIR"] == exchange_path
    by_kind = {(v["kind"], v["metadata"]["name"]): v for v in volumes}
    pvc = by_kind[("PersistentVolumeClaim", "nbgrader-exchange")]
    pv = by_kind[("PersistentVolume", "nbgrader-exchange")]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"] and "nfs" in pv["spec"]
    # Resources per learner, culler, own uid per learner.
    assert single["memory"]["limit"] and single["cpu"]["limit"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert "KubeSpawner.uid" in hub["extraConfig"]["backschool-uids"]
