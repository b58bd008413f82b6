"""Voila's page templates compiled once per learner server, not once per lesson page.

Voila makes a new exporter, so a new Jinja environment, for every page it serves, and Jinja parses
and compiles the whole lab template chain again each time: about 0.1 s of the server's time per
lesson page on a two-core machine (py-spy, 2026-12-02), before the page's first byte. Jinja's own
bytecode cache keeps the compiled code; it is keyed by each template's name and a checksum of its
source, so an edited template is compiled afresh. nbconvert gives no setting for it, so the
exporter's environment is given the cache when it is made (``install``, from the server extension).
The server fills the cache as it starts (``compile_page_templates``): the first lesson page a learner
opened paid for compiling the chain, 14 templates (0.15-0.3 s of its first byte here).
"""
from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process (a learner server serves a handful of templates)."""

    def __init__(self) -> None:
        self._code: dict[tuple[bool, str], bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple[bool, str]:
        return bucket.environment.is_async, bucket.key  # async and plain environments compile differently

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._key(bucket) in self._code:
            bucket.bytecode_from_string(self._code[self._key(bucket)])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


CACHE = MemoryBytecodeCache()


def install() -> None:
    """Every Voila exporter made from now on in this process compiles its templates through ``CACHE``."""
    from voila.exporter import VoilaExporter

    if getattr(VoilaExporter._create_environment, "backschool_cached", False):
        return
    make = VoilaExporter._create_environment

    def create_environment(self):
        environment = make(self)
        environment.bytecode_cache = CACHE
        return environment

    create_environment.backschool_cached = True  # type: ignore[attr-defined]
    VoilaExporter._create_environment = create_environment


async def compile_page_templates(template_paths: list[str], template_name: str, config=None, notebook=None) -> None:
    """Render ``notebook`` (by default a text and an empty code cell) as Voila renders a page with the
    server's ``config``, without a kernel, so that every template a page uses is compiled into ``CACHE``."""
    import nbformat
    from voila.exporter import VoilaExporter

    async def kernel_start(_nb) -> str:
        return ""

    async def notebook_execute(_nb, _kernel_id) -> None:
        return None

    async def cells(nb, _kernel_id):
        for cell in nb.cells:
            yield cell

    exporter = VoilaExporter(template_paths=template_paths, template_name=template_name, config=config)
    context = {"frontend": "voila", "main_js": "voila.js", "kernel_start": kernel_start,
               "notebook_execute": notebook_execute, "cell_generator": cells}
    resources = {"base_url": "/", "metadata": {"name": "start-up"}, "page_config": {}}
    if notebook is None:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("A text."), nbformat.v4.new_code_cell("")])
    async for _html, _resources in exporter.generate_from_notebook_node(notebook, resources=resources,
                                                                        extra_context=context, page_config={}):
        pass
