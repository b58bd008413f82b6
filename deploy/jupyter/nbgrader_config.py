# nbgrader settings for every server on the clinic hub (learners' servers and the formgrader
# service). deploy/jupyterhub_config.py puts this folder on JUPYTER_CONFIG_PATH.
import os

from backschool.manifest import load_course

c = get_config()  # noqa: F821

if os.environ.get("BACKSCHOOL_COURSE_DIR"):
    # The formgrader service (the hub sets BACKSCHOOL_COURSE_DIR only there): the course's own
    # settings (course root, gradebook, grading timeouts), as `backschool instructor` uses them.
    from backschool.instructor.config import nbgrader_config
    from backschool.instructor.paths import layout

    c.merge(nbgrader_config(layout()))

c.CourseDirectory.course_id = load_course().course_id
c.Exchange.root = os.environ.get("BACKSCHOOL_EXCHANGE_DIR", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True
# Courses come from the JupyterHub groups nbgrader-<course> / formgrade-<course>.
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
