"""Markdown with front matter -> (metadata, plain text).

    ---                          +++                           {"title": "...",
    title: "Hun Manet à Hanoï"   title = "Hun Manet à Hanoï"    "date": "2024-12-06"}
    date: 2024-12-06             date = 2024-12-06
    tags: [Cambodge, Vietnam]    tags = ["Cambodge"]           Text...
    ---                          +++
    Text...                      Text...

YAML front matter is read as the flat subset news sites write (``key: value``, quoted values, ``[a, b]`` and
``- item`` lists, ``|`` and ``>`` blocks), and every value stays text: ``title: No`` is the word "No", not
false, and ``id: 0123`` keeps its zero (python-frontmatter with PyYAML gets both wrong, and skips files with
a BOM). TOML (``+++``) goes to the standard library's ``tomllib``; JSON front matter to ``json``. Front matter
that cannot be read is a note, and the whole text is kept as the body.

The body loses Markdown's markup, not its words: ``[text](url)`` -> ``text``, images, emphasis, heading
marks, code fences; a first ``# Heading`` is the title when the front matter has none. HTML in it loses its tags,
and scripts, styles, embeds and comments their content; entities are decoded.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from typing import Any

from .fields import HTML_DROPPED, HTML_ENTITY

_KEY = re.compile(r"^([A-Za-z_][\w.\- ]*?)\s*:(?:\s+(.*?))?\s*$")
_ITEM = re.compile(r"^\s+-\s+(.*?)\s*$|^-\s+(.*?)\s*$")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """``(metadata, body, notes)``; no front matter gives ``({}, text, ())``."""
    text = text.lstrip("\ufeff")
    if text.startswith("{"):
        try:
            meta, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            return {}, text, ()
        return (meta, text[end:].lstrip("\n"), ()) if isinstance(meta, dict) else ({}, text, ())
    first, _, rest = text.partition("\n")
    opener = first.rstrip()
    if opener not in ("---", "+++"):
        return {}, text, ()
    lines = rest.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip() == opener or (opener == "---" and line.rstrip() == "..."):
            block, body = "\n".join(lines[:i]), "\n".join(lines[i + 1:]).lstrip("\n")
            break
    else:  # never closed: a rule at the top of the text, not front matter; noted when it looked like some
        looks_like = bool(lines) and re.match(r"\s*[A-Za-z_][\w-]*\s*[:=]", lines[0]) is not None
        return {}, text, (f"front matter opened with {opener} but never closed: read as text",) if looks_like else ()
    if opener == "---" and not block.strip():
        return {}, text, ()
    try:
        meta = tomllib.loads(block) if opener == "+++" else yaml_subset(block)
    except (ValueError, tomllib.TOMLDecodeError) as e:
        kind = "TOML" if opener == "+++" else "YAML"
        return {}, body, (f"front matter not understood, ignored: {kind}: {str(e)[:80]}",)
    return meta, body, ()


def _scalar(value: str) -> Any:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else json.loads(value)
    if value.startswith("[") and value.endswith("]"):
        return [_scalar(x) for x in _split_flow(value[1:-1]) if x.strip()]
    if value.startswith(("{", "&", "*", "!")):
        raise ValueError(f"unsupported value {value[:30]!r} (objects, anchors, aliases and tags)")
    return value.split(" #", 1)[0].rstrip()  # a comment after a plain value


def _split_flow(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    quote = ""
    for ch in text:
        if quote:
            current += ch
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return out


def yaml_subset(block: str) -> dict[str, Any]:
    """``key: value`` lines, ``- item`` lists and ``|``/``>`` blocks; anything else raises ValueError."""
    meta: dict[str, Any] = {}
    lines = block.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _KEY.match(line)
        if not m or line[0].isspace():
            raise ValueError(f"line {i}: {line.strip()[:40]!r}")
        key, value = m.group(1), m.group(2)
        if value in ("|", ">", "|-", ">-", "|+", ">+"):
            block_lines = []
            while i < len(lines) and (not lines[i].strip() or lines[i][:1].isspace()):
                block_lines.append(lines[i].strip())
                i += 1
            joiner = "\n" if value.startswith("|") else " "
            meta[key] = joiner.join(block_lines).strip()
        elif value is None or value == "":
            items = []
            while i < len(lines) and (item := _ITEM.match(lines[i])):
                items.append(_scalar(item.group(1) if item.group(1) is not None else item.group(2)))
                i += 1
            meta[key] = items if items else None
        else:
            meta[key] = _scalar(value)
    return meta


_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]+)`")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def markdown_text(text: str) -> tuple[str | None, str]:
    """``(first heading or None, plain text)``: the words of a Markdown document without its markup."""
    out: list[str] = []
    heading: str | None = None
    fenced = False
    text = HTML_DROPPED.sub(lambda m: "\n" * m.group().count("\n"), text)  # line count kept: fences stay paired
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if _LINK_DEF.match(line):
            continue
        line = _TAG.sub("", line)
        line = _IMAGE.sub(lambda m: m.group(1), line)
        line = _LINK.sub(lambda m: m.group(1), line)
        line = _REF_LINK.sub(lambda m: m.group(1), line)
        line = _CODE.sub(lambda m: m.group(1), line)
        line = _EMPHASIS.sub(lambda m: m.group(2), line)
        if "&" in line:
            line = HTML_ENTITY.sub(lambda m: html.unescape(m.group()), line)
        if m := _HEADING.match(line):
            line = m.group(1)
            if heading is None and not any(x.strip() for x in out):
                heading = line  # the title, when it opens the document
                continue
        if re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            line = ""  # a horizontal rule
        out.append(line.rstrip())
    return heading, re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
