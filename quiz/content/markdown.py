"""The one place content Markdown becomes HTML: raw HTML in a content file is escaped, never run."""

from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)


def render(text: str) -> str:
    """Render teacher-written Markdown to safe HTML (links with javascript: are dropped)."""
    html: str = _renderer.render(text)
    return html
