// Hostile input to the C++ core: user regexes and token patterns that would crash or
// hang a backtracking engine, huge tokens and runs, oversized configuration. Each case
// is scaled down to run in well under a second; docs/robustness.md lists them.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "byline/errors.h"
#include "byline/ner.h"
#include "internal/thread_pool.h"
#include "rules_test_util.h"

using rules_test::describe;
using rules_test::doc_of;
using V = std::vector<std::string>;

namespace {

byline::TokenMatcher one_regex(const std::string& re) {
  std::string json = R"([{"label": "X", "pattern": [{"regex": ")";
  for (char c : re) {
    if (c == '\\' || c == '"') json += '\\';
    json += c;
  }
  json += R"("}]}])";
  return byline::TokenMatcher::from_json(json);
}

}  // namespace

TEST_CASE("hostile: regexes run in linear time on huge tokens", "[hostile][rules]") {
  // A 40,000-character URL is one token; a recursive engine overflowed the stack on it.
  const std::string url = "https://example.com/" + std::string(40000, 'a');
  auto d = doc_of("See " + url + " now.");
  auto m = one_regex(R"(https?://\S+)");
  CHECK(describe(d, m.find(d)).size() == 1);
  // 30,000 letters in one token.
  auto d2 = doc_of(std::string(30000, 'a'));
  CHECK(one_regex(R"(\w+)").find(d2).size() == 1);
  // Catastrophic backtracking for a backtracking engine; linear for RE2.
  auto d3 = doc_of(std::string(41, 'a') + "b");
  CHECK(one_regex("(a+)+$").find(d3).empty());
  CHECK(one_regex("(a+)+b").find(d3).size() == 1);
}

TEST_CASE("hostile: deeply nested or oversized regexes are configuration errors", "[hostile][rules]") {
  const std::string nested = std::string(20000, '(') + "a" + std::string(20000, ')');
  CHECK_THROWS_WITH(one_regex(nested), Catch::Contains("patterns[0]") && Catch::Contains("regex"));
  CHECK_NOTHROW(one_regex(std::string(500, '(') + "a" + std::string(500, ')')));
  // 2,000 levels within the size limit: RE2 parses without recursion.
  auto deep = one_regex(std::string(2000, '(') + "a" + std::string(2000, ')'));
  CHECK(deep.find(doc_of("a")).size() == 1);
  // A regex whose automaton exceeds the memory budget fails to compile, cleanly.
  CHECK_THROWS_WITH(one_regex(R"(\w{300})"), Catch::Contains("bad regex"));
  CHECK_THROWS_AS(one_regex("((((a{100}){100}){100}){100})"), byline::ConfigError);  // repeat size
  // Many large regexes together: refused by the total instruction budget; the same one
  // repeated is compiled once.
  std::string many = R"([)";
  for (int i = 0; i < 60; ++i)
    many +=
        std::string(i ? "," : "") + R"({"label": "X", "pattern": [{"regex": "\\w{120})" + std::to_string(i) + R"("}]})";
  many += "]";
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(many), Catch::Contains("instructions together"));
  std::string same = R"([)";
  for (int i = 0; i < 60; ++i)
    same += std::string(i ? "," : "") + R"({"label": "X", "pattern": [{"regex": "\\w{120}"}]})";
  same += "]";
  CHECK_NOTHROW(byline::TokenMatcher::from_json(same));
  CHECK_THROWS_WITH(one_regex("(unclosed"), Catch::Contains("bad regex '(unclosed'"));
}

TEST_CASE("hostile: regexes match code points, with Unicode \\w \\d \\s", "[hostile][rules]") {
  auto d = doc_of("Zürich");
  CHECK(one_regex(R"(\w+)").find(d).size() == 1);
  CHECK(one_regex(R"(^.{6}$)").find(d).size() == 1);
  CHECK(one_regex(R"([\w]+)").find(d).size() == 1);
  CHECK(one_regex(R"(\W+)").find(d).empty());
  CHECK(one_regex(R"(\d+)").find(doc_of("٣٤")).size() == 1);  // Arabic-Indic digits
  // Escapes that are not classes pass through: an escaped backslash, \Q..\E literals.
  CHECK(one_regex(R"(^\Q\w\E$)").find(doc_of("w")).empty());  // \Q\w\E is the text "\w", not a class
  // Inside a class: '-' after \w stays a literal; \D is Unicode; \W and \S are refused.
  auto dash = one_regex(R"(^[\w-]+$)");
  CHECK(dash.find(doc_of("über-all")).size() == 1);
  CHECK(one_regex(R"(^[\w-z]+$)").find(doc_of("a`b")).empty());
  CHECK(one_regex(R"(^[\D]+$)").find(doc_of("über")).size() == 1);
  CHECK_THROWS_WITH(one_regex(R"([^\W\d]+)"), Catch::Contains("inside a character class"));
}

