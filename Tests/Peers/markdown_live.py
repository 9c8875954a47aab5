"""Renders Markdown documents with cmark-gfm and markdown-it and lists what would be live.

A test peer for ReportsTests (MarkdownRendererTests): the reports' Markdown goes to GitHub
(cmark-gfm, with its autolink, table, strikethrough and tag-filter extensions) and to tools built
on markdown-it (here with linkify and tables, raw HTML allowed). Reads a JSON list of documents on
stdin; writes a JSON list, per document, of {"renderer": [live things found]}: links, images,
and any HTML element the report's own Markdown never makes.

Exit 3 with a message when a renderer is not installed (`make test-peers` installs them).
"""
import json
import re
import sys

try:
    import cmarkgfm
    from cmarkgfm.cmark import Options
    import markdown_it
    import linkify_it  # noqa: F401  (markdown-it's linkify needs it)
except ImportError as missing:
    print(f"missing Markdown renderer: {missing}; run `make test-peers` "
          "(python3 -m pip install markdown-it-py linkify-it-py cmarkgfm)", file=sys.stderr)
    sys.exit(3)

# Elements the report's own Markdown produces: headings, paragraphs, quotes, lists, tables, bold, code.
ALLOWED = {"h1", "h2", "p", "blockquote", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
           "strong", "em", "code", "br"}
TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def live(html):
    found = []
    for match in TAG.finditer(html):
        name = match.group(1).lower()
        if name not in ALLOWED:
            found.append(html[match.start():match.start() + 120])
    return found


def main():
    documents = json.load(sys.stdin)
    it = markdown_it.MarkdownIt("gfm-like", {"html": True, "linkify": True})
    results = []
    for document in documents:
        results.append({
            "cmark-gfm": live(cmarkgfm.github_flavored_markdown_to_html(document, options=Options.CMARK_OPT_UNSAFE)),
            "markdown-it": live(it.render(document)),
        })
    json.dump(results, sys.stdout)


main()
