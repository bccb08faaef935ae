// EntityRuler end to end on sentences and whole sample articles.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "byline/errors.h"
#include "rules_test_util.h"

using rules_test::describe;
using rules_test::doc_of;
using V = std::vector<std::string>;

namespace {
std::shared_ptr<const byline::EntityRuler> ruler(const std::string& patterns = "") {
  byline::RulerOptions o;
  o.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
  o.patterns_json = patterns;
  return byline::EntityRuler::create(o);
}
V annotate(const std::string& text, const std::string& date = "", const std::string& patterns = "") {
  auto d = doc_of(text, date);
  ruler(patterns)->annotate(d);
  return describe(d, d.entities());
}
std::string read(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("rules ruler: sample article sentences", "[rules]") {
  CHECK(annotate("On January 1, 2025, Russian President Vladimir Putin made a striking move") ==
        V{R"(DATE January 1, 2025 = "2025-01-01")", "NORP Russian"});
  CHECK(annotate("Russia currently ranks 31st out of 83 countries in AI implementation") ==
        V{R"(GPE Russia = {"country":"RU"})", "ORDINAL 31st = 31", "CARDINAL 83 = 83"});
  CHECK(annotate("China’s DeepSeek, a Hangzhou-based startup, sent shockwaves through global markets last month",
                 "2025-02-03") ==
        V{R"(GPE China = {"country":"CN"})", R"(GPE Hangzhou = {"country":"CN"})", R"(DATE last month = "2025-01")"});
  CHECK(annotate("And with 1.4 billion people generating untold streams of information daily, China has") ==
        V{"CARDINAL 1.4 billion = 1400000000", R"(DATE daily = "P1D")", R"(GPE China = {"country":"CN"})"});
  CHECK(annotate("a new era of Sino-Russian and Western cooperation in Hangzhou") ==
        V{"NORP Sino-Russian", "NORP Western", R"(GPE Hangzhou = {"country":"CN"})"});
  CHECK(annotate("Britain and Western Europe") == V{R"(GPE Britain = {"country":"GB"})", "LOC Western Europe"});
  CHECK(annotate("Russia was six to nine months behind the US and China") ==
        V{R"(GPE Russia = {"country":"RU"})", R"(DATE six to nine months = "P6M/P9M")", R"(GPE US = {"country":"US"})",
          R"(GPE China = {"country":"CN"})"});
}

TEST_CASE("rules ruler: model entities, user patterns and the merge policy", "[rules]") {
  auto d = doc_of("On January 1, 2025, Russian President Vladimir Putin’s GigaChat plan");
  byline::Entity person;  // a model span that breaks the conventions
  person.tok_begin = 6;
  person.tok_end = 11;  // Russian President Vladimir Putin ’s
  person.label = "PERSON";
  d.add_entity(person);
  byline::Entity wrong_date;  // model DATE shorter than the rule's
  wrong_date.tok_begin = 1;
  wrong_date.tok_end = 3;
  wrong_date.label = "DATE";
  d.add_entity(wrong_date);
  ruler(R"([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])")->annotate(d);
  CHECK(describe(d, d.entities()) ==
        V{R"(DATE January 1, 2025 = "2025-01-01")", "NORP Russian", "PERSON Vladimir Putin", "PRODUCT GigaChat"});
  auto ents = d.entities();
  CHECK(ents[2].source == byline::EntitySource::kModel);
  CHECK(ents[3].source == byline::EntitySource::kUser);
}

TEST_CASE("rules ruler: user phrases and lists", "[rules]") {
  byline::RulerOptions o;
  o.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
  o.user_phrases = {{"ORG", "Tortoise Media", ""}, {"MISC", "Global AI Index", ""}, {"ORG", "China Daily", ""}};
  o.user_lists_fold_case = true;
  auto r = byline::EntityRuler::create(o);
  auto d = doc_of("according to tortoise media’s Global AI Index, China Daily said");
  r->annotate(d);
  CHECK(describe(d, d.entities()) == V{"ORG tortoise media", "MISC Global AI Index", "ORG China Daily"});
  CHECK(d.entities()[2].source == byline::EntitySource::kUser);
  byline::RulerOptions bad;
  bad.user_lists = {"/nonexistent/list.txt"};
  CHECK_THROWS_AS(byline::EntityRuler::create(bad), byline::ConfigError);
}

TEST_CASE("rules ruler: whole sample articles, thread safety, totality", "[rules]") {
  auto r = ruler();
  std::vector<byline::Doc> docs;
  for (const char* name : {"000_11915f40bc56dedd.txt", "001_7844f7efe070cbc1.txt", "002_8ec56b153a773baa.txt",
                           "003_45d770aeda870f5f.txt", "004_9a64066150c81d14.txt"}) {
    std::string text = read(std::string(BYLINE_SOURCE_DIR "/examples/articles/") + name);
    REQUIRE_FALSE(text.empty());
    docs.push_back(doc_of(text, "2025-01-02"));
  }
  std::vector<std::string> single;
  for (auto d : docs) {
    r->annotate(d);
    single.push_back(d.to_json());
    // ensures: sorted, non-overlapping
    auto ents = d.entities();
    for (std::size_t i = 1; i < ents.size(); ++i) CHECK(ents[i - 1].tok_end <= ents[i].tok_begin);
  }
  std::vector<std::string> threaded(docs.size() * 4);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t i = 0; i < docs.size(); ++i) {
        byline::Doc d = docs[i];
        r->annotate(d);
        threaded[t * docs.size() + i] = d.to_json();
      }
    });
  for (auto& th : pool) th.join();
  for (std::size_t i = 0; i < threaded.size(); ++i) CHECK(threaded[i] == single[i % docs.size()]);

  for (const char* s : {"", " ", "$ $ $", "% per cent", "the the", "New Year’s", "January", "-", "’s"}) {
    auto d = doc_of(s);
    CHECK_NOTHROW(r->annotate(d));
  }
  byline::RulerOptions bad;
  bad.resource_dir = "/nonexistent";
  CHECK_THROWS_AS(byline::EntityRuler::create(bad), byline::ModelError);
}

