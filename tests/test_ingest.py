"""Behaviour of the ingest stage: every reader, every encoding, and every kind of bad input.

Bad inputs must come out as a Quarantined with a reason a person can act on, and the good items
around them must still come through.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import random
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from haberdar.ingest import sources
from haberdar.ingest.encoding import DecodeError, decode_bytes
from haberdar.ingest.feeds import read_feed
from haberdar.ingest.html import declared_charset, fragment_to_text, read_html
from haberdar.ingest.jsonl import FieldMap, read_json, read_jsonl
from haberdar.ingest.sources import iter_documents, sniff_format
from haberdar.ingest.text import read_text
from haberdar.ingest.warc import read_warc
from haberdar.records import Quarantined, RawDocument

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

TURKISH = "Ağır şırınga İğdır'da ışık. Şule ile Ğ harfi, Çağlayan'da öğrenciler şöyle dedi."

PARAGRAPHS = [
    "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Ankara'da Hamas Siyasi Büro "
    "liderleriyle görüştü. Görüşmede ateşkes müzakerelerinde gelinen son nokta ele alındı.",
    "Güvenlik kaynaklarından edinilen bilgiye göre, görüşmede esir takası ve insani yardımın "
    "bölgeye ulaştırılması için atılabilecek somut adımlar da konuşuldu.",
    "Milli İstihbarat Teşkilatı, sürecin başından bu yana ateşkesin sağlanması için taraflar ve "
    "ilgili tüm aktörler ile temaslarını sürdürmeye devam ediyor.",
]


def news_page(
    *, head: str = "", charset: str = "utf-8", paragraphs: list[str] | None = None
) -> str:
    """A news page with the usual chrome around the article."""
    body = "".join(f"<p>{p}</p>" for p in (PARAGRAPHS if paragraphs is None else paragraphs))
    nav = "".join(f'<li><a href="/{w}">{w}</a></li>' for w in ("Gündem", "Ekonomi", "Spor"))
    return (
        f'<!DOCTYPE html><html lang="tr"><head><meta charset="{charset}">'
        f"<title>MİT Başkanı Kalın Hamas heyetiyle görüştü - Haber Sitesi</title>{head}</head>"
        f"<body><header><ul>{nav}</ul></header><main><article>"
        f"<h1>MİT Başkanı Kalın Hamas heyetiyle görüştü</h1>{body}</article>"
        '<aside><a href="/x">Çok okunanlar</a></aside></main>'
        "<footer>© 2024 Haber Sitesi. Tüm hakları saklıdır.</footer></body></html>"
    )


def kinds(items: list[RawDocument | Quarantined]) -> list[str]:
    return ["doc" if isinstance(i, RawDocument) else "quarantined" for i in items]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM in native (little-endian) order
    ],
)
def test_unicode_encodings_are_decoded(codec: str, expected: str) -> None:
    text, encoding = decode_bytes(TURKISH.encode(codec))
    assert text == TURKISH
    assert encoding == expected


def test_utf8_bom_is_not_part_of_the_text() -> None:
    text, _ = decode_bytes(b"\xef\xbb\xbf" + TURKISH.encode())
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom_in_either_byte_order_is_decoded(bom: bytes, codec: str) -> None:
    text, encoding = decode_bytes(bom + TURKISH.encode(codec))
    assert text == TURKISH
    assert encoding == "utf-16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec: str) -> None:
    text, encoding = decode_bytes(TURKISH.encode(codec))
    assert text == TURKISH
    assert encoding == codec


def test_windows_1254_file_is_decoded() -> None:
    text, encoding = decode_bytes(TURKISH.encode("cp1254"))
    assert text == TURKISH
    assert encoding == "cp1254"


def test_iso_8859_9_file_is_decoded() -> None:
    # ISO-8859-9 and windows-1254 share every Turkish letter; either name reads it right.
    text, encoding = decode_bytes(TURKISH.encode("iso-8859-9"))
    assert text == TURKISH
    assert encoding in ("cp1254", "iso8859-9")


def test_windows_1254_typographic_quotes_survive() -> None:
    source = "“Görüşme olumlu geçti” dedi – Kalın’ın açıklaması"
    assert decode_bytes(source.encode("cp1254")) == (source, "cp1254")


def test_utf8_cut_in_the_middle_of_a_letter_stays_utf8() -> None:
    data = TURKISH.encode()[:-1] + "ş".encode()[:1]
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.startswith("Ağır şırınga")


def test_binary_content_raises_decode_error_with_a_reason() -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(
        DecodeError, match=r"binary content \(\d+% control bytes.*not a text article"
    ):
        decode_bytes(data)


def test_declared_latin1_on_a_turkish_page_is_read_as_windows_1254() -> None:
    text, encoding = decode_bytes(TURKISH.encode("cp1254"), declared="iso-8859-1")
    assert (text, encoding) == (TURKISH, "cp1254")


def test_valid_utf8_wins_over_a_stale_legacy_declaration() -> None:
    text, encoding = decode_bytes(TURKISH.encode(), declared="iso-8859-9")
    assert (text, encoding) == (TURKISH, "utf-8")


# --------------------------------------------------------------------------- text files


def test_text_file_is_one_article() -> None:
    doc = read_text("a.txt", TURKISH.encode())
    assert isinstance(doc, RawDocument)
    assert (doc.format, doc.text, doc.encoding) == ("txt", TURKISH, "utf-8")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty_file_is_quarantined(data: bytes) -> None:
    item = read_text("empty.txt", data)
    assert isinstance(item, Quarantined)
    assert item.reason == "empty file: no text to read"


def test_binary_file_is_quarantined_and_the_next_file_still_read(tmp_path: Path) -> None:
    rng = random.Random(7)
    (tmp_path / "a.bin").write_bytes(bytes(rng.randrange(256) for _ in range(4000)) + b"\x00" * 10)
    (tmp_path / "b.txt").write_text(TURKISH, encoding="utf-8")
    items = list(iter_documents([str(tmp_path)]))
    assert kinds(items) == ["quarantined", "doc"]
    assert "binary content" in items[0].reason and "not a text article" in items[0].reason


# --------------------------------------------------------------------------- HTML


def test_html_page_gives_text_and_metadata() -> None:
    head = (
        '<meta property="article:published_time" content="2024-09-13T21:34:00+03:00">'
        '<meta property="og:site_name" content="Haber Sitesi">'
        '<meta name="author" content="Ayşe Yılmaz">'
    )
    page = news_page(head=head).encode()
    doc = read_html("p.html", page, {"url": "https://www.habersitesi.com.tr/gundem/kalin-123"})
    assert isinstance(doc, RawDocument)
    assert doc.format == "html" and doc.raw == page
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text.split("\n")
    assert "Çok okunanlar" not in doc.text and "hakları saklıdır" not in doc.text
    assert doc.meta["title"].startswith("MİT Başkanı Kalın")
    assert doc.meta["published"] == "2024-09-13T21:34"
    assert doc.meta["published_precision"] == "minute"
    assert doc.meta["published_source"] == "htmldate"
    assert doc.meta["site"] == "Haber Sitesi"
    assert doc.meta["author"] == "Ayşe Yılmaz"
    assert doc.meta["url"] == "https://www.habersitesi.com.tr/gundem/kalin-123"


def test_page_with_only_a_date_gets_day_precision() -> None:
    head = '<meta name="date" content="2025-06-30">'
    doc = read_html("p.html", news_page(head=head).encode())
    assert isinstance(doc, RawDocument)
    assert (doc.meta["published"], doc.meta["published_precision"]) == ("2025-06-30", "day")


def test_page_without_a_date_has_no_published() -> None:
    doc = read_html("p.html", news_page().encode())
    assert isinstance(doc, RawDocument)
    assert "published" not in doc.meta


def test_windows_1254_page_is_decoded_from_its_meta_charset() -> None:
    page = news_page(charset="windows-1254").encode("cp1254")
    assert declared_charset(page) == "windows-1254"
    doc = read_html("p.html", page)
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "cp1254"
    assert PARAGRAPHS[0] in doc.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Boş</title></head><body></body></html>",
        "<html><head><title>Menü</title></head><body><nav><a href='/a'>Gündem</a></nav>"
        "<ul><li><a href='/b'>Ekonomi</a></li><li><a href='/c'>Spor</a></li></ul>"
        "<div>Copyright 2024 Haber Sitesi</div></body></html>",
    ],
)
def test_html_with_no_body_is_quarantined(page: str) -> None:
    item = read_html("p.html", page.encode())
    assert isinstance(item, Quarantined)
    assert item.reason.startswith("HTML page has no article text (trafilatura found ")


def test_html_escaped_twice_is_unescaped_twice() -> None:
    fragment = '&lt;img src="x.jpg" /&gt;Bakanlıktan &lt;b&gt;yazılı&lt;/b&gt; açıklama'
    assert fragment_to_text(fragment) == "Bakanlıktan yazılı açıklama"


def test_html_fragment_becomes_plain_text() -> None:
    fragment = (
        '<a href=""><img src="x.jpg" /></a>Mısır&apos;ın güneyinde &#039;saldırı&#039;'
        "<br>İkinci satır<p>Paragraf &amp; devamı</p><script>var x = 1;</script>"
    )
    assert (
        fragment_to_text(fragment)
        == "Mısır'ın güneyinde 'saldırı'\nİkinci satır\nParagraf & devamı"
    )


# --------------------------------------------------------------------------- JSONL / JSON


def jsonl(*records: object) -> io.BytesIO:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def test_field_map_is_detected_from_the_first_record() -> None:
    stream = jsonl(
        {
            "title": "Başlık",
            "content": "Gövde metni.",
            "source": "haberturk",
            "url": "https://h.com/1",
            "date": "2025-04-30",
            "id": "a1",
        },
    )
    doc = next(read_jsonl("f.jsonl", stream))
    assert isinstance(doc, RawDocument)
    assert doc.text == "Gövde metni."
    assert doc.meta == {
        "title": "Başlık",
        "published": "2025-04-30",
        "published_source": "jsonl.date",
        "site": "haberturk",
        "url": "https://h.com/1",
        "id": "a1",
    }


def test_field_map_parse_reads_the_cli_option() -> None:
    fmap = FieldMap.parse("text=govde, title=baslik,html=")
    assert (fmap.text, fmap.title, fmap.html, fmap.date) == ("govde", "baslik", "", None)
    doc = next(
        read_jsonl("f.jsonl", jsonl({"govde": "Metin", "baslik": "B", "html": "<p>x</p>"}), fmap)
    )
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.meta["title"]) == ("Metin", "B")


@pytest.mark.parametrize(
    ("spec", "message"), [("body", "ROLE=FIELD"), ("author=x", "unknown role")]
)
def test_field_map_parse_rejects_bad_specs_with_a_hint(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FieldMap.parse(spec)


def test_html_field_is_used_when_text_is_null_and_entities_are_decoded() -> None:
    record = {
        "url": "http://h.com/1",
        "title": "Mısır&apos;da saldırı",
        "published": "2017-01-17 12:14:08",
        "description_html": '<a href=""><img src="t.jpg"/></a>Mısır&apos;ın güneyinde saldırı.',
        "text": None,
    }
    doc = next(read_jsonl("rss.jsonl", jsonl(record)))
    assert isinstance(doc, RawDocument)
    assert doc.text == "Mısır'ın güneyinde saldırı."
    assert doc.meta["title"] == "Mısır'da saldırı"
    assert doc.meta["published"] == "2017-01-17 12:14:08"


def test_malformed_jsonl_line_is_quarantined_and_the_lines_around_it_survive() -> None:
    stream = jsonl({"text": "Bir"}, '{"text": "İki" "title": 1}', "", {"text": "Üç"})
    items = list(read_jsonl("f.jsonl", stream))
    assert kinds(items) == ["doc", "quarantined", "doc"]
    assert items[1].uri == "f.jsonl#L2"
    assert items[1].reason == "line 2: invalid JSON (Expecting ',' delimiter at column 16)"
    assert items[2].uri == "f.jsonl#L4"  # blank lines still count, so #L4 is line 4 of the file


def test_jsonl_line_without_text_is_quarantined_with_the_fields_it_has() -> None:
    items = list(read_jsonl("f.jsonl", jsonl({"text": "Bir"}, {"title": "Yalnız başlık"}, [1, 2])))
    assert kinds(items) == ["doc", "quarantined", "quarantined"]
    assert items[1].reason.startswith("line 2: no article text")
    assert "--fields text=FIELD" in items[1].reason
    assert items[2].reason == "line 3: a JSON list where an object (one article) was expected"


def test_oversized_jsonl_line_is_quarantined_and_reading_goes_on() -> None:
    stream = jsonl({"text": "Bir"}, {"text": "x" * 5000}, {"text": "Üç"})
    items = list(read_jsonl("f.jsonl", stream, max_line_bytes=1000))
    assert kinds(items) == ["doc", "quarantined", "doc"]
    assert "over the 0.001 MB limit for one JSONL record" in items[1].reason
    assert items[2].text == "Üç"


def test_jsonl_in_windows_1254_is_decoded_line_by_line() -> None:
    line = json.dumps({"text": TURKISH}, ensure_ascii=False).encode("cp1254")
    doc = next(read_jsonl("f.jsonl", io.BytesIO(line + b"\n")))
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.encoding) == (TURKISH, "cp1254")


def test_jsonl_is_streamed_not_loaded() -> None:
    class Endless(io.RawIOBase):
        """An endless JSONL stream: reading it all would never finish."""

        def __init__(self) -> None:
            self.counter = itertools.count(1)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            line = json.dumps({"text": f"Haber {next(self.counter)}"}).encode() + b"\n"
            n = min(len(buffer), len(line))
            buffer[:n] = line[:n]
            return n

    stream = io.BufferedReader(Endless())
    first = list(itertools.islice(read_jsonl("endless.jsonl", stream), 3))
    assert [d.text for d in first] == ["Haber 1", "Haber 2", "Haber 3"]


def test_json_array_is_read_item_by_item() -> None:
    data = json.dumps(
        [{"content": "Bir", "headline": "B1"}, {"content": "İki"}], ensure_ascii=False
    )
    items = list(read_json("a.json", io.BytesIO(data.encode()), chunk_size=8))
    assert [(i.uri, i.text) for i in items] == [("a.json#item1", "Bir"), ("a.json#item2", "İki")]
    assert items[0].meta["title"] == "B1"


def test_json_array_with_a_syntax_error_keeps_what_came_before() -> None:
    data = b'[{"text": "Bir"}, {"text": "Iki",, }, {"text": "Uc"}]'
    items = list(read_json("a.json", io.BytesIO(data)))
    assert kinds(items) == ["doc", "quarantined"]
    assert items[1].reason.startswith("item 2: invalid JSON")


def test_single_json_object_file_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "T", "body": "Gövde"}, indent=2), encoding="utf-8")
    items = list(iter_documents([str(path)]))
    assert [(i.text, i.meta["title"]) for i in items] == [("Gövde", "T")]


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="windows-1254"?>
<rss version="2.0"><channel><title>Haber Sitesi</title><link>https://www.habersitesi.com.tr/</link>
<item><title>Kalın Hamas heyetiyle görüştü</title><link>https://www.habersitesi.com.tr/a/1</link>
<pubDate>Mon, 30 Jun 2025 00:22:00 +0300</pubDate><guid>a1</guid>
<description><![CDATA[<img src="x.jpg"/><p>MİT Başkanı İbrahim Kalın görüştü.</p>]]></description></item>
<item><title>Boş haber</title><link>https://www.habersitesi.com.tr/a/2</link></item>
<item><title>Üçüncü</title><description>Düz metin özet.</description></item>
</channel></rss>"""


