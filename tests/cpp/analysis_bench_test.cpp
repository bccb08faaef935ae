// Hidden benchmark (run with: byline_tests "[.analysis-bench]"): a synthetic corpus of
// rewrites of the five sample articles, timed per stage. Also a threaded determinism check.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "byline/analysis.h"
#include "byline/corpus.h"
#include "byline/ner.h"
#include "byline/tokenizer.h"

namespace {

std::string load_sample(int i) {
  static const char* const names[] = {"000_11915f40bc56dedd", "001_7844f7efe070cbc1", "002_8ec56b153a773baa",
                                      "003_45d770aeda870f5f", "004_9a64066150c81d14"};
  std::ifstream in(std::string(BYLINE_SOURCE_DIR) + "/examples/articles/" + names[i] + ".txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Rewrite: drop ~rate of the sentences-ish lines' words, swap in filler words.
std::string rewrite(const std::string& text, double rate, std::mt19937& rng) {
  const char* subst[] = {"the", "new", "big", "said", "report", "plan", "official", "today"};
  std::string out, word;
  std::uniform_real_distribution<double> u(0, 1);
  auto flush = [&] {
    if (word.empty()) return;
    double x = u(rng);
    if (x < rate / 2) {
      // drop
    } else if (x < rate) {
      out += subst[rng() % 8];
    } else {
      out += word;
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      flush();
      out.push_back(c);
    } else {
      word.push_back(c);
    }
  }
  flush();
  return out;
}

double secs(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("analysis bench: 10,000 rewrites of the sample articles", "[.analysis-bench]") {
  const int n = std::getenv("BYLINE_BENCH_ARTICLES") ? std::atoi(std::getenv("BYLINE_BENCH_ARTICLES")) : 10000;
  auto ner = byline::EntityRecognizer::load(BYLINE_SOURCE_DIR "/models/en_news/model.bin");
  byline::Tokenizer tok;
  const byline::Analyzer an;
  std::mt19937 rng(42);
  std::vector<std::string> base;
  for (int i = 0; i < 5; ++i) base.push_back(load_sample(i));
  double t_tok = 0, t_ner = 0, t_an = 0, t_add = 0;
  std::size_t tokens = 0, quotes = 0;
  byline::Corpus corpus;
  for (int k = 0; k < n; ++k) {
    std::string text = rewrite(base[static_cast<std::size_t>(k % 5)], 0.02 + 0.08 * (k % 7) / 6.0, rng);
    auto t0 = std::chrono::steady_clock::now();
    auto doc = tok.tokenize(text);
    t_tok += secs(t0);
    t0 = std::chrono::steady_clock::now();
    ner->annotate(doc);
    t_ner += secs(t0);
    t0 = std::chrono::steady_clock::now();
    auto a = an.analyze(doc);
    t_an += secs(t0);
    t0 = std::chrono::steady_clock::now();
    corpus.add(std::to_string(k), doc, a);
    t_add += secs(t0);
    tokens += doc.size();
    quotes += a.quotes.size();
  }
  auto t0 = std::chrono::steady_clock::now();
  auto link = corpus.link();
  double t_link = secs(t0);
  t0 = std::chrono::steady_clock::now();
  auto groups = corpus.duplicate_clusters(0.5);
  double t_dup = secs(t0);
  std::cout << "articles " << n << ", tokens " << tokens << ", quotes " << quotes << "\n"
            << "tokenize " << t_tok << " s, ner " << t_ner << " s, analyze " << t_an << " s, corpus.add (minhash) "
            << t_add << " s, link " << t_link << " s (" << link.entities.size() << " global entities), "
            << "duplicate_clusters " << t_dup << " s (" << groups.size() << " groups";
  std::size_t largest = 0;
  for (const auto& g : groups) largest = std::max(largest, g.size());
  std::cout << ", largest " << largest << ")\n";
  CHECK(groups.size() == 5);
}

TEST_CASE("analysis: one Analyzer on many threads gives the same results", "[analysis]") {
  auto ner = byline::EntityRecognizer::load(BYLINE_SOURCE_DIR "/models/en_news/model.bin");
  byline::Tokenizer tok;
  std::vector<byline::Doc> docs;
  for (int i = 0; i < 5; ++i) {
    docs.push_back(tok.tokenize(load_sample(i)));
    ner->annotate(docs.back());
  }
  const byline::Analyzer an;
  std::vector<std::string> expected;
  for (const auto& d : docs) expected.push_back(an.analyze(d).to_json());
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < 5; ++r)
        for (const auto& d : docs) got[static_cast<std::size_t>(t)].push_back(an.analyze(d).to_json());
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got)
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == expected[i % 5]);
  auto batch = an.analyze_batch(docs, 3);
  REQUIRE(batch.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(batch[i].to_json() == expected[i]);
  CHECK(an.analyze_batch({}, 2).empty());
  // Docs owned elsewhere, through pointers: the same analyses, no copies
  std::vector<const byline::Doc*> ptrs;
  for (const auto& d : docs) ptrs.push_back(&d);
  auto by_ptr = an.analyze_batch(ptrs.data(), ptrs.size(), 2);
  REQUIRE(by_ptr.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(by_ptr[i].to_json() == expected[i]);
  CHECK(an.analyze_batch(ptrs.data(), 0, 2).empty());
  CHECK_THROWS_AS(an.analyze_batch(ptrs.data(), ptrs.size(), -1), std::invalid_argument);
  CHECK_THROWS_AS(an.analyze_batch(docs, -1), std::invalid_argument);
}
