// The rule recognisers' private lookup helpers (rules/text_util.h): WordTable, WordFilter.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "rules/text_util.h"

using byline::internal::rules::WordFilter;
using byline::internal::rules::WordTable;

TEST_CASE("rules word table: lookups, duplicates, iteration", "[rules]") {
  SECTION("an initializer list keeps the first value of a word") {
    const WordTable<int> t = {{"may", 5}, {"june", 6}, {"may", 99}, {"", 0}};
    CHECK(t.size() == 3);
    REQUIRE(t.find("may") != t.end());
    CHECK(t.find("may")->second == 5);
    CHECK(t.find("june")->first == "june");
    CHECK(t.count("") == 1);
    CHECK(t.find("jun") == t.end());
    CHECK(t.find("mayo") == t.end());
    CHECK(t.count("May") == 0);  // exact bytes: callers lower-case first
  }
  SECTION("operator[] adds or overwrites; iteration follows insertion") {
    WordTable<double> t;
    CHECK(t.find("x") == t.end());
    t["one"] = 1;
    t["two"] = 2;
    t["one"] = 11;
    t.emplace("two", 22);  // kept: emplace never overwrites
    std::vector<std::string> order;
    for (const auto& kv : t) order.emplace_back(kv.first);
    CHECK(order == std::vector<std::string>{"one", "two"});
    CHECK(t.find("one")->second == 11);
    CHECK(t.find("two")->second == 2);
  }
  SECTION("many words: every one found after the table grows, others not") {
    std::vector<std::string> words;
    for (int i = 0; i < 1000; ++i) words.push_back("w" + std::to_string(i));
    WordTable<int> t;
    for (int i = 0; i < 1000; ++i) t.emplace(words[static_cast<std::size_t>(i)], i);
    CHECK(t.size() == 1000);
    for (int i = 0; i < 1000; ++i) {
      const auto it = t.find(words[static_cast<std::size_t>(i)]);
      REQUIRE(it != t.end());
      CHECK(it->second == i);
    }
    CHECK(t.find("w1000") == t.end());
    CHECK(t.find("w") == t.end());
  }
}

TEST_CASE("rules word filter: never turns a word of the table away", "[rules]") {
  WordFilter f;
  for (std::string_view w : {"january", "may", "Q1", "twenty"}) f.add(w);
  CHECK(f.may_contain("May"));
  CHECK(f.may_contain("JANUARY"));
  CHECK(f.may_contain("q1"));
  CHECK(f.may_contain("twenty"));
  CHECK_FALSE(f.may_contain("mayor"));  // no word of 5 letters starts with m
  CHECK_FALSE(f.may_contain(""));
  // the first two letters count too: "mob" has the first letter and length of "may" only
  CHECK_FALSE(f.may_contain("mob"));
  CHECK(f.may_contain("mat"));            // "ma" + 3 letters: may be "may" (the filter's answer)
  CHECK_FALSE(f.may_contain("Jupiter"));  // j + 7 letters, but not "ja" + 7 letters
  CHECK_FALSE(f.may_contain("tomato"));
  CHECK(f.may_contain("tWeNtY"));
  // a second character that is not a letter is judged by the first and the length alone
  CHECK(f.may_contain("m'y"));
  CHECK(f.may_contain("q2"));
  CHECK_FALSE(f.may_contain("QX"));  // q + 2 is known ("Q1"), but no word starts "qx"
}

TEST_CASE("rules word filter: the letter pairs of words with other characters", "[rules]") {
  WordFilter f;
  for (std::string_view w : {"o'clock", "a", "approx.", "x-ray"}) f.add(w);
  CHECK_FALSE(
      f.may_contain("o\xE2\x80\x99"
                    "clock"));  // another length (a curly apostrophe is 3 bytes), as before
  CHECK(f.may_contain("O'CLOCK"));
  CHECK_FALSE(f.may_contain("oxclock"));  // o + 7, but a letter second: no word starts "ox"
  CHECK(f.may_contain("A"));
  CHECK(f.may_contain("Approx."));
  CHECK_FALSE(f.may_contain("academy"));
  CHECK(f.may_contain("x-ray"));
  CHECK(f.may_contain("x+ray"));
}

TEST_CASE("rules text_util: all_ascii looks at the token's bytes only, at any length and offset", "[rules]") {
  using byline::internal::rules::all_ascii;
  // non-ASCII bytes around the tokens: they must never count
  const std::string buf =
      "\xC3\xA9"
      "abcdefghijklmnopqrstuvwxyz"
      "\xC3\xA9";
  const char* limit = buf.data() + buf.size();
  for (std::size_t b = 2; b <= 28; ++b)
    for (std::size_t e = b; e <= 28; ++e) {
      const std::string_view t(buf.data() + b, e - b);
      CHECK(all_ascii(t, limit));
      CHECK(all_ascii(t, t.data() + t.size()));
    }
  for (std::size_t b = 0; b <= 28; ++b)
    for (std::size_t e = b; e <= buf.size(); ++e) {
      const std::string_view t(buf.data() + b, e - b);
      const bool expect = t.find_first_of("\xC3\xA9") == std::string_view::npos;
      CHECK(all_ascii(t, limit) == expect);
      CHECK(all_ascii(t, t.data() + t.size()) == expect);
    }
  CHECK(all_ascii(std::string_view(), nullptr));
}

TEST_CASE("rules text_util: has_hyphen finds a '-' in the token only, at any length and offset", "[rules]") {
  using byline::internal::rules::has_hyphen;
  // a buffer with hyphens around the tokens: they must never count
  const std::string buf = "--abcdefghijklmnopqrstuvwxyz0123456789--";
  const char* end = buf.data() + buf.size();
  for (std::size_t b = 2; b < buf.size() - 2; ++b)
    for (std::size_t n = 0; b + n <= buf.size() - 2; ++n) {
      const std::string_view t(buf.data() + b, n);
      INFO(b << " " << n);
      CHECK_FALSE(has_hyphen(t, end));
      CHECK_FALSE(has_hyphen(t, t.data() + t.size()));
    }
  // a hyphen at every position of tokens of every length up to 40, read with and without
  // bytes after them
  for (std::size_t n = 1; n <= 40; ++n)
    for (std::size_t k = 0; k < n; ++k) {
      std::string s = std::string(n, 'x') + std::string(16, 'y');
      s[k] = '-';
      const std::string_view t(s.data(), n);
      INFO(n << " " << k);
      CHECK(has_hyphen(t, s.data() + s.size()));
      CHECK(has_hyphen(t, t.data() + n));
    }
}
