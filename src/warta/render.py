"""Human-readable renderings of an Article (plain text and Markdown)."""

from __future__ import annotations

from warta.article import Article


def _byline(a: Article) -> str:
    parts = []
    if a.authors:
        parts.append(", ".join(a.authors))
    if a.outlet:
        parts.append(a.outlet)
    if a.published:
        parts.append(a.published)
    elif a.date_hints:
        parts.append(", ".join(a.date_hints))
    return " · ".join(parts)


def to_text(a: Article) -> str:
    out: list[str] = []
    if a.title:
        out += [a.title, "=" * min(len(a.title), 80)]
    if by := _byline(a):
        out.append(by)
    if a.lead:
        out += ["", a.lead]
    out.append("")
    for p in a.body:
        out += [p, ""]
    for img in a.images:
        out.append(f"[image] {img.caption or ''}" + (f" ({img.credit})" if img.credit else ""))
    for r in a.related:
        out.append(f"[related] {r.title}" + (f" <{r.url}>" if r.url else ""))
    if a.tags:
        out.append("[tags] " + ", ".join(a.tags))
    for e in a.errors:
        out.append(f"[error] {e.stage}: {e.error} {e.message}".rstrip())
    return "\n".join(out).rstrip() + "\n"


def _md_escape(s: str) -> str:
    return (
        s.replace("\\", "\\\\")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def to_markdown(a: Article) -> str:
    out: list[str] = []
    if a.title:
        out += [f"# {_md_escape(a.title)}", ""]
    if by := _byline(a):
        out += [f"*{_md_escape(by)}*", ""]
    if a.lead:
        out += [f"**{_md_escape(a.lead)}**", ""]
    headings = set(a.headings)
    for i, p in enumerate(a.body):
        out += [f"## {_md_escape(p)}" if i in headings else _md_escape(p), ""]
    if a.images:
        out.append("## Images")
        for img in a.images:
            line = f"- {_md_escape(img.caption or '(no caption)')}"
            if img.credit:
                line += f" — {_md_escape(img.credit)}"
            if img.url:
                line += f" <{img.url}>"
            out.append(line)
        out.append("")
    if a.related:
        out.append("## Related")
        out += [
            f"- [{_md_escape(r.title)}]({r.url})" if r.url else f"- {_md_escape(r.title)}" for r in a.related
        ]
        out.append("")
    if a.tags:
        out += ["Tags: " + ", ".join(_md_escape(t) for t in a.tags), ""]
    return "\n".join(out).rstrip() + "\n"
