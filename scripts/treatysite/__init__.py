"""Domain logic of the treaty reading site, importable without MkDocs.

Each module owns one concern: the reference set (references), citations in
Markdown (citations), the people registry (people), the timeline (timeline),
the cross-index of who cites and links what (site_index), page metadata
(pagemeta) and the generated Markdown/downloads (render, exports).
MkDocs only sees these through the thin hooks in scripts/mkdocs_hooks.py.
"""
