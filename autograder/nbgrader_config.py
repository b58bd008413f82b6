# nbgrader configuration for Back School.
#
# Used two ways, with the same settings:
#  - by the `backschool instructor ...` commands (they build the same Config in code through
#    backschool.instructor.config.nbgrader_config), and
#  - by the plain nbgrader CLI run inside the course root (`backschool instructor generate` links
#    this file there as nbgrader_config.py).
# The course root is $BACKSCHOOL_COURSE_DIR, else autograder/course/ (see backschool/settings.py, course_dir).
from backschool.instructor.config import nbgrader_config
from backschool.instructor.paths import layout

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)
c.merge(nbgrader_config(layout()))
