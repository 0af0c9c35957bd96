"""Articles and the store's rows: an article's fields as the columns of a row,
and an article read back from a row (its body from the file and its front
matter from JSON, only when used)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from feudcli.corpus import Article

# Article fields kept as columns of the store's rows (tags and meta as JSON).
ROW_TYPES = (("id", "TEXT"), ("title", "TEXT"), ("date", "TEXT"), ("lang", "TEXT"), ("script", "TEXT"),
             ("tags", "TEXT"), ("source", "TEXT"), ("chars", "INTEGER"), ("encoding", "TEXT"),
             ("front_matter_kind", "TEXT"), ("meta", "TEXT"))
ROW_FIELDS = tuple(name for name, _ in ROW_TYPES)


class StoredArticle(Article):
    """An Article read back from the store: its body is read from the file,
    its front matter decoded from JSON, only when used."""

    @property
    def body(self) -> str:
        if self.__dict__.get("_body") is None:
            self.__dict__["_body"] = read_body(self.__dict__["_root"], self.path)
        return self.__dict__["_body"]

    @body.setter
    def body(self, value) -> None:
        self.__dict__["_body"] = value

    @property
    def meta(self) -> dict:
        if "_meta" not in self.__dict__:
            self.__dict__["_meta"] = json.loads(self.__dict__.pop("_meta_json") or "{}")
        return self.__dict__["_meta"]

    @meta.setter
    def meta(self, value) -> None:
        self.__dict__["_meta"] = value


def read_body(root: Path, relpath: str) -> str:
    """The body of a file read before: only the front matter's fences are
    looked for; its YAML or TOML is not parsed again."""
    from feudcli.text import frontmatter as metadata
    from feudcli.corpus import read_regular_file
    from feudcli.text.decode import UndecodableFile, decode_text

    try:
        text, _, _ = decode_text(read_regular_file(os.path.join(root, relpath)))
    except (OSError, UndecodableFile):
        return ""
    text = text.replace("\r\n", "\n")
    try:
        return text[metadata.split_front_matter(text)[3]:]
    except metadata.FrontMatterError:
        return text


def stored_article(row: tuple, root: Path) -> StoredArticle:
    rowid, relpath, _, _, _, identifier, title, date, lang, script, tags, source, chars, encoding, kind, meta = row
    article = StoredArticle.__new__(StoredArticle)
    article.__dict__.update(
        id=identifier, path=relpath, title=title, date=date, lang=lang, script=script,
        tags=json.loads(tags) if tags else [], source=source, chars=chars, encoding=encoding,
        front_matter_kind=kind, _meta_json=meta, _root=root, _body=None, rowid=rowid)
    return article


def _text(value):
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _has_surrogates(value) else value
    return value


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def row_values(article) -> tuple:
    return (article.id, _text(article.title), article.date, _text(article.lang), article.script,
            _text(json.dumps(article.tags, ensure_ascii=False)), _text(article.source), article.chars,
            article.encoding, article.front_matter_kind,
            _text(json.dumps(article.meta, ensure_ascii=False, default=json_default)))


def json_default(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
