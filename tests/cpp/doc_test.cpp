#include <catch2/catch.hpp>
#include <string>

#include "byline/byline.h"

using byline::Doc;
using byline::Entity;
using byline::TokenKind;

namespace {
Doc tokenize(const std::string& text) { return byline::Tokenizer().tokenize(text); }
}  // namespace

TEST_CASE("doc: columns and offsets", "[doc]") {
  Doc doc = tokenize("Путин’s bank — 5%.");
  REQUIRE(doc.size() == doc.token_begin().size());
  REQUIRE(doc.token_end().size() == doc.size());
  REQUIRE(doc.token_char_begin().size() == doc.size());
  REQUIRE(doc.token_kind().size() == doc.size());

  SECTION("byte and code-point offsets agree") {
    for (std::size_t i = 0; i < doc.size(); ++i) {
      CHECK(doc.char_offset(doc.token_begin()[i]) == doc.token_char_begin()[i]);
      CHECK(doc.char_offset(doc.token_end()[i]) == doc.token_char_end()[i]);
      CHECK(doc.byte_offset(doc.token_char_begin()[i]) == doc.token_begin()[i]);
    }
    CHECK(doc.char_length() == 18);
  }
  SECTION("offsets inside a code point are rejected") {
    CHECK_THROWS_AS(doc.char_offset(1), std::out_of_range);
    CHECK_THROWS_AS(doc.char_offset(10000), std::out_of_range);
    CHECK_THROWS_AS(doc.byte_offset(10000), std::out_of_range);
    CHECK_THROWS_AS(doc.token_text(doc.size()), std::out_of_range);
  }
  SECTION("whitespace after") {
    CHECK(doc.token_text(0) == "Путин");
    CHECK_FALSE(doc.space_after(0));
    CHECK(doc.token_text(1) == "’s");
    CHECK(doc.space_after(1));
    CHECK(doc.whitespace_after(1) == " ");
  }
}

TEST_CASE("doc: entities are columns with interned labels", "[doc]") {
  Doc doc = tokenize("Vladimir Putin met Xi Jinping in Moscow.");
  doc.add_entity({0, 2, "PERSON", 0.9f, byline::EntitySource::kModel, ""});
  doc.add_entity({3, 5, "PERSON", 1.0f, byline::EntitySource::kModel, ""});
  doc.add_entity({6, 7, "GPE", 1.0f, byline::EntitySource::kGazetteer, "{\"country\":\"RU\"}"});
  CHECK(doc.num_entities() == 3);
  CHECK(doc.labels().size() == 2);
  CHECK(doc.entity(2).label == "GPE");
  CHECK(doc.entity(2).source == byline::EntitySource::kGazetteer);
  for (std::size_t i = 0; i < doc.num_entities(); ++i) {  // the views give what entity(i) copies
    const byline::Entity e = doc.entity(i);
    CHECK(doc.entity_label(i) == e.label);
    CHECK(doc.entity_score(i) == e.score);
    CHECK(doc.entity_source(i) == e.source);
    CHECK(doc.entity_value(i) == e.value);
  }
  CHECK(doc.entity_value(2) == "{\"country\":\"RU\"}");
  CHECK_THROWS_AS(doc.entity_label(3), std::out_of_range);
  CHECK_THROWS_AS(doc.entity_value(3), std::out_of_range);
  CHECK_THROWS_AS(doc.add_entity({5, 5, "X"}), std::out_of_range);
  CHECK_THROWS_AS(doc.add_entity({0, 100, "X"}), std::out_of_range);
  CHECK_THROWS_AS(doc.add_entity({0, 1, ""}), std::invalid_argument);
  doc.clear_entities();
  CHECK(doc.num_entities() == 0);
}

TEST_CASE("doc: entity values are kept whatever their number, repeated or distinct", "[doc]") {
  constexpr std::uint32_t n = 20000;
  std::string text;
  for (std::uint32_t i = 0; i < n; ++i) text += "x ";
  Doc doc = tokenize(text);
  REQUIRE(doc.size() == n);
  auto value = [](std::uint32_t i) {  // none, a repeated one, or one of 10,000 distinct ones
    return i % 4 == 0 ? std::string() : i % 4 == 1 ? std::string("{\"country\":\"DE\"}") : std::to_string(i);
  };
  for (std::uint32_t i = 0; i < n; ++i) doc.add_entity({i, i + 1, "X", 1.0f, byline::EntitySource::kUser, value(i)});
  Doc copy = doc;
  Doc moved = std::move(copy);
  for (std::uint32_t i = 0; i < n; ++i) {
    CHECK(doc.entity(i).value == value(i));
    CHECK(moved.entity(i).value == value(i));
  }
  CHECK(Doc::from_json(doc.to_json()).to_json() == doc.to_json());
  doc.clear_entities();
  doc.add_entity({0, 1, "X", 1.0f, byline::EntitySource::kUser, "7"});
  CHECK(doc.entity(0).value == "7");
}

