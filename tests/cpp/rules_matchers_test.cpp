// PhraseMatcher and TokenMatcher.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "byline/errors.h"
#include "rules_test_util.h"

using rules_test::describe;
using rules_test::doc_of;
using V = std::vector<std::string>;

TEST_CASE("rules phrase matcher: longest match, case modes, values", "[rules]") {
  std::vector<byline::Phrase> phrases = {{"GPE", "China", R"({"country":"CN"})"},
                                         {"GPE", "People's Republic of China", R"({"country":"CN"})"},
                                         {"ORG", "Tortoise Media", ""},
                                         {"GPE", "Hangzhou", ""}};
  SECTION("exact case") {
    byline::PhraseMatcher m(phrases, {});
    CHECK(m.size() == 4);
    auto d = doc_of("cooperation with the People’s Republic of China and china, said Tortoise Media.");
    CHECK(describe(d, m.find(d)) == V{R"(GPE People’s Republic of China = {"country":"CN"})", "ORG Tortoise Media"});
    CHECK(m.match_at(d, 3, "GPE") == 5);
    CHECK(m.match_at(d, 3, "ORG") == 0);
  }
  SECTION("folded case") {
    byline::PhraseMatcherOptions o;
    o.fold_case = true;
    o.source = byline::EntitySource::kUser;
    byline::PhraseMatcher m(phrases, o);
    auto d = doc_of("CHINA and china and Hangzhou-based");
    auto ents = m.find(d);
    // "Hangzhou-based" is tokenised Hangzhou - based, so the city matches as a whole token.
    CHECK(describe(d, ents) == V{R"(GPE CHINA = {"country":"CN"})", R"(GPE china = {"country":"CN"})", "GPE Hangzhou"});
    CHECK(ents[0].source == byline::EntitySource::kUser);
  }
  SECTION("files") {
    auto m = byline::PhraseMatcher::from_string("# comment\nPRODUCT\tGigaChat\n\nORG\tSber AI\t{\"x\":1}\r\n", {});
    CHECK(m.size() == 2);
    CHECK_THROWS_AS(byline::PhraseMatcher::from_string("no tab here\n", {}), byline::ConfigError);
    CHECK_THROWS_WITH(byline::PhraseMatcher::from_string("A\tb\nbad\n", {}), Catch::Contains("line 2"));
    CHECK_THROWS_AS(byline::PhraseMatcher::from_file("/nonexistent/x.txt", {}), byline::ConfigError);
  }
  SECTION("built-in lists") {
    auto gpe = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/gpe.txt", {});
    auto d = doc_of("China’s DeepSeek, a startup in Hangzhou, rattled the U.S. and Moscow.");
    CHECK(describe(d, gpe.find(d)) == V{R"(GPE China = {"country":"CN"})", R"(GPE Hangzhou = {"country":"CN"})",
                                        R"(GPE U.S. = {"country":"US"})", R"(GPE Moscow = {"country":"RU"})"});
  }
  SECTION("first tokens the filter must let through: lower case, apostrophes, non-ASCII, long tokens") {
    const std::string long_word(70, 'x');
    std::vector<byline::Phrase> odd = {{"GPE", "the Abode of Peace", ""},
                                       {"ORG", "'t Hooft Group", ""},
                                       {"GPE", "Åland Islands", ""},
                                       {"ORG", long_word + " Inc", ""},
                                       {"GPE", "weSwatini", ""}};
    byline::PhraseMatcher exact(odd, {});
    auto d = doc_of("In the Abode of Peace and ’t Hooft Group, Åland Islands, weSwatini, " + long_word +
                    " Inc and the abode.");
    CHECK(describe(d, exact.find(d)) == V{"GPE the Abode of Peace", "ORG ’t Hooft Group", "GPE Åland Islands",
                                          "GPE weSwatini", "ORG " + long_word + " Inc"});
    CHECK(exact.match_at(d, 1, "GPE") == 4);
    CHECK(exact.match_at(d, 0, "") == 0);
    byline::PhraseMatcherOptions o;
    o.fold_case = true;
    byline::PhraseMatcher folded(odd, o);
    auto f = doc_of("THE ABODE OF PEACE, åland islands, WESWATINI");
    CHECK(describe(f, folded.find(f)) == V{"GPE THE ABODE OF PEACE", "GPE åland islands", "GPE WESWATINI"});
    byline::PhraseMatcher none(std::vector<byline::Phrase>{}, {});
    CHECK(none.find(d).empty());
    CHECK(none.match_at(d, 0, "") == 0);
  }
  SECTION("find() skips no start that match_at() finds (the first-token filters are exact)") {
    for (const char* list : {"gpe.txt", "loc.txt", "norp.txt", "not_names.txt", "titles.txt"}) {
      const std::string path = std::string(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/") + list;
      auto m = byline::PhraseMatcher::from_file(path, {});
      // every phrase of the list in running text, some after a curly apostrophe or in
      // upper case, and the sample articles
      std::string text;
      for (const auto& p : byline::read_phrase_list(path))
        text += "They met " + p.text + " and \xE2\x80\x99" + p.text + ". ";
      for (const char* a : {"000_11915f40bc56dedd.txt", "003_45d770aeda870f5f.txt"}) {
        std::ifstream f(std::string(BYLINE_SOURCE_DIR "/examples/articles/") + a);
        text += std::string(std::istreambuf_iterator<char>(f), {});
      }
      auto d = doc_of(text);
      std::vector<std::pair<std::uint32_t, std::uint32_t>> want, got;
      for (std::uint32_t i = 0; i < d.size();) {
        const std::uint32_t k = m.match_at(d, i, "");
        if (k > 0) want.emplace_back(i, i + k);
        i += k > 0 ? k : 1;
      }
      for (const auto& e : m.find(d)) got.emplace_back(e.tok_begin, e.tok_end);
      INFO(list);
      CHECK(want.size() > 50);
      CHECK(got == want);
    }
  }
  SECTION("a phrase never spans a sentence break") {
    auto gpe = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/gpe.txt", {});
    auto d = doc_of("They beat the Czech\n\nRepublic of Korea won.");
    for (const auto& e : gpe.find(d)) CHECK(!(e.tok_begin <= 3 && e.tok_end > 4));
    auto one = doc_of("They visited the Czech Republic.");
    CHECK(describe(one, gpe.find(one)).at(0).rfind("GPE Czech Republic", 0) == 0);
  }
}

TEST_CASE("rules token matcher: attributes and operators", "[rules]") {
  auto m = byline::TokenMatcher::from_json(R"([
    {"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]},
    {"label": "ORG", "pattern": "Tortoise Media"},
    {"label": "LAW", "pattern": [{"text": "Article"}, {"shape": "dd", "op": "+"}]},
    {"label": "MONEY", "id": "rub", "value": {"currency": "RUB"},
     "pattern": [{"is_digit": true}, {"lower": {"in": ["rub", "roubles"]}}]},
    {"label": "ORG", "pattern": [{"is_title": true, "op": "+"}, {"text": "Bank"}]},
    {"label": "CODE", "pattern": [{"regex": "^[A-Z]{2}-\\d+$"}, {"text": "!", "op": "?"}]}
  ])");
  CHECK(m.size() == 6);
  auto d =
      doc_of("GIGACHAT and Gigachat by Tortoise Media under Article 12 cost 500 RUB at Sber Credit Bank, id AB-12");
  auto ents = m.find(d);
  CHECK(describe(d, ents) == V{"PRODUCT GIGACHAT", "PRODUCT Gigachat", "ORG Tortoise Media", "LAW Article 12",
                               R"(MONEY 500 RUB = {"currency":"RUB"})", "ORG Sber Credit Bank", "CODE AB-12"});
  CHECK(ents[0].source == byline::EntitySource::kUser);
}

TEST_CASE("rules token matcher: ent_type and negation", "[rules]") {
  auto m = byline::TokenMatcher::from_json(
      R"({"patterns": [{"label": "EVENT", "pattern": [{"ent_type": "GPE", "op": "+"}, {"lower": "summit"}]},
                       {"label": "X", "pattern": [{"lower": "the"}, {"lower": "end", "op": "!"}]}]})");
  auto d = doc_of("a Russia summit and the end and the plan");
  byline::Entity g;
  g.tok_begin = 1;
  g.tok_end = 2;
  g.label = "GPE";
  d.add_entity(g);
  CHECK(describe(d, m.find(d)) == V{"EVENT Russia summit", "X the plan"});
}

