# Learners' servers (beside jupyter_server_config.json, which holds the rest): Voila's hooks are
# Python callables, which a JSON config cannot name. The prelaunch hook numbers a lesson's citations
# and links them to its Sources list (backschool/learnerapp/citations.py); the page config hook
# leaves plotly's browser extension out of lessons that draw no figure (backschool/learnerapp/extensions.py).
from backschool.learnerapp.citations import link_lesson_citations
from backschool.learnerapp.extensions import lesson_page_config

c = get_config()  # noqa: F821
c.VoilaConfiguration.prelaunch_hook = link_lesson_citations
c.VoilaConfiguration.page_config_hook = lesson_page_config
