"""Conversion between :class:`byline.Doc` and spaCy's ``Doc``.

::

    >>> import spacy
    >>> sdoc = nlp("Vladimir Putin met Xi Jinping in Moscow.").to_spacy(spacy.blank("en"))
    >>> [(e.text, e.label_) for e in sdoc.ents]
    [('Vladimir Putin', 'PERSON'), ('Xi Jinping', 'PERSON'), ('Moscow', 'GPE')]
    >>> doc = byline.from_spacy(sdoc)           # back: same text, tokens and entities

spaCy is imported only when a conversion runs; without it the conversion raises
ImportError saying ``pip install spacy``. No spaCy model is needed: any ``Vocab``
(``spacy.blank("en").vocab``, or a new one) will do.

Tokens. byline keeps the separator after each token as plain text (a space, several
spaces, line breaks); spaCy gives each token a ``whitespace_`` of at most one space and
makes other whitespace separate tokens. :func:`to_spacy` follows spaCy's tokenizer
convention: a separator that starts with one space becomes the token's trailing space
and the rest (if any) one whitespace token; any other separator (``"\\n\\n"``) becomes one
whitespace token; whitespace before the first token becomes a leading whitespace
token. So ``sdoc.text == doc.text`` always, and every byline token is exactly one spaCy
token. :func:`from_spacy` drops spaCy's whitespace tokens (``is_space``) again: their
text becomes separators.

Entities map token for token, so they are always aligned in both directions (no
``alignment_mode`` is needed). ``to_spacy`` sets each entity's ``kb_id_`` to its
normalised value (the value itself when it is a string, the TIMEX3 value of a DATE or
TIME, e.g. ``"2024-12-30"``, else
compact JSON such as ``{"country":"CN"}``; empty when there is none) and stores score,
source, value and the Doc meta in ``sdoc.user_data["byline"]``, which spaCy keeps when it
serialises a Doc. ``from_spacy`` restores them from there when present; other entities
get score 1.0, source ``"user"`` and, when ``kb_id_`` is set, the value
``{"kb_id": kb_id_}``. Leading or trailing whitespace tokens inside a spaCy entity are
left out of it; an entity made only of whitespace is dropped.

Sentences: ``to_spacy`` sets spaCy's sentence starts from byline's. ``from_spacy`` uses
spaCy's sentences when the spaCy Doc has them (a parser or senter ran, or they were
set), else byline's sentence splitter on the text; paragraphs always come from byline's
splitter (blank lines). Token kinds are the ones byline's tokenizer gives for the same
character span, ``"other"`` for tokens it would split differently.

THREAD SAFETY: the functions keep no state; a byline Doc may be converted from many
threads, spaCy objects follow spaCy's rules.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from typing import Any, Dict, List, Optional, Tuple

from byline.doc import _SENT_START, Doc

__all__ = ["from_spacy", "to_spacy"]


def _spacy() -> Any:
    try:
        import spacy  # noqa: F401
        import spacy.tokens
        import spacy.vocab
    except ImportError as e:
        raise ImportError(f"byline's spaCy conversion needs spaCy: pip install spacy ({e})") from e
    return spacy


def _vocab(spacy: Any, vocab_or_nlp: Any) -> Any:
    if vocab_or_nlp is None:
        return spacy.vocab.Vocab()
    if isinstance(vocab_or_nlp, spacy.vocab.Vocab):
        return vocab_or_nlp
    vocab = getattr(vocab_or_nlp, "vocab", None)
    if isinstance(vocab, spacy.vocab.Vocab):
        return vocab
    raise TypeError(
        f"to_spacy() expects a spaCy Vocab or Language (e.g. spacy.blank('en')) or None, "
        f"not {type(vocab_or_nlp).__name__}"
    )


def _kb_id(value_json: Optional[str]) -> str:
    if value_json is None:
        return ""
    value = json.loads(value_json)
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("timex"), str):  # DATE/TIME: the TIMEX3 value
        return value["timex"]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def to_spacy(doc: Doc, vocab_or_nlp: Any = None) -> Any:
    """Convert a :class:`byline.Doc` to a ``spacy.tokens.Doc`` (see the module docs).

    ``vocab_or_nlp``: a spaCy ``Vocab``, a ``Language`` (its vocab is used) or None
    (a new empty Vocab). The result has ``text == doc.text``, one spaCy token per
    byline token plus whitespace tokens for separators other than one space, byline's
    sentence starts, and ``ents`` with labels and ``kb_id_``. Raises TypeError for a
    non-Doc or an unusable ``vocab_or_nlp``, ImportError when spaCy is missing.
    """
    if not isinstance(doc, Doc):
        raise TypeError(f"to_spacy() expects a byline.Doc, not {type(doc).__name__}")
    spacy = _spacy()
    vocab = _vocab(spacy, vocab_or_nlp)
    text = doc.text
    starts, ends, flags = doc._columns()[:3]
    n = len(starts)
    is_sent = [bool(f & _SENT_START) for f in flags]

    words: List[str] = []
    spaces: List[bool] = []
    sent_starts: List[bool] = []
    index: List[int] = []  # byline token -> spaCy token
    separators: List[int] = []  # spaCy tokens that are text between byline tokens
    lead = text[: starts[0]] if n else text
    if lead:
        separators.append(len(words))
        words.append(lead)
        spaces.append(False)
        sent_starts.append(True)
    for i in range(n):
        index.append(len(words))
        words.append(text[starts[i] : ends[i]])
        sent_starts.append(is_sent[i] and not (i == 0 and lead))
        sep = text[ends[i] : starts[i + 1] if i + 1 < n else len(text)]
        spaces.append(sep.startswith(" "))
        rest = sep[1:] if sep.startswith(" ") else sep
        if rest:
            separators.append(len(words))
            words.append(rest)
            spaces.append(False)
            sent_starts.append(False)
    if words and not any(sent_starts):
        sent_starts[0] = True
    sdoc = spacy.tokens.Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts if n else None)

    ents = []
    stored = []
    prev_end = 0
    for b, e, label, score, source, value in doc._c.entities():
        if b < prev_end:  # spaCy entities cannot overlap; byline's do not either
            continue
        prev_end = e
        ents.append(spacy.tokens.Span(sdoc, index[b], index[e - 1] + 1, label=label, kb_id=_kb_id(value)))
        stored.append(
            {"start": starts[b], "end": ends[e - 1], "label": label, "score": score, "source": source, "value": value}
        )
    sdoc.ents = ents
    sdoc.user_data["byline"] = {
        "meta": doc.meta,
        "entities": stored,
        "utf8_replaced": doc.utf8_replaced,
        "separators": separators,
        "n_tokens": len(words),
    }
    return sdoc


def _starts_from(offsets: Any, token_starts: List[int]) -> List[int]:
    """Token indices where the given character ranges start (the first token at or after each)."""
    out = []
    for s in offsets[:, 0].tolist():
        k = bisect_left(token_starts, s)
        if k < len(token_starts):
            out.append(k)
    return out


def _ranges(starts: List[int], n: int) -> List[Tuple[int, int]]:
    cuts = sorted(set(starts) | {0})
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [n]) if a < b]


def from_spacy(sdoc: Any) -> Doc:
    """Convert a ``spacy.tokens.Doc`` to a :class:`byline.Doc` (see the module docs).

    The byline Doc has the same text, one token per non-whitespace spaCy token, the
    spaCy entities (label; score, source and value restored from what
    :func:`to_spacy` stored, else 1.0, ``"user"`` and ``{"kb_id": ...}`` or None),
    spaCy's sentences when set, else byline's, byline's paragraphs, and the stored
    meta. Raises TypeError when ``sdoc`` is not a spaCy Doc, ImportError when spaCy
    is missing.
    """
    spacy = _spacy()
    if not isinstance(sdoc, spacy.tokens.Doc):
        raise TypeError(f"from_spacy() expects a spacy.tokens.Doc, not {type(sdoc).__name__}")
    from byline.tokenizer import tokenize

    text = sdoc.text
    tokens: List[List[int]] = []
    index: List[Optional[int]] = []  # spaCy token -> byline token (None for whitespace)
    # Separators recorded by to_spacy (also non-whitespace ones byline skips, e.g. U+200B),
    # as long as the spaCy Doc still has the tokens it was made with.
    stored = sdoc.user_data.get("byline") if isinstance(sdoc.user_data.get("byline"), dict) else {}
    seps = set(stored.get("separators", ())) if stored.get("n_tokens") == len(sdoc) else set()
    for t in sdoc:
        if t.is_space or t.i in seps:
            index.append(None)
            continue
        index.append(len(tokens))
        tokens.append([t.idx, t.idx + len(t.text)])
    n = len(tokens)
    token_starts = [a for a, _ in tokens]

    ref = tokenize(text)  # byline's own sentences, paragraphs and token kinds for the same text
    kind_of = {(t.start_char, t.end_char): t.kind for t in ref}
    kinds = [kind_of.get((a, b), "other") for a, b in tokens]
    para_starts = _starts_from(ref.paragraph_offsets(), token_starts)
    if sdoc.has_annotation("SENT_START"):
        sent_starts = []
        for sent in sdoc.sents:
            mapped = [index[i] for i in range(sent.start, sent.end) if index[i] is not None]
            if mapped:
                sent_starts.append(mapped[0])
    else:
        sent_starts = _starts_from(ref.sentence_offsets(), token_starts)
    sents = _ranges(sent_starts + para_starts, n) if n else []
    paras = _ranges(para_starts, n) if n else []

    stored: Dict[str, Any] = sdoc.user_data.get("byline") or {}
    extra = {(e["start"], e["end"], e["label"]): e for e in stored.get("entities", [])}
    entities = []
    for ent in sdoc.ents:
        mapped = [index[i] for i in range(ent.start, ent.end) if index[i] is not None]
        if not mapped:
            continue
        a, b = mapped[0], mapped[-1] + 1
        start, end = tokens[a][0], tokens[b - 1][1]
        info = extra.get((start, end, ent.label_))
        if info is not None:
            score, source = info["score"], info["source"]
            value = None if info["value"] is None else json.loads(info["value"])
        else:
            score, source = 1.0, "user"
            value = {"kb_id": ent.kb_id_} if ent.kb_id_ else None
        entities.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": ent.label_,
                "score": score,
                "source": source,
                "tokens": [a, b],
                "value": value,
            }
        )

    data = {
        "schema": "byline.doc/1",
        "text": text,
        "tokens": tokens,
        "token_kinds": kinds,
        "sentences": [[tokens[a][0], tokens[b - 1][1]] for a, b in sents],
        "paragraphs": [[tokens[a][0], tokens[b - 1][1]] for a, b in paras],
        "entities": entities,
        "meta": {str(k): str(v) for k, v in (stored.get("meta") or {}).items()},
        "utf8_replaced": bool(stored.get("utf8_replaced", False)),
    }
    return Doc.from_json(json.dumps(data, ensure_ascii=False))
