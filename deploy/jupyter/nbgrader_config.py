# nbgrader settings for every server on the clinic hub (learners' servers and the formgrader
# service). deploy/jupyterhub_config.py puts this folder on JUPYTER_CONFIG_PATH.
from backschool.manifest import load_course
from backschool.settings import DEFAULT_EXCHANGE_DIR, env

c = get_config()  # noqa: F821

if env("COURSE_DIR"):
    # The formgrader service (the hub sets BACKSCHOOL_COURSE_DIR only there): the course's own
    # settings (course root, gradebook, grading timeouts), as `backschool instructor` uses them.
    from backschool.instructor.config import nbgrader_config
    from backschool.instructor.paths import layout

    c.merge(nbgrader_config(layout()))

c.CourseDirectory.course_id = load_course().course_id
c.Exchange.root = env("EXCHANGE_DIR", DEFAULT_EXCHANGE_DIR)
c.Exchange.path_includes_course = True
# Courses come from the JupyterHub groups nbgrader-<course> / formgrade-<course>.
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
