# Learners' servers (beside jupyter_server_config.json, which holds the rest): Voila's prelaunch hook
# is a Python callable, which a JSON config cannot name. It numbers a lesson's citations and links
# them to its Sources list (backschool/learnerapp/citations.py).
from backschool.learnerapp.citations import link_lesson_citations

c = get_config()  # noqa: F821
c.VoilaConfiguration.prelaunch_hook = link_lesson_citations
