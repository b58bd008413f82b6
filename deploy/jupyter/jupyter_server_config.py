# Jupyter server settings for every server on the clinic hub. deploy/jupyterhub_config.py puts this
# folder on JUPYTER_CONFIG_PATH; learners' servers also get jupyter-learner/ (which switches the
# formgrader off there).
import os

c = get_config()  # noqa: F821

if os.environ.get("BACKSCHOOL_COURSE_DIR"):
    # The formgrader service: its Autograde button grades through the course pipeline.
    c.ServerApp.jpserver_extensions.update({"backschool.instructor.formgrader_hook": True})
