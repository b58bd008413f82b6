"""One source of triage truth: wording on how urgently to get help lives only in red_flags.yml.

Lessons, data tables and the package refer to a sign or a level by its key and show the model's
words. Quiz cells must hold literal text (the grader reads them without running them), so there a
triage phrase is allowed only when it is the table's own wording, copied exactly.
"""
import ast
import re
from pathlib import Path

import nbformat
import pytest

from backschool import lessontext as lt
from backschool.manifest import load_course, repo_root
from backschool.quizspec import read_spec
from backschool.models import redflags
from backschool.testing import quizkey

ROOT = repo_root()
COURSE = load_course()
LESSONS = [lesson.notebook for lesson in COURSE.lessons]
QUIZZES = [quiz.notebook for quiz in COURSE.quizzes.values()]
TRIAGE = re.compile(
    r"""\bemergenc(y|ies)\b | \burgent(ly)?\b | \bA\s*&\s*E\b | (?<![\w.#])(999|911|112|111)(?![\w.]) |
    \bambulance\b | \bcrisis\s+line\b | \bsame\s+day\b | \bstraight\s+away\b | \bright\s+away\b |
    \bimmediately\b | \bwithin\s+(a\s+few\s+)?hours\b | \b(do\s+not|don't)\s+wait\b | \bwithout\s+delay\b |
    \b(call|phone|ring|contact)\s+(a|your|the)\s+(doctor|GP|clinic)\b |
    \bsee\s+(a|your|the)\s+(doctor|GP)\s+(today|now|soon|straight|the\s+same|if)\b |
    \b(doctor|GP)\s+(today|now|soon)\b | \bdoctor\s+soon\b |
    \bget\s+(help|care|medical\s+\w+)\s+(now|fast|today|quickly|at\s+once)\b""",
    re.I | re.X,
)


def hits(text: str) -> list[str]:
    return [m.group(0) for m in TRIAGE.finditer(text)]


def without_table_wording(text: str) -> str:
    """The text with every exact copy of the table's wording cut out (case-insensitive)."""
    phrases = sorted(redflags.all_texts(), key=len, reverse=True)
    for phrase in phrases:
        for variant in (phrase, phrase.rstrip(".:")):
            text = re.sub(re.escape(variant), " ", text, flags=re.I)
    return text


def _python_strings(path: Path) -> list[tuple[int, str]]:
    """String literals with a space in them (prose, not keys), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and " " in n.value
            and id(n) not in docstrings]


def test_the_pattern_catches_triage_wording():
    for text in ("See a doctor today.", "Go to A&E.", "call 999", "Dial 112 now", "Call your GP.",
                 "get urgent care now", "This is an emergency.", "See a doctor the same day",
                 "It needs care within hours.", "See your doctor if it gets worse.", "Do not wait."):
        assert hits(text), text
    for text in ("Keep the load close.", "Walk for 10 minutes.", "Tell your doctor about it.",
                 "NICE guideline NG59, 2016", "Table 112.5"):
        assert not hits(text), text


def test_table_copies_are_cut_out_and_nothing_else():
    exact = redflags.sentence("major_accident")
    assert not hits(without_table_wording(f"A fall can hurt. {exact}"))
    assert hits(without_table_wording("Go to the emergency department tomorrow"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_take_triage_wording_from_the_table(path):
    """Every cell, and the objectives the lesson shows from course.yml; not the titles of its sources."""
    nb = lt.learner_view(nbformat.read(str(path), as_version=4))
    found = [(c.id, h) for c in nb.cells if not c.source.startswith(lt.SOURCES_HEADING) for h in hits(c.source)]
    assert not found, f"{path.name}: write these with bs.red_flag_signs/_sentence/_advice instead: {found}"


def test_lessons_show_the_red_flag_list_by_key():
    calls = " ".join(c.source for p in LESSONS for c in nbformat.read(str(p), as_version=4).cells
                     if c.cell_type == "code")
    assert "bs.red_flag_check()" in calls and "bs.red_flag_signs()" in calls
    for sid in re.findall(r'"([a-z_]+)"', " ".join(re.findall(r"bs\.red_flag_\w+\(([^)]*)\)", calls))):
        if sid not in ("none", "emergency", "urgent", "caution", "self_harm"):
            redflags.sign(sid)


OTHER_TABLES = sorted(p for p in (ROOT / "assets" / "data").glob("*.yml") if p.name != "red_flags.yml")


@pytest.mark.parametrize("path", OTHER_TABLES, ids=lambda p: p.name)
def test_data_tables_leave_triage_wording_to_red_flags_yml(path):
    found = hits(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: name the sign in `red_flags:` instead: {found}"


@pytest.mark.parametrize("path", sorted((ROOT / "backschool").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_package_code_leaves_triage_wording_to_the_table(path):
    found = [(line, h) for line, text in _python_strings(path) for h in hits(text)]
    assert not found, f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.name)
def test_quiz_triage_wording_is_the_tables_own(path):
    nb = nbformat.read(str(path), as_version=4)
    found = [(c.id, h) for c in nb.cells for h in hits(without_table_wording(c.source))]
    assert not found, f"{path.name}: use the exact wording of red_flags.yml (redflags.all_texts()): {found}"


def _keys(quiz) -> dict[str, tuple]:
    """item -> (right answer(s), why) from the hidden tests of the source notebook, read without running it."""
    return {item: (key.right, key.why) for item, key in quizkey.items(quiz.notebook).items()}


def _triage_items(course):
    for quiz in course.quizzes.values():
        spec = read_spec(quiz.notebook, quiz.id)
        keys = _keys(quiz)
        for item in quiz.items:
            yield quiz, item, spec.question(item.id), keys[item.id]


def test_every_quiz_item_with_triage_wording_is_tagged_with_its_signs(course):
    for quiz, item, question, (right, why) in _triage_items(course):
        text = " ".join([question.text, *question.options, why])
        if hits(text):
            assert item.red_flags is not None, f"{quiz.id}/{item.id}: tag it with red_flags in course.yml"


def test_tagged_quiz_keys_agree_with_the_table(course):
    tagged = 0
    for quiz, item, question, (right, why) in _triage_items(course):
        if item.red_flags is None:
            continue
        tagged += 1
        where = f"{quiz.id}/{item.id}"
        signs = [redflags.sign(s) for s in item.red_flags]
        level = next((k for k in redflags.LEVELS if any(s.level == k for s in signs)), "none")
        if question.kind == "choice" and level == "none":
            assert right not in [lv.action for lv in redflags.levels()[:-1]], f"{where}: no sign, no rush"
        elif question.kind == "choice":
            assert right == redflags.action(level), f"{where}: the table says {redflags.action(level)!r}"
        else:
            assert len(right) == len(signs), f"{where}: one keyed option per tagged sign"
            for lv in redflags.levels():
                if lv.action.lower() in question.text.lower():
                    assert all(s.level == lv.key for s in signs), f"{where}: a keyed sign is not {lv.key!r}"
        for s in signs:
            assert redflags.sentence(s.id) in why or redflags.action(s.level) in why, f"{where}: {s.id}"
        if not signs:
            assert redflags.action("none").lower() in why.lower() or redflags.review_advice() in why, where
    assert tagged >= 9
