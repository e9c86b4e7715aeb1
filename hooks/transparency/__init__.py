"""Plain-Python core of the transparency site generator.

Nothing in this package imports MkDocs: the hooks in ``hooks/*.py`` adapt MkDocs events to it,
and tests exercise it without a build.
"""