TEST_CASE("doc: an entity added by move is the same as one added by copy", "[doc]") {
  constexpr std::uint32_t n = 12000;
  std::string text;
  for (std::uint32_t i = 0; i < n; ++i) text += "x ";
  Doc copied = tokenize(text), moved = tokenize(text);
  REQUIRE(copied.size() == n);
  // distinct values beyond the 4,096 the Doc indexes, then the first ones again (indexed),
  // long ones (no short-string buffer) and none
  auto value = [](std::uint32_t i) {
    if (i % 5 == 0) return std::string();
    const std::uint32_t k = i < 8000 ? i : i - 8000;
    return "{\"timex\":\"" + std::to_string(k) + "\",\"kind\":\"point\",\"anchor\":\"text\"}";
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    byline::Entity e{i, i + 1, i % 2 ? "DATE" : "MONEY", 0.5f, byline::EntitySource::kPattern, value(i)};
    copied.add_entity(e);
    moved.add_entity(std::move(e));
  }
  REQUIRE(moved.num_entities() == n);
  for (std::uint32_t i = 0; i < n; ++i) {
    CHECK(moved.entity(i).value == value(i));
    CHECK(moved.entity(i).label == copied.entity(i).label);
  }
  CHECK(moved.to_json() == copied.to_json());
  byline::Entity bad{3, 3, "X", 1.0f, byline::EntitySource::kUser, "1"};
  CHECK_THROWS_AS(moved.add_entity(std::move(bad)), std::out_of_range);
  CHECK(moved.num_entities() == n);
}

TEST_CASE("doc: JSON round trip", "[doc][json]") {
  Doc doc = tokenize("Sberbank’s CEO, German Gref, said “no.”\n\nNew paragraph 😀 here.");
  doc.add_entity({0, 1, "ORG", 1.0f, byline::EntitySource::kModel, ""});
  doc.add_entity({4, 6, "PERSON", 0.5f, byline::EntitySource::kUser, "{\"id\":7}"});
  doc.set_meta("source", "example");
  std::string json = doc.to_json();
  CHECK(json.find("\"schema\":\"byline.doc/1\"") != std::string::npos);

  Doc back = Doc::from_json(json);
  CHECK(back.text() == doc.text());
  CHECK(back.token_begin() == doc.token_begin());
  CHECK(back.token_end() == doc.token_end());
  CHECK(back.token_char_begin() == doc.token_char_begin());
  CHECK(back.token_kind() == doc.token_kind());
  CHECK(back.token_flags() == doc.token_flags());
  CHECK(back.sentences() == doc.sentences());
  CHECK(back.paragraphs() == doc.paragraphs());
  REQUIRE(back.num_entities() == 2);
  CHECK(back.entity(1).label == "PERSON");
  CHECK(back.entity(1).value == "{\"id\":7}");
  CHECK(back.entity(1).source == byline::EntitySource::kUser);
  CHECK(back.meta().at("source") == "example");
  CHECK(back.to_json() == json);
}

TEST_CASE("doc: from_json rejects malformed documents with FormatError", "[doc][json]") {
  const char* bad[] = {
      "",
      "not json",
      "[]",
      "{}",
      R"({"schema":"byline.doc/2","text":"a","tokens":[]})",
      R"({"schema":"byline.doc/1","text":5,"tokens":[]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,5]]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[1,0]]})",
      R"({"schema":"byline.doc/1","text":"ab cd","tokens":[[0,2],[1,4]]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,1],[1,2]],"sentences":[[0,5]]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,2]],"token_kinds":["nope"]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,2]],"entities":[{"start":0,"end":1,"label":"X"}]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,2]],"entities":[{"tokens":[0,2],"label":"X"}]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[["a",2]]})",
      R"({"schema":"byline.doc/1","text":"ab","tokens":[[0,2]],"utf8_replaced":"yes"})",
  };
  for (const char* j : bad) {
    INFO(j);
    CHECK_THROWS_AS(Doc::from_json(j), byline::FormatError);
  }
}

TEST_CASE("doc: from_json refuses text outside every token unless it is separators", "[doc][json]") {
  // text the tokens do not cover: before the first, between two, after the last
  for (const char* j : {R"({"schema":"byline.doc/1","text":"x ab","tokens":[[2,4]]})",
                        R"({"schema":"byline.doc/1","text":"ab x cd","tokens":[[0,2],[5,7]]})",
                        R"({"schema":"byline.doc/1","text":"ab extra","tokens":[[0,2]]})",
                        R"({"schema":"byline.doc/1","text":"ab\u00e9","tokens":[[0,2]]})"}) {
    INFO(j);
    CHECK_THROWS_WITH(Doc::from_json(j), Catch::Contains("is not a separator"));
  }
  // separators: spaces, a tab, a newline, NBSP, ZWSP, a control character, BOM
  Doc ok =
      Doc::from_json(R"({"schema":"byline.doc/1","text":"\ufeff ab\t\u00a0\u200b\u0001cd\n","tokens":[[2,4],[8,10]]})");
  CHECK(ok.size() == 2);
  CHECK(Doc::from_json(R"({"schema":"byline.doc/1","text":" \n ","tokens":[]})").size() == 0);
}

TEST_CASE("doc: set_sentences validates ranges", "[doc]") {
  Doc doc = tokenize("One two. Three four.");
  CHECK_THROWS_AS(doc.set_sentences({{0, 2}, {1, 3}}), std::out_of_range);
  CHECK_THROWS_AS(doc.set_sentences({{0, 99}}), std::out_of_range);
  doc.set_sentences({{0, 3}, {3, 6}});
  CHECK(doc.sentences().size() == 2);
  CHECK((doc.token_flags()[3] & byline::kSentStart) != 0);
}

TEST_CASE("doc: token kind names round trip", "[doc]") {
  for (int k = 0; k < byline::kNumTokenKinds; ++k) {
    auto kind = static_cast<TokenKind>(k);
    CHECK(byline::token_kind_from_name(byline::token_kind_name(kind)) == kind);
  }
  CHECK_THROWS_AS(byline::token_kind_from_name("bogus"), byline::FormatError);
}