TEST_CASE("rules ruler: random token soup is handled (total, invariants)", "[rules]") {
  auto r = ruler(R"([{"label": "X", "pattern": [{"is_title": true, "op": "*"}, {"lower": "bank", "op": "+"}]}])");
  const char* vocab[] = {"the",
                         "last",
                         "next",
                         "January",
                         "Dec.",
                         "30",
                         "31st",
                         "2025",
                         "2025-01-01",
                         "1/2/2025",
                         "$",
                         "€",
                         "5bn",
                         "1.4",
                         "billion",
                         "per",
                         "cent",
                         "%",
                         "six",
                         "to",
                         "nine",
                         "months",
                         "ago",
                         "after",
                         "New",
                         "Year",
                         "’s",
                         "Eve",
                         "Russian",
                         "President",
                         "Vladimir",
                         "Putin",
                         "Sino-Russian",
                         "China",
                         "Bank",
                         "bank",
                         ",",
                         ".",
                         "10:30",
                         "p.m.",
                         "a",
                         "few",
                         "century",
                         "hundred",
                         "and",
                         "twenty-first",
                         "early",
                         "end",
                         "of",
                         "\xEF\xBF\xBD",
                         "May",
                         "Monday"};
  const std::size_t nv = sizeof(vocab) / sizeof(vocab[0]);
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::size_t len = next() % 60;
    for (std::size_t i = 0; i < len; ++i) text += std::string(vocab[next() % nv]) + (next() % 4 ? " " : "");
    auto d = doc_of(text, round % 2 ? "2025-01-02" : "");
    if (round % 3 == 0 && d.size() > 2) {
      byline::Entity e;
      e.tok_begin = 0;
      e.tok_end = static_cast<std::uint32_t>(d.size());
      e.label = "PERSON";
      d.add_entity(e);
    }
    REQUIRE_NOTHROW(r->annotate(d));
    auto ents = d.entities();
    for (std::size_t i = 0; i < ents.size(); ++i) {
      CHECK(ents[i].tok_begin < ents[i].tok_end);
      CHECK(ents[i].tok_end <= d.size());
      if (i) CHECK(ents[i - 1].tok_end <= ents[i].tok_begin);
    }
  }
}

