"""Reading and writing a seam recording directory (see seam.py for what it holds).

Layout:
  DIR/seam.json   {"version": 2, "entries": [{"op", "key", "value" | "file" | "error"}...]}
                  (a snapshot's adds "snapshot": its description; docs/snapshots.md)
  DIR/data/NNN-<what>   file contents and netlink replies, byte for byte

A file read's entry has "file" and "text" (its contents are UTF-8 with
surrogateescape); an ioctl's has "file" (the filled-in buffer).  A netlink
entry's file is the recv() buffers one after another; "chunks" gives their
lengths, so replay hands the decoder the same buffers; a failed exchange
has "error" too, after the buffers read before it (perhaps none).

Values keep their Python types: JSON has only lists, so version 2 writes a
tuple as {"tuple": [...]} and replay gives back exactly what the live call
returned (a list for listdir, a tuple of a str and two lists for
gethostbyaddr).  Version 1 files, which wrote both as lists, replay every
list as a tuple, as they always did.
"""
import json
import os
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
FORMAT = 2
_TUPLE = "tuple"


def save_recording(directory, log, extra=None):
    """Write `log` (the seam's entries) to `directory`; `extra`: more keys for
    seam.json's top level (a snapshot's description, under "snapshot")."""
    data_dir = os.path.join(directory, "data")
    os.makedirs(data_dir, exist_ok=True)
    entries = []
    for number, entry in enumerate(log):
        entries.append(_saved_entry(data_dir, number, entry))
    document = {"version": FORMAT}
    document.update(extra or {})
    document["entries"] = entries
    with open(os.path.join(directory, "seam.json"), "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write("\n")


def _saved_entry(data_dir, number, entry):
    saved = {"op": entry["op"], "key": entry["key"]}
    if "error" in entry:
        saved["error"] = entry["error"]
    if "interrupted" in entry:  # a listen a signal ended (seam.Kernel.netlink_listen)
        saved["interrupted"] = entry["interrupted"]
    if "value" in entry:
        saved["value"] = encode_value(entry["value"])
    if "data" not in entry:
        return saved
    data = entry["data"]
    name = "%03d-%s-%s" % (number, entry["op"], _UNSAFE.sub("_", entry["key"])[:60].strip("_"))
    if isinstance(data, list):
        saved["chunks"] = [len(chunk) for chunk in data]
        payload = b"".join(bytes(chunk) for chunk in data)
    elif isinstance(data, str):
        payload = data.encode("utf-8", "surrogateescape")
        saved["text"] = True
    else:
        payload = bytes(data)
    saved["file"] = "data/" + name
    with open(os.path.join(data_dir, name), "wb") as f:
        f.write(payload)
    return saved


def load_recording(directory):
    """{(op, key): [entry, ...]} in recorded order, with file contents loaded.
    A snapshot's description (pynettools/snapshot.py) is under the key
    ("snapshot", None)."""
    with open(os.path.join(directory, "seam.json"), encoding="utf-8") as f:
        document = json.load(f)
    answers = {}
    if "snapshot" in document:
        answers[("snapshot", None)] = document["snapshot"]
    version = document.get("version", 1)
    for saved in document["entries"]:
        entry = dict(saved)
        entry["format"] = version  # values are decoded at replay (decode_value)
        if "file" in saved:
            entry["data"] = _load_data(directory, saved)
        answers.setdefault((saved["op"], saved["key"]), []).append(entry)
    return answers


def _load_data(directory, saved):
    with open(os.path.join(directory, saved["file"]), "rb") as f:
        payload = f.read()
    if "chunks" in saved:
        chunks, offset = [], 0
        for length in saved["chunks"]:
            chunks.append(payload[offset:offset + length])
            offset += length
        return chunks
    if saved.get("text"):
        return payload.decode("utf-8", "surrogateescape")
    return payload


def encode_value(value):
    """A JSON-able form of an answer that keeps tuples apart from lists."""
    if isinstance(value, tuple):
        return {_TUPLE: [encode_value(v) for v in value]}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    return value


def decode_value(value, version=FORMAT):
    """The answer encode_value() wrote, as new objects (a tool may change them)."""
    if version < 2:
        return _tuples(value)
    if isinstance(value, dict) and set(value) == {_TUPLE}:
        return tuple(decode_value(v, version) for v in value[_TUPLE])
    if isinstance(value, list):
        return [decode_value(v, version) for v in value]
    return value


def _tuples(value):
    """Version 1: JSON turned tuples into lists; lookups answer tuples, so turn them back."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value