def test_rss_entries_become_documents() -> None:
    items = list(read_feed("f.rss", RSS.encode("cp1254")))
    assert kinds(items) == ["doc", "quarantined", "doc"]
    doc = items[0]
    assert isinstance(doc, RawDocument)
    assert (doc.uri, doc.format, doc.text) == (
        "f.rss#entry1",
        "rss",
        "MİT Başkanı İbrahim Kalın görüştü.",
    )
    assert doc.meta["title"] == "Kalın Hamas heyetiyle görüştü"
    assert doc.meta["published"] == "2025-06-30T00:22+03:00"  # local time kept, not moved to UTC
    assert doc.meta["url"] == "https://www.habersitesi.com.tr/a/1"
    assert doc.meta["site"] == "Haber Sitesi"
    assert items[1].reason == "feed entry 2 has no text (no content or summary)"


def test_feed_entry_raw_is_stable_across_runs() -> None:
    first = [i.raw for i in read_feed("f.rss", RSS.encode("cp1254"))]
    second = [i.raw for i in read_feed("f.rss", RSS.encode("cp1254"))]
    assert first == second
    assert json.loads(first[0])["id"] == "a1"


def test_atom_full_content_is_preferred_over_summary() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>AA</title><link href="https://www.aa.com.tr/"/><updated>2024-09-13T21:34:00+03:00</updated>
    <entry><title>Başlık</title><link href="https://www.aa.com.tr/1"/><id>urn:1</id>
    <updated>2024-09-13T21:34:00+03:00</updated><summary>Kısa özet</summary>
    <content type="html">&lt;p&gt;Birinci paragraf.&lt;/p&gt;&lt;p&gt;İkinci paragraf.&lt;/p&gt;</content>
    </entry></feed>"""
    (doc,) = read_feed("f.atom", atom.encode())
    assert isinstance(doc, RawDocument)
    assert doc.text == "Birinci paragraf.\nİkinci paragraf."
    assert doc.meta["published"] == "2024-09-13T21:34+03:00"


def test_broken_xml_is_quarantined_with_feedparsers_message() -> None:
    (item,) = read_feed("bad.xml", b"<rss><channel><title>x</tit")
    assert isinstance(item, Quarantined)
    assert item.reason.startswith("not a readable RSS/Atom feed (")


# --------------------------------------------------------------------------- WARC


def build_warc(path: Path, pages: list[tuple[str, bytes]], *, gz: bool = True) -> None:
    """A WARC like a crawler writes: request, HTML response and an image per page, and a 404."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, body in pages:
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
            image = StatusAndHeaders(
                "200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url + ".jpg",
                    "response",
                    payload=io.BytesIO(b"\xff\xd8" * 50),
                    http_headers=image,
                )
            )
        missing = StatusAndHeaders(
            "404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://h.com/yok",
                "response",
                payload=io.BytesIO(news_page().encode()),
                http_headers=missing,
            )
        )


