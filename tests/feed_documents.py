"""Feed documents of each kind, written for the fetch tests: what each item must become."""

from __future__ import annotations

import json

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://www.harbour.example/</link>
  <description>News from the harbour</description>
  <item>
    <title>Tides rise &amp; fall at the quay</title>
    <link>https://www.harbour.example/news/tides</link>
    <guid isPermaLink="false">harbour-1</guid>
    <pubDate>Fri, 06 Oct 2023 23:04:00 +0200</pubDate>
    <category>Weather</category>
    <category>Harbour</category>
    <description>&lt;p&gt;The tide came in &lt;b&gt;early&lt;/b&gt;.&lt;/p&gt;</description>
    <media:thumbnail url="https://img.harbour.example/tides.jpg" width="640" height="480"/>
  </item>
  <item>
    <title>Ferry timetable changes</title>
    <link>/news/ferry</link>
    <guid isPermaLink="false">harbour-2</guid>
    <pubDate>Sat, 07 Oct 2023 08:00:00 GMT</pubDate>
    <description>New ferry times from Monday.</description>
    <enclosure url="https://img.harbour.example/ferry.png" type="image/png" length="100"/>
  </item>
</channel>
</rss>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/">
    <title>RDF Weekly</title>
    <link>https://rdf.example/</link>
    <description>An RSS 1.0 feed</description>
  </channel>
  <item rdf:about="https://rdf.example/2023/semantic">
    <title>The semantic web, again</title>
    <link>https://rdf.example/2023/semantic</link>
    <description>Triples all the way down.</description>
    <dc:date>2023-09-30T12:30:00Z</dc:date>
    <dc:subject>Web</dc:subject>
  </item>
</rdf:RDF>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Observatory</title>
  <link href="https://atom.example/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2023-10-05T18:30:02Z</updated>
  <entry>
    <title type="html">Stars &lt;em&gt;seen&lt;/em&gt; from the hill</title>
    <link rel="alternate" href="https://atom.example/stars"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2023-10-05T18:30:02-05:00</published>
    <updated>2023-10-05T18:30:02-05:00</updated>
    <category term="Astronomy"/>
    <summary>Clear skies over the hill.</summary>
    <content type="html">&lt;h2&gt;Clear&lt;/h2&gt;&lt;p&gt;A
      &lt;a href="https://atom.example/map"&gt;map&lt;/a&gt; of the sky.&lt;/p&gt;</content>
  </entry>
</feed>
"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Journal",
        "home_page_url": "https://json.example/",
        "items": [
            {
                "id": "json-1",
                "url": "https://json.example/posts/one",
                "title": "Parsing without angle brackets",
                "content_html": "<p>JSON is <i>plain</i>.</p>",
                "summary": "A post about JSON.",
                "date_published": "2023-10-04T09:15:00+01:00",
                "tags": ["Formats", "JSON"],
                "image": "https://json.example/one.png",
            },
            {"id": 2, "title": 17},
            {
                "id": "json-3",
                "url": "https://json.example/posts/three",
                "title": "Text only",
                "content_text": "Just <b>text</b>, kept as text.",
                "date_published": "2023-10-03T00:00:00Z",
            },
        ],
    }
)


def site_item(number: int, page: int) -> dict[str, object]:
    return {
        "title": f"Site story {number}",
        "excerpt": f"Excerpt of story {number}.",
        "content": f"<p>Body of story {number}.</p>",
        "publishedDateTime": f"2023-10-{number:02d}T10:00:00Z",
        "originalUrl": f"https://publisher.example/story/{number}",
        "webUrl": f"https://site.example/news/{number}",
        "provider": {"name": "Publisher", "domain": "publisher.example"},
        "topics": ["AI", f"Page {page}"],
        "images": [{"url": f"https://publisher.example/{number}.jpg", "width": 1200}],
        "heat": 40 + number,
    }


def site_page(page: int, numbers: list[int], next_page: int | None) -> str:
    return json.dumps(
        {"page": page, "value": [site_item(n, page) for n in numbers], "nextPage": next_page}
    )