TEST_CASE("hostile: runs of + and * cost linear time and stay in their sentence", "[hostile][rules]") {
  auto m = byline::TokenMatcher::from_json(
      R"([{"label": "ORG", "pattern": [{"is_title": true, "op": "+"}, {"lower": "inc"}]}])");
  std::string text;
  for (int i = 0; i < 19999; ++i) text += "Word ";
  auto d = doc_of(text);
  CHECK(m.find(d).empty());
  text += "Inc";
  auto d2 = doc_of(text);
  REQUIRE(d2.size() == 20000);
  REQUIRE(d2.sentences().size() == 1);
  auto ents = m.find(d2);
  REQUIRE(ents.size() == 1);
  // One 20,000-token sentence is matched in pieces of 1,000 tokens: the run starts at
  // the last piece.
  CHECK(ents[0].tok_end == d2.size());
  CHECK(ents[0].tok_begin == 19000);
  // Not across a sentence boundary.
  auto d3 = doc_of("Alpha Beta. Gamma Inc");
  CHECK(describe(d3, m.find(d3)) == V{"ORG Gamma Inc"});
  // Many * tokens (the most a pattern may have) over many tokens.
  std::string stars = R"([{"label": "X", "pattern": [)";
  for (int i = 0; i < 255; ++i) stars += R"({"op": "*"},)";
  stars += R"({"text": "zzz"}]}])";
  auto many = byline::TokenMatcher::from_json(stars);
  std::string words;
  for (int i = 0; i < 5000; ++i) words += "w ";
  CHECK(many.find(doc_of(words)).empty());
  CHECK(many.find(doc_of(words + "zzz")).size() == 1);
}

TEST_CASE("hostile: pattern size limits are configuration errors", "[hostile][rules]") {
  std::string big = R"([{"label": "X", "pattern": [)";
  for (int i = 0; i < 257; ++i) big += R"({"lower": "a"},)";
  big += R"({"lower": "b"}]}])";
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(big), Catch::Contains("at most 256"));
  std::string phrase = R"([{"label": "X", "pattern": ")";
  for (int i = 0; i < 300; ++i) phrase += "a ";
  phrase += R"("}])";
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(phrase), Catch::Contains("at most 256"));
  const std::string value = R"([{"label": "X", "value": ")" + std::string(5000, 'v') + R"(", "pattern": "a"}])";
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(value), Catch::Contains("'value'"));
  CHECK_THROWS_WITH(one_regex(std::string(5000, 'a')), Catch::Contains("at most 4096"));
}

namespace {

// Reference matcher: exhaustive search for the longest match of a pattern at a token
// (one-sentence Docs), then the same leftmost-longest, non-overlapping scan.
struct RefSpec {
  int pred;  // 0: text A, 1: text B, 2: lower c, 3: is_title, 4: any token
  char op;   // '1' '?' '*' '+' '!'
};

bool ref_ok(const RefSpec& s, const std::string& t) {
  switch (s.pred) {
    case 0:
      return t == "A";
    case 1:
      return t == "B";
    case 2:
      return t == "c" || t == "C";
    case 3:
      return t == "A" || t == "B" || t == "C";
    default:
      return true;
  }
}

long ref_longest(const std::vector<RefSpec>& p, std::size_t s, std::size_t t, const std::vector<std::string>& toks) {
  if (s == p.size()) return static_cast<long>(t);
  const RefSpec& sp = p[s];
  const std::size_t n = toks.size();
  long best = -1;
  switch (sp.op) {
    case '1':
      if (t < n && ref_ok(sp, toks[t])) best = ref_longest(p, s + 1, t + 1, toks);
      break;
    case '!':
      if (t < n && !ref_ok(sp, toks[t])) best = ref_longest(p, s + 1, t + 1, toks);
      break;
    case '?':
      best = ref_longest(p, s + 1, t, toks);
      if (t < n && ref_ok(sp, toks[t])) best = std::max(best, ref_longest(p, s + 1, t + 1, toks));
      break;
    default: {  // * and +
      std::size_t k = t;
      if (sp.op == '*') best = ref_longest(p, s + 1, t, toks);
      while (k < n && ref_ok(sp, toks[k])) {
        ++k;
        best = std::max(best, ref_longest(p, s + 1, k, toks));
      }
    }
  }
  return best;
}

std::string spec_json(const RefSpec& s) {
  static const char* preds[] = {R"("text": "A")", R"("text": "B")", R"("lower": "c")", R"("is_title": true)", ""};
  std::string j = "{";
  j += preds[s.pred];
  if (s.op != '1') j += std::string(s.pred == 4 ? "" : ", ") + R"("op": ")" + s.op + "\"";
  return j + "}";
}

}  // namespace