TEST_CASE("rules token matcher: configuration errors name the problem", "[rules]") {
  using byline::ConfigError;
  using byline::TokenMatcher;
  CHECK_THROWS_WITH(TokenMatcher::from_json("[{"), Catch::Contains("invalid JSON"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [{"lowr": "x"}]}])"),
                    Catch::Contains("patterns[0]") && Catch::Contains("unknown key 'lowr'"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [{"lower": "x", "op": "++"}]}])"),
                    Catch::Contains("unknown operator '++'"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"pattern": [{"lower": "x"}]}])"), Catch::Contains("missing 'label'"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [{"regex": "("}]}])"),
                    Catch::Contains("bad regex"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [{"lower": "x", "op": "*"}]}])"),
                    Catch::Contains("zero tokens"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [], "colour": 1}])"),
                    Catch::Contains("unknown key 'colour'"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"({"label": "A"})"), Catch::Contains("expected an array"));
  CHECK_THROWS_WITH(TokenMatcher::from_json(R"([{"label": "A", "pattern": [{"is_digit": "yes"}]}])"),
                    Catch::Contains("must be true or false"));
  CHECK_THROWS_AS(TokenMatcher::from_file("/nonexistent.json"), byline::ConfigError);
}

TEST_CASE("rules token matcher: backtracking stays bounded", "[rules]") {
  auto m = byline::TokenMatcher::from_json(
      R"([{"label": "A", "pattern": [{"is_alpha": true, "op": "*"}, {"is_alpha": true, "op": "*"}, {"text": "!"}]}])");
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "word ";
  auto d = doc_of(text);
  CHECK(m.find(d).empty());
}
