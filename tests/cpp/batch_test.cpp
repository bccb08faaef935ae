#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "byline/byline.h"

TEST_CASE("batch: same output for any number of threads, in input order", "[batch]") {
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i)
    texts.push_back("Document " + std::to_string(i) + ": Putin’s directive, published on Dec. 30, " +
                    std::string(static_cast<std::size_t>(i % 7), 'x') + " said Mr. Gref.");
  std::vector<std::string_view> views(texts.begin(), texts.end());
  byline::Tokenizer tok;
  auto one = byline::tokenize_batch(tok, views, 1);
  for (int threads : {0, 2, 3, 16}) {
    auto many = byline::tokenize_batch(tok, views, threads);
    REQUIRE(many.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      CHECK(many[i].text() == texts[i]);
      CHECK(many[i].token_begin() == one[i].token_begin());
      CHECK(many[i].sentences() == one[i].sentences());
    }
  }
}

TEST_CASE("batch: the first failing document's error is rethrown", "[batch]") {
  std::vector<std::string> texts = {"fine", std::string("bad\xFF", 4), "fine", std::string("\xC0", 1)};
  std::vector<std::string_view> views(texts.begin(), texts.end());
  byline::Tokenizer tok;
  for (int threads : {1, 2, 4}) {
    try {
      byline::tokenize_batch(tok, views, threads);
      FAIL("expected EncodingError");
    } catch (const byline::EncodingError& e) {
      CHECK(e.byte_offset() == 3);  // from texts[1], the first failing index
      CHECK(std::string(e.what()).rfind("text 1: ", 0) == 0);
    }
  }
}

TEST_CASE("batch: thread count resolution", "[batch]") {
  CHECK_THROWS_AS(byline::resolve_num_threads(-1), std::invalid_argument);
  CHECK(byline::resolve_num_threads(3) == 3);
  CHECK(byline::resolve_num_threads(0) >= 1);
  CHECK(byline::tokenize_batch(byline::Tokenizer(), {}, 0).empty());
}

TEST_CASE("logging: levels parse and apply", "[logging]") {
  CHECK(byline::parse_log_level("INFO") == byline::LogLevel::kInfo);
  CHECK_THROWS_AS(byline::parse_log_level("loud"), byline::ConfigError);
  auto before = byline::get_log_level();
  byline::set_log_level(byline::LogLevel::kDebug);
  CHECK(byline::get_log_level() == byline::LogLevel::kDebug);
  byline::set_log_level(before);
}