TEST_CASE("hostile: the linear-time matcher finds what exhaustive search finds", "[hostile][rules]") {
  std::mt19937 rng(12345);
  const char ops[] = {'1', '?', '*', '+', '!'};
  const char* words[] = {"A", "B", "c", "C", "x"};
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<RefSpec> p;
    const int m = 1 + static_cast<int>(rng() % 4);
    bool can_be_empty = true;
    for (int k = 0; k < m; ++k) {
      RefSpec s{static_cast<int>(rng() % 5), ops[rng() % 5]};
      if (s.pred == 4 && s.op == '!') s.op = '1';  // "not any token" never matches: fine, but keep it useful
      can_be_empty = can_be_empty && (s.op == '?' || s.op == '*');
      p.push_back(s);
    }
    if (can_be_empty) p.push_back({0, '1'});
    std::string json = R"([{"label": "X", "pattern": [)";
    for (std::size_t k = 0; k < p.size(); ++k) json += (k ? "," : "") + spec_json(p[k]);
    json += "]}]";
    auto matcher = byline::TokenMatcher::from_json(json);
    std::vector<std::string> toks;
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 9);
    for (int k = 0; k < n; ++k) {
      toks.emplace_back(words[rng() % 5]);
      text += toks.back() + " ";
    }
    auto d = doc_of(text);
    REQUIRE(d.size() == toks.size());
    std::vector<std::string> want;
    for (std::size_t i = 0; i < toks.size();) {
      long e = ref_longest(p, 0, i, toks);
      if (e > static_cast<long>(i)) {
        std::string s = "X";
        for (long k = static_cast<long>(i); k < e; ++k) s += " " + toks[static_cast<std::size_t>(k)];
        want.push_back(s);
        i = static_cast<std::size_t>(e);
      } else {
        ++i;
      }
    }
    INFO(json << " on '" << text << "'");
    CHECK(describe(d, matcher.find(d)) == want);
  }
}

namespace {

// Starts `ok` threads, then fails like a process at its thread or memory limit.
struct FailingStart {
  int ok;
  bool bad_alloc;
  mutable int started = 0;
  template <class F>
  std::thread operator()(F&& f) const {
    if (started >= ok) {
      if (bad_alloc) throw std::bad_alloc();
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again), "thread");
    }
    ++started;
    return std::thread(std::forward<F>(f));
  }
};

}  // namespace

TEST_CASE("hostile: a thread that cannot start leaves the work to the others", "[hostile][threads]") {
  for (int ok : {0, 1, 3})
    for (bool bad_alloc : {false, true}) {
      std::vector<std::atomic<int>> seen(2000);
      FailingStart start{ok, bad_alloc};
      byline::internal::parallel_for(seen.size(), 8, [&](std::size_t i) { ++seen[i]; }, start);
      INFO("threads started " << ok << (bad_alloc ? ", then bad_alloc" : ", then system_error"));
      CHECK(start.started == ok);
      bool once = true;
      for (auto& s : seen) once = once && s.load() == 1;
      CHECK(once);
    }
  // Errors of the work itself still reach the caller, with fewer threads too.
  FailingStart start{1, false};
  CHECK_THROWS_AS(byline::internal::parallel_for(
                      100, 4,
                      [](std::size_t i) {
                        if (i == 42) throw byline::InputError("bad text 42");
                      },
                      start),
                  byline::InputError);
}

TEST_CASE("hostile: thread counts are capped", "[hostile][threads]") {
  CHECK(byline::resolve_num_threads(20000) == byline::kMaxThreads);
  CHECK(byline::resolve_num_threads(3) == 3);
  CHECK(byline::resolve_num_threads(0) <= byline::kMaxThreads);
  CHECK_THROWS_AS(byline::resolve_num_threads(-1), std::invalid_argument);
  // A request for far more threads than texts or the cap still processes every text once.
  std::vector<std::atomic<int>> seen(300);
  byline::internal::parallel_for(seen.size(), 100000, [&](std::size_t i) { ++seen[i]; });
  bool once = true;
  for (auto& s : seen) once = once && s.load() == 1;
  CHECK(once);
}

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("byline_hostile_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

}  // namespace

