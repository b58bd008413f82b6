"""The browser keeps the lab extensions' files it has loaded once, instead of asking again on every page.

Voila serves /voila/labextensions/ with ``Cache-Control: no-cache``, so each lesson page revalidated
the widget manager's and plotly's files, 15 requests of 15-90 ms each through the clinic hub's proxy
(chromium's resource timings, 2026-12-02). Those files are named or asked for by their build's hash
(``remoteEntry.<hash>.js``, ``<chunk>.js?v=<hash>``): a new build gets new addresses, so a file
fetched under its hash never changes and may be kept. Other responses are left as they were.
"""
from __future__ import annotations

import re

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

LAB_EXTENSIONS = "/voila/labextensions/"
HASHED = re.compile(r"/remoteEntry\.[0-9a-f]{8,}\.js$")
KEEP = "public, max-age=31536000, immutable"


class KeepHashedExtensionFiles(OutputTransform):
    """A tornado output transform (``web_app.add_transform``): the header of a hashed lab-extension file."""

    def __init__(self, request: HTTPServerRequest) -> None:
        path, arguments = request.path, request.query_arguments
        self.hashed = LAB_EXTENSIONS in path and ("v" in arguments or bool(HASHED.search(path)))

    def transform_first_chunk(self, status_code: int, headers: HTTPHeaders, chunk: bytes,
                              finishing: bool) -> tuple[int, HTTPHeaders, bytes]:
        if self.hashed and status_code == 200:
            headers["Cache-Control"] = KEEP
        return status_code, headers, chunk
