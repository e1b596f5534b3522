"""The docs site: the generated Markdown pages as a static MkDocs Material site."""