TEST_CASE("hostile: model and pattern files that are no regular files are refused without reading",
          "[hostile][files]") {
  // A FIFO would block a reader forever; a directory is no file.
  const std::string fifo = temp_path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(byline::EntityRecognizer::load(fifo), Catch::Contains("not a regular file"));
  CHECK_THROWS_AS(byline::TokenMatcher::from_file(fifo), byline::ConfigError);
  CHECK_THROWS_AS(byline::PhraseMatcher::from_file(fifo, {}), byline::ConfigError);
  std::remove(fifo.c_str());
  CHECK_THROWS_WITH(byline::EntityRecognizer::load(std::filesystem::temp_directory_path().string()),
                    Catch::Contains("is a directory"));
}

TEST_CASE("hostile: oversized or mislabelled model files fail on their size or header", "[hostile][files]") {
  // A sparse 2 GiB file: refused by its size before anything is read.
  const std::string big = temp_path("big.bin");
  {
    std::ofstream f(big, std::ios::binary);
  }
  std::filesystem::resize_file(big, std::uintmax_t{2} << 30);
  CHECK_THROWS_WITH(byline::EntityRecognizer::load(big), Catch::Contains("the limit is"));
  // 8 MB that is no model: refused on its header.
  std::filesystem::resize_file(big, 8u << 20);
  CHECK_THROWS_WITH(byline::EntityRecognizer::load(big), Catch::Contains("bad magic"));
  // A model header that claims a payload the file does not have.
  {
    std::ofstream f(big, std::ios::binary | std::ios::trunc);
    f.write("BLNR", 4);
    const std::uint32_t version = 2;
    const std::uint64_t psize = std::uint64_t{1} << 40, sum = 0;
    f.write(reinterpret_cast<const char*>(&version), 4);
    f.write(reinterpret_cast<const char*>(&psize), 8);
    f.write(reinterpret_cast<const char*>(&sum), 8);
    f.write("xxxx", 4);
  }
  CHECK_THROWS_WITH(byline::EntityRecognizer::load(big), Catch::Contains("header says"));
  std::remove(big.c_str());
}

TEST_CASE("hostile: Doc::from_json refuses self-contradicting documents", "[hostile][doc]") {
  byline::Doc d = rules_test::doc_of("Anna met Bo. Then left.");
  byline::Entity e;
  e.tok_begin = 0;
  e.tok_end = 1;
  e.label = "PERSON";
  d.add_entity(e);
  const std::string good = d.to_json();
  CHECK_NOTHROW(byline::Doc::from_json(good));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string j = good;
    const auto at = j.find(from);
    REQUIRE(at != std::string::npos);
    return j.replace(at, from.size(), to);
  };
  // Sentences that leave tokens out, or cover one twice.
  CHECK_THROWS_WITH(byline::Doc::from_json(with(R"("sentences":[[0,12],[13,23]])", R"("sentences":[[0,4]])")),
                    Catch::Contains("cover every token"));
  CHECK_THROWS_WITH(byline::Doc::from_json(with(R"("sentences":[[0,12],[13,23]])", R"("sentences":[[0,12],[9,23]])")),
                    Catch::Contains("two sentences"));
  // An entity whose character span, or text, contradicts its tokens.
  std::string moved = with(R"("start":0,)", R"("start":5,)");
  moved.replace(moved.find(R"("end":4,)"), 8, R"("end":8,)");
  CHECK_THROWS_WITH(byline::Doc::from_json(moved), Catch::Contains("disagree"));
  CHECK_THROWS_WITH(byline::Doc::from_json(with(R"("text":"Anna")", R"("text":"Bo")")),
                    Catch::Contains("not the text of its tokens"));
  // Meta values are strings.
  std::string meta = good;
  meta.insert(meta.rfind('}'), R"(,"meta":{"date":20250101})");
  CHECK_THROWS_WITH(byline::Doc::from_json(meta), Catch::Contains("'meta' values must be strings"));
}

TEST_CASE("hostile: deeply nested JSON is an error, not a stack overflow", "[hostile][doc]") {
  // 300,000 levels: dumping or copying such a value recursed once per level.
  const std::string deep = std::string(300000, '[') + std::string(300000, ']');
  byline::Doc d = rules_test::doc_of("Anna met Bo.");
  std::string doc_json = d.to_json();
  doc_json.insert(doc_json.rfind('}'), R"(,"extra":)" + deep);
  CHECK_THROWS_WITH(byline::Doc::from_json(doc_json), Catch::Contains("nested deeper than 256 levels"));
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(R"([{"label": "X", "pattern": "a", "value": )" + deep + "}]"),
                    Catch::Contains("nested deeper than 256 levels"));
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(R"({"patterns": )" + deep + "}"),
                    Catch::Contains("nested deeper than 256 levels"));
}