TEST_CASE("rules ruler: model entities that are not names are dropped (not_names.txt)", "[rules]") {
  byline::RulerOptions o;
  o.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
  auto ruler = byline::EntityRuler::create(o);
  byline::Doc d = byline::Tokenizer().tokenize(std::string("The CEO said AI spending at IBM rose."));
  // tokens: 0 The 1 CEO 2 said 3 AI 4 spending 5 at 6 IBM 7 rose 8 .
  d.add_entity({1, 2, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  d.add_entity({3, 4, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  d.add_entity({6, 7, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  ruler->annotate(d);
  std::vector<std::string> got;
  for (const auto& e : d.entities()) got.push_back(e.label + " " + std::string(d.token_text(e.tok_begin)));
  CHECK(got == std::vector<std::string>{"ORG IBM"});
  // a user phrase for the same words is kept
  byline::RulerOptions u = o;
  u.user_phrases = {{"PRODUCT", "AI", ""}};
  auto ruler2 = byline::EntityRuler::create(u);
  byline::Doc d2 = byline::Tokenizer().tokenize(std::string("AI rose."));
  ruler2->annotate(d2);
  REQUIRE(d2.entities().size() == 1);
  CHECK(d2.entities()[0].label == "PRODUCT");
}

TEST_CASE("rules ruler: chat words (CHAT in not_names.txt) are trimmed off model entities", "[rules]") {
  const auto r = ruler();
  byline::Doc d = byline::Tokenizer().tokenize(std::string("LOL Trump is here OMG Apple Inc. LOL AI Act"));
  // tokens: 0 LOL 1 Trump 2 is 3 here 4 OMG 5 Apple 6 Inc. 7 LOL 8 AI 9 Act
  d.add_entity({0, 2, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  d.add_entity({4, 8, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  d.add_entity({8, 10, "LAW", 0.9f, byline::EntitySource::kModel, ""});
  r->annotate(d);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
  for (const auto& x : d.entities()) got.emplace_back(x.tok_begin, x.tok_end);
  // "AI" is a NONAME phrase, not a chat word: "AI Act" keeps it
  CHECK(got == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 2}, {5, 7}, {8, 10}});
  // what is left is vetoed as a whole entity would be; acronyms that begin real names stay
  byline::Doc v = byline::Tokenizer().tokenize(std::string("OMG AI LOL RT @bbc : IMO Maritime Safety Committee"));
  // tokens: 0 OMG 1 AI 2 LOL 3 RT 4 @bbc 5 : 6 IMO 7 Maritime 8 Safety 9 Committee
  v.add_entity({0, 2, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  v.add_entity({2, 4, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  v.add_entity({6, 10, "ORG", 0.9f, byline::EntitySource::kModel, ""});
  r->annotate(v);
  REQUIRE(v.entities().size() == 1);
  CHECK(v.entities()[0].tok_begin == 6);
  CHECK(v.entities()[0].tok_end == 10);
  byline::Doc u = byline::Tokenizer().tokenize(std::string("LOL Trump"));
  u.add_entity({0, 2, "ORG", 0.9f, byline::EntitySource::kUser, ""});  // only model entities are trimmed
  r->annotate(u);
  REQUIRE(u.entities().size() == 1);
  CHECK(u.entities()[0].tok_begin == 0);
}

TEST_CASE("rules ruler: the retweet marker RT before an @handle is no entity", "[rules]") {
  const auto r = ruler();
  auto kept = [&](const std::string& text, byline::EntitySource source) {
    byline::Doc d = byline::Tokenizer().tokenize(text);
    REQUIRE(d.token_text(0) == "RT");
    d.add_entity({0, 1, "ORG", 0.9f, source, ""});
    r->annotate(d);
    for (const auto& x : d.entities())
      if (x.tok_begin == 0 && x.tok_end == 1) return true;
    return false;
  };
  CHECK_FALSE(kept("RT @bbcnews: the vote is today", byline::EntitySource::kModel));
  CHECK(kept("RT reported that the vote is today.", byline::EntitySource::kModel));  // the broadcaster
  CHECK(kept("RT @ noon", byline::EntitySource::kModel));                            // "@" alone is no handle
  CHECK(kept("RT", byline::EntitySource::kModel));                                   // nothing after it
  CHECK(kept("RT @bbcnews: the vote", byline::EntitySource::kUser));                 // only model entities go
}

TEST_CASE("rules ruler: the not-name veto follows the list's left-to-right scan", "[rules]") {
  byline::RulerOptions o = byline::read_ruler_files([] {
    byline::RulerOptions r;
    r.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
    return r;
  }());
  o.resources["not_names.txt"] = "X\tAlpha Beta\nX\tBeta Gamma\nX\tDelta\n";
  auto ruler = byline::EntityRuler::create(o);
  auto kept = [&](const std::string& text, std::uint32_t b, std::uint32_t e, byline::EntitySource source) {
    byline::Doc d = byline::Tokenizer().tokenize(text);
    d.add_entity({b, e, "ORG", 0.9f, source, ""});
    ruler->annotate(d);
    for (const auto& x : d.entities())
      if (x.tok_begin == b && x.tok_end == e && x.label == "ORG") return true;
    return false;
  };
  CHECK_FALSE(kept("Alpha Beta rose", 0, 2, byline::EntitySource::kModel));  // a list match
  CHECK(kept("Alpha Beta rose", 0, 1, byline::EntitySource::kModel));        // part of one
  CHECK_FALSE(kept("x Beta Gamma rose", 1, 3, byline::EntitySource::kModel));
  // "Beta Gamma" starts inside the scan's match "Alpha Beta": the scan never matches it
  CHECK(kept("Alpha Beta Gamma rose", 1, 3, byline::EntitySource::kModel));
  CHECK_FALSE(kept("Delta rose", 0, 1, byline::EntitySource::kModel));
  CHECK(kept("Delta rose", 0, 1, byline::EntitySource::kUser));  // only model entities go
}