def warc_pages(n: int) -> list[tuple[str, bytes]]:
    return [
        (
            f"https://www.habersitesi.com.tr/haber/{i}",
            news_page(paragraphs=[f"Haber {i}."] + PARAGRAPHS).encode(),
        )
        for i in range(n)
    ]


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, warc_pages(3))
    items = list(iter_documents([str(path)]))
    assert kinds(items) == ["doc", "doc", "doc"]  # requests, images and the 404 are skipped
    doc = items[1]
    assert isinstance(doc, RawDocument)
    assert doc.format == "warc"
    assert doc.uri.startswith(f"{path}#offset=")
    assert doc.meta["url"] == "https://www.habersitesi.com.tr/haber/1"
    assert "Haber 1." in doc.text
    assert doc.meta["fetched"].startswith("20")
    assert "published" not in doc.meta  # the crawl date is not a publication date


def test_warc_page_over_the_limit_is_quarantined_and_the_next_page_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages = warc_pages(2)
    pages[0] = (pages[0][0], news_page(paragraphs=PARAGRAPHS * 40).encode())
    build_warc(path, pages, gz=False)
    with path.open("rb") as fh:
        items = list(read_warc(str(path), fh, max_bytes=5000))
    assert kinds(items) == ["quarantined", "doc"]
    assert "over the 0.005 MB limit for one article" in items[0].reason
    assert items[0].uri.startswith(f"{path}#offset=")


