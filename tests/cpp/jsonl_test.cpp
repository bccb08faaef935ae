// Tests of the JSON Lines article reader: field mapping, metadata values, the errors
// naming the line, the recovery mode, and bad input (invalid UTF-8, NUL, deep nesting).
#include "byline/jsonl.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "byline/errors.h"

namespace {

std::string message_of(std::string_view line, std::size_t n = 3) {
  try {
    byline::parse_article_line(line, {}, n);
  } catch (const byline::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("jsonl: a line becomes an article record", "[jsonl]") {
  auto rec = byline::parse_article_line(
      R"({"text": "Putin signed.", "id": 7, "title": "Law", "published": "2025-01-02", "url": null, "extra": [1]})", {},
      4);
  REQUIRE(rec);
  CHECK(rec->line == 4);
  CHECK(rec->text == "Putin signed.");
  CHECK(rec->id == byline::RecordValue{"7", false});
  CHECK(rec->title == byline::RecordValue{"Law", true});
  CHECK(rec->published == byline::RecordValue{"2025-01-02", true});
  CHECK_FALSE(rec->url);
  CHECK_FALSE(rec->source);

  byline::ArticleFields f;
  f.text = "body";
  f.id = "uid";
  rec = byline::parse_article_line(R"({"body": "B\u00e9", "uid": "u", "text": 5, "id": [true]})", f, 1);
  REQUIRE(rec);
  CHECK(rec->text == "B\xC3\xA9");
  CHECK(rec->id == byline::RecordValue{"u", true});

  CHECK_FALSE(byline::parse_article_line("", {}, 1));
  CHECK_FALSE(byline::parse_article_line(" \t\r\n", {}, 1));
  // Duplicated keys keep the last value; NUL characters survive.
  rec = byline::parse_article_line(R"({"text": "a", "text": "b\u0000c"})", {}, 1);
  REQUIRE(rec);
  CHECK(rec->text == std::string("b\0c", 3));
}

TEST_CASE("jsonl: bad lines raise typed errors naming the line", "[jsonl]") {
  CHECK_THROWS_AS(byline::parse_article_line("{\"text\": broken", {}, 3), byline::FormatError);
  CHECK(message_of("{\"text\": broken").rfind("line 3 is not valid JSON: ", 0) == 0);
  CHECK(message_of("[1, 2]") == "line 3 is not a JSON object");
  CHECK(message_of("\"text\"") == "line 3 is not a JSON object");
  CHECK(message_of(R"({"body": "x"})") == "line 3: missing text field 'text'");
  CHECK(message_of(R"({"text": 5})") == "line 3: text field 'text' must be a string, not number");
  CHECK(message_of(R"({"text": null})") == "line 3: text field 'text' must be a string, not null");
  CHECK(message_of(R"({"text": NaN})").rfind("line 3 is not valid JSON", 0) == 0);
  // a lone surrogate escape is named (it was "is not valid JSON: ... invalid string: surrogate ...")
  CHECK_THROWS_AS(byline::parse_article_line(R"({"text": "\ud800"})", {}, 3), byline::EncodingError);
  CHECK(message_of(R"({"text": "\ud800"})") ==
        R"(line 3: lone surrogate escape \ud800 (byte 10 of the line) is not valid Unicode)");
  CHECK(message_of(R"({"text": "ok", "title": "a\uDC01"})") ==
        R"(line 3: lone surrogate escape \uDC01 (byte 26 of the line) is not valid Unicode)");
  // a syntax error before it is still the line's error
  CHECK(message_of(R"({"text": x "\ud800"})").rfind("line 3 is not valid JSON", 0) == 0);
  CHECK(message_of(R"({"text": 1} {"text": 2})").rfind("line 3 is not valid JSON", 0) == 0);
  // Deep nesting is an ordinary error, never a stack overflow (dumping a deep value
  // recursed once per level): more than 256 levels are refused at parse time.
  std::string deep = R"({"text": "x", "id": )" + std::string(300000, '[') + std::string(300000, ']') + "}";
  CHECK(message_of(deep).rfind("line 3 is not usable JSON: nested deeper than 256 levels", 0) == 0);
  CHECK(message_of(std::string(100000, '[')).rfind("line 3 is not usable JSON", 0) == 0);
  std::string ok = R"({"text": "x", "id": )" + std::string(200, '[') + std::string(200, ']') + "}";
  CHECK(byline::parse_article_line(ok, {}, 1)->text == "x");

  SECTION("invalid UTF-8 is an EncodingError with the offset in the line") {
    std::string line = "{\"text\": \"caf\xC3\"}";
    try {
      byline::parse_article_line(line, {}, 9);
      FAIL("no exception");
    } catch (const byline::EncodingError& e) {
      CHECK(e.byte_offset() == 13);
      CHECK(std::string(e.what()) == "line 9: not valid UTF-8 (byte 13 of the line)");
    }
  }
}

TEST_CASE("jsonl: a date field that is no string is an error naming its JSON type", "[jsonl]") {
  // it was taken as its JSON text, so `"published": true` became the date "true"
  CHECK(message_of(R"({"text": "x", "published": true})") ==
        "line 3: date field 'published' must be a string, not boolean");
  CHECK(message_of(R"({"text": "x", "published": 20250102})") ==
        "line 3: date field 'published' must be a string, not number");
  CHECK(message_of(R"({"text": "x", "published": {"day": 2}})") ==
        "line 3: date field 'published' must be a string, not object");
  CHECK(message_of(R"({"text": "x", "published": ["2025-01-02"]})") ==
        "line 3: date field 'published' must be a string, not array");
  CHECK_THROWS_AS(byline::parse_article_line(R"({"text": "x", "published": false})", {}, 1), byline::FormatError);
  // the text field is checked first; a missing or null date is absent; other metadata may be any value
  CHECK(message_of(R"({"published": true})") == "line 3: missing text field 'text'");
  CHECK_FALSE(byline::parse_article_line(R"({"text": "x", "published": null})", {}, 1)->published);
  auto rec = byline::parse_article_line(R"({"text": "x", "id": 7, "title": true, "published": "2025-01-02"})", {}, 1);
  REQUIRE(rec);
  CHECK(rec->id == byline::RecordValue{"7", false});
  CHECK(rec->title == byline::RecordValue{"true", false});
  CHECK(rec->published == byline::RecordValue{"2025-01-02", true});
  byline::ArticleFields f;
  f.published = "day";
  CHECK_NOTHROW(byline::parse_article_line(R"({"text": "x", "published": 5})", f, 1));
  CHECK_THROWS_WITH(byline::parse_article_line(R"({"text": "x", "day": 5})", f, 4),
                    "line 4: date field 'day' must be a string, not number");
  SECTION("the recovery mode skips such a line") {
    std::istringstream in("{\"text\": \"a\", \"published\": 1}\n{\"text\": \"b\"}\n");
    byline::JsonlOptions o;
    o.skip_bad_lines = true;
    byline::JsonlReader reader(in, o);
    byline::ArticleRecord out;
    REQUIRE(reader.next(out));
    CHECK(out.text == "b");
    REQUIRE(reader.skipped().size() == 1);
    CHECK(reader.skipped()[0].message == "line 1: date field 'published' must be a string, not number");
  }
}

TEST_CASE("jsonl: a metadata field mapped to the text's key gets the text", "[jsonl]") {
  // it got the empty string the text left behind when it was moved out
  byline::ArticleFields f;
  f.id = "text";
  f.title = "text";
  auto rec = byline::parse_article_line(R"({"text": "Putin met Xi.", "id": 7})", f, 1);
  REQUIRE(rec);
  CHECK(rec->text == "Putin met Xi.");
  CHECK(rec->id == byline::RecordValue{"Putin met Xi.", true});
  CHECK(rec->title == byline::RecordValue{"Putin met Xi.", true});
}

TEST_CASE("jsonl: the streaming reader, strict and recovering", "[jsonl]") {
  const std::string input =
      "{\"text\": \"one\"}\r\n"
      "\n"
      "{\"text\": broken\n"
      "{\"text\": \"two\", \"id\": \"b\"}\n"
      "{\"text\": \"\xFF\"}\n"
      "[]\n"
      "{\"text\": \"three\"}";  // no final newline
  SECTION("strict: records up to the first bad line, then its error") {
    std::istringstream in(input);
    byline::JsonlReader reader(in, {});
    byline::ArticleRecord rec;
    REQUIRE(reader.next(rec));
    CHECK(rec.text == "one");
    CHECK(rec.line == 1);
    CHECK_THROWS_WITH(reader.next(rec), Catch::StartsWith("line 3 is not valid JSON"));
  }
  SECTION("recovery: bad lines skipped and reported") {
    std::istringstream in(input);
    byline::JsonlOptions o;
    o.skip_bad_lines = true;
    byline::JsonlReader reader(in, o);
    byline::ArticleRecord rec;
    std::vector<std::string> texts;
    std::vector<std::size_t> lines;
    while (reader.next(rec)) {
      texts.push_back(rec.text);
      lines.push_back(rec.line);
    }
    CHECK(texts == std::vector<std::string>{"one", "two", "three"});
    CHECK(lines == std::vector<std::size_t>{1, 4, 7});
    REQUIRE(reader.skipped().size() == 3);
    CHECK(reader.skipped()[0].line == 3);
    CHECK(reader.skipped()[1].line == 5);
    CHECK(reader.skipped()[1].message == "line 5: not valid UTF-8 (byte 10 of the line)");
    CHECK(reader.skipped()[2].message == "line 6 is not a JSON object");
    CHECK(reader.lines_read() == 7);
  }
  SECTION("empty input") {
    std::istringstream in("");
    byline::JsonlReader reader(in, {});
    byline::ArticleRecord rec;
    CHECK_FALSE(reader.next(rec));
    CHECK(reader.lines_read() == 0);
  }
}

TEST_CASE("jsonl: Utf8Policy::kReplace keeps a line with invalid UTF-8 or lone surrogate escapes", "[jsonl]") {
  const auto replace = byline::Utf8Policy::kReplace;
  const std::string fffd = "\xEF\xBF\xBD";
  SECTION("invalid bytes become U+FFFD, one per maximal invalid subsequence, as the tokenizer does") {
    auto rec = byline::parse_article_line("{\"text\": \"caf\xC3 \xE2\x82 ok\xFF\"}", {}, 2, replace);
    REQUIRE(rec);
    CHECK(rec->text == "caf" + fffd + " " + fffd + " ok" + fffd);
    CHECK(rec->utf8_replaced);
  }
  SECTION("lone surrogate escapes become U+FFFD; a pair stays one code point") {
    auto rec = byline::parse_article_line(R"({"text": "a\ud800b\uDC00c\ud83d\ude00d\ud800\u0041"})", {}, 2, replace);
    REQUIRE(rec);
    CHECK(rec->text == "a" + fffd + "b" + fffd + "c\xF0\x9F\x98\x80" + "d" + fffd + "A");
    CHECK(rec->utf8_replaced);
    // an escaped backslash before "ud800" is no escape of a surrogate
    rec = byline::parse_article_line(R"({"text": "\\ud800"})", {}, 2, replace);
    REQUIRE(rec);
    CHECK(rec->text == "\\ud800");
    CHECK_FALSE(rec->utf8_replaced);
  }
  SECTION("utf8_replaced is about the text only") {
    auto rec = byline::parse_article_line(
        "{\"text\": \"fine \xEF\xBF\xBD\", \"title\": \"T\xFF\", \"id\": \"\\udc00\"}", {}, 2, replace);
    REQUIRE(rec);
    CHECK(rec->text == "fine " + fffd);  // a U+FFFD of the input is no replacement
    CHECK_FALSE(rec->utf8_replaced);
    CHECK(rec->title == byline::RecordValue{"T" + fffd, true});
    CHECK(rec->id == byline::RecordValue{fffd, true});
    rec = byline::parse_article_line(R"({"text": "clean"})", {}, 2, replace);
    REQUIRE(rec);
    CHECK_FALSE(rec->utf8_replaced);
  }
  SECTION("a line that is still no JSON object is a FormatError") {
    CHECK_THROWS_AS(byline::parse_article_line("{\"text\": \"\xFF\"", {}, 2, replace), byline::FormatError);
    CHECK_THROWS_AS(byline::parse_article_line(R"({"text": "\ud800", x})", {}, 2, replace), byline::FormatError);
    CHECK_THROWS_WITH(byline::parse_article_line("[\"\xFF\"]", {}, 2, replace), "line 2 is not a JSON object");
  }
  SECTION("the reader takes the policy") {
    std::istringstream in("{\"text\": \"a\\ud800\"}\n{\"text\": \"b\xFF\"}\n");
    byline::JsonlOptions o;
    o.utf8 = replace;
    byline::JsonlReader reader(in, o);
    byline::ArticleRecord out;
    REQUIRE(reader.next(out));
    CHECK(out.text == "a" + fffd);
    REQUIRE(reader.next(out));
    CHECK(out.text == "b" + fffd);
    CHECK_FALSE(reader.next(out));
  }
}

TEST_CASE("jsonl: a record without 'published' has its date in 'date'", "[jsonl]") {
  auto rec = byline::parse_article_line(R"({"text": "x", "date": "2025-01-02"})", {}, 1);
  REQUIRE(rec);
  CHECK(rec->published == byline::RecordValue{"2025-01-02", true});
  CHECK(rec->published_key == "date");
  CHECK(byline::parse_article_line(R"({"text": "x", "published": "2025-01-02"})", {}, 1)->published_key == "published");
  CHECK(byline::parse_article_line(R"({"text": "x"})", {}, 1)->published_key.empty());
  // "published" wins, also when null; checked as "published" is
  rec = byline::parse_article_line(R"({"text": "x", "published": null, "date": "2025-01-02"})", {}, 1);
  CHECK_FALSE(rec->published);
  CHECK(message_of(R"({"text": "x", "date": true})") == "line 3: date field 'date' must be a string, not boolean");
  // not with another date field, nor when another field is named "date"
  byline::ArticleFields f;
  f.published = "when";
  CHECK_FALSE(byline::parse_article_line(R"({"text": "x", "date": "2025-01-02"})", f, 1)->published);
  byline::ArticleFields g;
  g.title = "date";
  rec = byline::parse_article_line(R"({"text": "x", "date": "2025-01-02"})", g, 1);
  CHECK_FALSE(rec->published);
  CHECK(rec->title == byline::RecordValue{"2025-01-02", true});
}
