# Jupyter server settings for every server on the clinic hub. deploy/jupyterhub_config.py puts this
# folder on JUPYTER_CONFIG_PATH; learners' servers also get jupyter-learner/ (which switches the
# formgrader off there).
from backschool.settings import env

c = get_config()  # noqa: F821

if env("COURSE_DIR"):
    # The formgrader service: its Autograde button grades through the course pipeline.
    c.ServerApp.jpserver_extensions.update({"backschool.instructor.formgrader_hook": True})

# Kernels talk to their server over Unix sockets in the owner's runtime folder, not TCP ports on
# 127.0.0.1: when a class opens lessons at once, servers picking "free" ports raced for the same
# one ("Address already in use"), the kernel died at start and Voila's lesson page never finished
# (benchmarks/hubload.py, P6). Sockets in each user's own folder cannot collide, and other users
# cannot connect to them.
c.KernelManager.transport = "ipc"