def test_truncated_gzip_warc_keeps_the_readable_records(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    build_warc(path, warc_pages(3))
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.7)])
    items = list(iter_documents([str(path)]))
    assert kinds(items)[-1] == "quarantined"
    assert kinds(items)[:-1] and set(kinds(items)[:-1]) == {"doc"}
    assert items[-1].reason.startswith("WARC archive truncated or corrupt after record ")


def test_plain_warc_cut_inside_a_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    build_warc(path, warc_pages(2), gz=False)
    data = path.read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b"WARC/1.", i)]
    path.write_bytes(data[: starts[4] + 30])  # inside the header of the second page's response
    items = list(iter_documents([str(path)]))
    assert kinds(items) == ["doc", "quarantined"]
    assert "truncated or corrupt" in items[-1].reason


# --------------------------------------------------------------------------- sources


def test_directory_is_walked_in_order_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("İkinci", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Birinci", encoding="utf-8")
    (tmp_path / ".gizli.txt").write_text("Gizli", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Git", encoding="utf-8")
    assert [d.text for d in iter_documents([str(tmp_path)])] == ["Birinci", "İkinci"]


def test_glob_patterns_are_expanded(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B", encoding="utf-8")
    (tmp_path / "c.html").write_text("<html></html>", encoding="utf-8")
    texts = [d.text for d in iter_documents([str(tmp_path / "**" / "*.txt")])]
    assert texts == ["B", "A"]
    (item,) = iter_documents([str(tmp_path / "*.pdf")])
    assert isinstance(item, Quarantined) and item.reason.startswith("no files match the pattern")


def test_missing_path_is_quarantined_and_the_rest_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Var", encoding="utf-8")
    missing = str(tmp_path / "yok.txt")
    items = list(iter_documents([missing, str(tmp_path / "a.txt")]))
    assert kinds(items) == ["quarantined", "doc"]
    assert items[0].reason == f"no such file or directory: {missing}"


def test_50_mb_file_is_quarantined_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50_000_000)
    start = time.perf_counter()
    items = list(iter_documents([str(big), str(big)], max_bytes=20_000_000))
    assert time.perf_counter() - start < 1.0
    assert kinds(items) == ["quarantined", "quarantined"]
    assert items[0].reason == (
        "file is 50.0 MB, over the 20 MB limit for one article; raise --max-mb or split it"
    )


def test_unreadable_file_is_quarantined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "kilitli.txt"
    locked.write_text("Gizli", encoding="utf-8")
    (tmp_path / "okunur.txt").write_text("Açık", encoding="utf-8")

    def guarded_open(path: str, *args: object, **kwargs: object) -> object:
        # chmod 000 does not stop root, who runs CI containers: refuse the file here instead.
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(sources, "open", guarded_open, raising=False)
    items = list(iter_documents([str(tmp_path)]))
    assert kinds(items) == ["quarantined", "doc"]
    assert (
        items[0].reason == f"cannot read {locked}: permission denied; check the file's permissions"
    )


def test_stdin_format_is_sniffed() -> None:
    lines = b'{"text": "Bir"}\n{"text": "Iki"}\n'
    assert [d.uri for d in iter_documents(["-"], stdin=io.BytesIO(lines))] == [
        "<stdin>#L1",
        "<stdin>#L2",
    ]
    (doc,) = iter_documents(["-"], stdin=io.BytesIO(news_page().encode()))
    assert isinstance(doc, RawDocument) and doc.format == "html"


def test_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "haberler.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Bir"}\n{"text": "Iki"}\n'))
    assert [d.text for d in iter_documents([str(path)])] == ["Bir", "Iki"]


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"Milli Istihbarat", "x.txt", "txt"),
        (b"Milli Istihbarat", "haber", "txt"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "page", "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "x.xml", "feed"),
        (b"<html><body>x</body></html>", "x.xml", "html"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "crawl", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "crawl.gz", "warc"),
        (gzip.compress(b'{"text": "x"}\n'), "data.gz", "gzip"),
        (b'\n  {"text": "x"}\n', "data", "jsonl"),
        (b'{\n  "text": "x"\n}', "data", "json"),
        (b'[{"text": "x"}]', "data", "json"),
        (b"{}", "a.NDJSON", "jsonl"),
    ],
)
def test_sniff_format(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(head, name) == expected


def test_readers_never_raise_on_garbage(tmp_path: Path) -> None:
    rng = random.Random(1)
    garbage = [bytes(rng.randrange(256) for _ in range(600)) for _ in range(5)]
    garbage += [
        b"\x1f\x8b\x08\x00garbage",
        b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
        b"[{",
        b"{\n",
        b"<rss>",
    ]
    for n, data in enumerate(garbage):
        for suffix in (".txt", ".html", ".jsonl", ".json", ".xml", ".warc.gz", ".bin"):
            path = tmp_path / f"g{n}{suffix}"
            path.write_bytes(data)
            for item in iter_documents([str(path)]):
                assert isinstance(item, RawDocument | Quarantined)


# --------------------------------------------------------------------------- real corpora

corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not present")


def count_corpus(name: str) -> tuple[Counter[str], list[RawDocument | Quarantined]]:
    items = list(iter_documents([str(CORPUS / name)]))
    return Counter(kinds(items)), items


@pytest.mark.corpus
@corpus
def test_sozcu_2014_corpus_loads_without_quarantines() -> None:
    counts, items = count_corpus("sozcu2014.jsonl")
    assert counts == Counter({"doc": 1622})
    assert items[0].meta["site"] == "sozcu.com.tr" and items[0].meta["published"] == "2013-12-20"


@pytest.mark.corpus
@corpus
def test_rss_2017_2018_corpus_loads_from_html_descriptions() -> None:
    counts, items = count_corpus("rss_2017_2018.jsonl")
    # 10 of 1657 records carry no words at all: 3 empty descriptions (ads), 7 images/embeds only.
    assert counts == Counter({"doc": 1647, "quarantined": 10})
    assert all("no article text" in i.reason for i in items if isinstance(i, Quarantined))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert not any("&apos;" in d.text or "&#039;" in d.text or "<img" in d.text for d in docs)
    assert not any("&apos;" in d.meta.get("title", "") for d in docs)


@pytest.mark.corpus
@corpus
def test_financial_news_2025_corpus_maps_content_and_source() -> None:
    counts, items = count_corpus("tr_financial_news_2025.jsonl")
    assert counts == Counter({"doc": 194})
    assert items[0].meta["site"] == "haberturk" and items[0].meta["url"].startswith("https://")


@pytest.mark.corpus
@corpus
def test_seed_articles_load_as_text() -> None:
    counts, items = count_corpus("seeds")
    assert counts == Counter({"doc": 5})
    assert all(
        i.format == "txt" and i.encoding == "utf-8" for i in items if isinstance(i, RawDocument)
    )
