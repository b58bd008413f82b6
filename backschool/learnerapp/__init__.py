"""The learner's course as a code-free app, served by the learner's own Jupyter server.

Enabled in deploy/jupyter-learner/jupyter_server_config.json; pages under <base_url>backschool/:
the course home, each quiz (answer, write, hand in) and its feedback. Lessons stay in Voila, whose
course template (deploy/share/jupyter/voila/templates/backschool) adds the links from nav/.
"""
from __future__ import annotations


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "backschool.learnerapp"}]


def _compile_notebook_schema() -> None:
    """nbformat compiles its notebook schema the first time a notebook is read (72 ms here), and again
    in its relaxed form for nbconvert's checks (62 ms): the learner's first lesson page paid both.
    Done once while the server starts instead."""
    import nbformat

    nbformat.validate(nbformat.v4.new_notebook())
    nbformat.validate(nbformat.v4.new_notebook(), relax_add_props=True)


async def _compile_page_templates(serverapp) -> None:
    """The lesson pages' templates, found as Voila's server extension finds them (voila/server_extension.py),
    compiled while the server starts."""
    from voila.configuration import VoilaConfiguration
    from voila.paths import collect_template_paths

    from .templatecache import compile_page_templates

    name = VoilaConfiguration(parent=serverapp).template
    await compile_page_templates(collect_template_paths(["voila", "nbconvert"], name), name, config=serverapp.config)


def _load_jupyter_server_extension(serverapp) -> None:
    from tornado.ioloop import IOLoop

    from ..manifest import load_course
    from .caching import KeepHashedExtensionFiles
    from .course import LearnerCourse
    from .handlers import handlers
    from .mode import mode
    from .templatecache import install
    from .warm import WarmKernelManager

    install()
    web_app = serverapp.web_app
    exchange = None
    if mode() == "hub":
        from .hub import Exchange

        exchange = Exchange(serverapp, load_course().course_id)
    web_app.settings["backschool_course"] = lambda: LearnerCourse(serverapp.root_dir, exchange)
    web_app.add_handlers(".*$", handlers(web_app.settings["base_url"]))
    web_app.add_transform(KeepHashedExtensionFiles)
    IOLoop.current().add_callback(_compile_notebook_schema)
    IOLoop.current().add_callback(_compile_page_templates, serverapp)
    if isinstance(serverapp.kernel_manager, WarmKernelManager):
        # Warm the first lesson's kernel while the course home opens: a learner who clicks at once waits less.
        IOLoop.current().add_callback(serverapp.kernel_manager.warm)
    serverapp.log.info("Back School learner pages at %sbackschool/", web_app.settings["base_url"])
