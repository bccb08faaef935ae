// Corpus over the five sample articles: global entities and near-duplicate rewrites.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>

#include "byline/analysis.h"
#include "byline/corpus.h"
#include "byline/errors.h"
#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace {

std::string read_sample(int i) {
  static const char* const names[] = {"000_11915f40bc56dedd", "001_7844f7efe070cbc1", "002_8ec56b153a773baa",
                                      "003_45d770aeda870f5f", "004_9a64066150c81d14"};
  std::ifstream in(std::string(BYLINE_SOURCE_DIR) + "/examples/articles/" + names[i] + ".txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const byline::EntityRecognizer& model() {
  static auto m = byline::EntityRecognizer::load(BYLINE_SOURCE_DIR "/models/en_news/model.bin");
  return *m;
}

// A rewrite: about `rate` of the words replaced, deterministic per seed.
std::string rewrite(const std::string& text, double rate, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out, word;
  const char* subst[] = {"the", "new", "big", "said", "report", "plan", "official", "today"};
  auto flush = [&] {
    if (word.empty()) return;
    if (std::uniform_real_distribution<double>(0, 1)(rng) < rate)
      out += subst[rng() % 8];
    else
      out += word;
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

struct Built {
  byline::Corpus corpus;
  std::vector<byline::Doc> docs;
};

const byline::EntityRuler& ruler() {
  static auto r = [] {
    byline::RulerOptions o;
    o.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
    return byline::EntityRuler::create(o);
  }();
  return *r;
}

const Built& samples() {
  static Built b = [] {
    Built x;
    byline::Tokenizer tok;
    const byline::Analyzer an;
    for (int i = 0; i < 5; ++i) {
      x.docs.push_back(tok.tokenize(read_sample(i)));
      model().annotate(x.docs.back());
      ruler().annotate(x.docs.back());  // the entity stage as the product runs it
      x.corpus.add("sample" + std::to_string(i), x.docs.back(), an.analyze(x.docs.back()));
    }
    return x;
  }();
  return b;
}

const byline::GlobalEntity* entity(const byline::CorpusLinking& l, const std::string& canonical) {
  for (const auto& g : l.entities)
    if (g.canonical == canonical) return &g;
  return nullptr;
}

}  // namespace

TEST_CASE("corpus: global entities over the five sample articles", "[analysis][corpus]") {
  const auto& c = samples().corpus;
  auto link = c.link();
  REQUIRE(link.cluster_entity.size() == 5);
  SECTION("one Vladimir Putin in all five articles") {
    int putins = 0;
    for (const auto& g : link.entities)
      if (g.label == "PERSON" && g.canonical.find("Putin") != std::string::npos) ++putins;
    CHECK(putins == 1);
    const auto* p = entity(link, "Vladimir Putin");
    REQUIRE(p != nullptr);
    CHECK(p->articles == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
    CHECK(p->mentions == std::accumulate(p->counts.begin(), p->counts.end(), 0u));
    CHECK(std::find(p->aliases.begin(), p->aliases.end(), "Putin") != p->aliases.end());
  }
  SECTION("Gref, Vedyakhin, the United States, Sberbank and AI") {
    const auto* g = entity(link, "German Gref");
    REQUIRE(g != nullptr);
    CHECK(g->articles == std::vector<std::uint32_t>{0, 2, 3});
    const auto* v = entity(link, "Alexander Vedyakhin");
    REQUIRE(v != nullptr);
    CHECK(v->articles == std::vector<std::uint32_t>{2, 3});
    const auto* us = entity(link, "United States");
    REQUIRE(us != nullptr);
    CHECK(us->articles == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
    const auto* sb = entity(link, "Sberbank");
    REQUIRE(sb != nullptr);
    CHECK(sb->articles.size() == 5);
    // AI is no name (OntoNotes): neither it nor its long form is a cross-article entity
    CHECK(entity(link, "Artificial Intelligence") == nullptr);
    CHECK(entity(link, "AI") == nullptr);
  }
  SECTION("every cluster has a global id consistent with its canonical") {
    for (std::size_t a = 0; a < 5; ++a)
      for (auto id : link.cluster_entity[a]) CHECK((id >= 0 && id < static_cast<std::int32_t>(link.entities.size())));
  }
}

TEST_CASE("corpus: near-duplicate rewrites", "[analysis][corpus]") {
  byline::Tokenizer tok;
  const byline::Analyzer an;
  byline::Corpus corpus;
  // the five samples plus three rewrites of sample 2 and two of sample 3
  std::vector<std::string> texts;
  for (int i = 0; i < 5; ++i) texts.push_back(read_sample(i));
  texts.push_back(rewrite(texts[2], 0.03, 1));
  texts.push_back(rewrite(texts[2], 0.03, 2));
  texts.push_back(rewrite(texts[2], 0.05, 3));
  texts.push_back(rewrite(texts[3], 0.03, 4));
  texts.push_back(rewrite(texts[3], 0.03, 5));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto doc = tok.tokenize(texts[i]);
    corpus.add(std::to_string(i), doc, an.analyze(doc));
  }
  auto m = corpus.similarity_matrix();
  REQUIRE(m.size() == 10);
  CHECK(m[2][2] == 1.0);
  CHECK(m[2][5] > 0.5);
  CHECK(m[3][8] > 0.5);
  for (int i = 0; i < 5; ++i)
    for (int j = i + 1; j < 5; ++j) CHECK(m[i][j] < 0.2);  // different write-ups of one story
  auto groups = corpus.duplicate_clusters(0.5);
  CHECK(groups == std::vector<std::vector<std::uint32_t>>{{2, 5, 6, 7}, {3, 8, 9}});
  auto pairs = corpus.near_duplicates(0.5);
  CHECK(pairs.size() == 6 + 3);
  for (const auto& p : pairs) CHECK(p.a < p.b);
}

TEST_CASE("corpus: empty and tiny articles", "[analysis][corpus]") {
  byline::Tokenizer tok;
  const byline::Analyzer an;
  byline::Corpus corpus;
  for (std::string t : {"", "  \n", "Hi.", "Hi."}) {
    auto doc = tok.tokenize(t);
    corpus.add(t, doc, an.analyze(doc));
  }
  CHECK(corpus.similarity(0, 1) == 0.0);
  CHECK(corpus.similarity(2, 3) == 1.0);
  CHECK(corpus.duplicate_clusters() == std::vector<std::vector<std::uint32_t>>{{2, 3}});
  CHECK(corpus.link().entities.empty());
  CHECK_THROWS_AS(corpus.similarity(0, 9), std::out_of_range);
  CHECK_THROWS_AS(byline::Corpus(byline::CorpusOptions{0}), byline::ConfigError);
  byline::CorpusOptions uneven;
  uneven.num_hashes = 5;
  uneven.lsh_rows = 4;
  CHECK_THROWS_WITH(byline::Corpus(uneven), "Corpus: num_hashes (5) must be a multiple of lsh_rows (4)");
}

TEST_CASE("corpus: linking rules on hand-made articles", "[analysis][corpus]") {
  byline::Tokenizer tok;
  const byline::Analyzer an;
  byline::Corpus corpus;
  // tags every token-aligned occurrence of each phrase
  auto add = [&](const std::string& text, const std::vector<std::pair<std::string, std::string>>& ents) {
    auto doc = tok.tokenize(text);
    std::vector<byline::Entity> found;
    for (const auto& [phrase, label] : ents)
      for (std::size_t pos = text.find(phrase); pos != std::string::npos; pos = text.find(phrase, pos + 1)) {
        std::uint32_t b = 0;
        while (b < doc.size() && doc.token_begin()[b] < pos) ++b;
        std::uint32_t e = b;
        while (e < doc.size() && doc.token_end()[e] <= pos + phrase.size()) ++e;
        if (b < doc.size() && doc.token_begin()[b] == pos && e > b && doc.token_end()[e - 1] == pos + phrase.size())
          found.push_back({b, e, label, 1.0f, byline::EntitySource::kUser, ""});
      }
    std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.tok_begin < y.tok_begin; });
    for (const auto& f : found) doc.add_entity(f);
    corpus.add(std::to_string(corpus.size()), doc, an.analyze(doc));
  };
  add("Vladimir Putin spoke in Indonesia. Putin left.",
      {{"Vladimir Putin", "PERSON"}, {"Putin", "PERSON"}, {"Indonesia", "GPE"}});
  add("Vladimir Puttin met Indonesian officials.", {{"Vladimir Puttin", "PERSON"}, {"Indonesian", "MISC"}});
  add("Gref spoke.", {{"Gref", "PERSON"}});
  add("German Gref spoke at the European Central Bank (ECB).",
      {{"German Gref", "PERSON"}, {"European Central Bank", "ORG"}, {"ECB", "ORG"}});
  add("The ECB raised rates.", {{"ECB", "ORG"}});
  auto link = corpus.link();
  auto find = [&](const std::string& c) -> const byline::GlobalEntity* {
    for (const auto& g : link.entities)
      if (g.canonical == c) return &g;
    return nullptr;
  };
  const auto* putin = find("Vladimir Putin");
  REQUIRE(putin != nullptr);
  CHECK(putin->articles == std::vector<std::uint32_t>{0, 1});  // fuzzy: "Puttin"
  CHECK(putin->counts == std::vector<std::uint32_t>{2, 1});
  CHECK(find("Indonesia") != nullptr);
  CHECK(find("Indonesian") != nullptr);  // different labels are not fuzzily merged
  const auto* gref = find("German Gref");
  REQUIRE(gref != nullptr);
  CHECK(gref->articles == std::vector<std::uint32_t>{2, 3});  // surname-only article joins
  const auto* ecb = find("European Central Bank");
  REQUIRE(ecb != nullptr);
  CHECK(ecb->articles == std::vector<std::uint32_t>{3, 4});  // alias "ECB"
  CHECK(find("ECB") == nullptr);
}

namespace {

// The signature as minhash_signature computed it with a list of every word's hash and a
// flag per token (kept here to check the streaming version against it, bit for bit).
std::uint64_t ref_mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::vector<std::uint64_t> reference_signature(const byline::Doc& doc, const byline::ArticleAnalysis& analysis,
                                               const byline::CorpusOptions& options) {
  const std::size_t k = static_cast<std::size_t>(std::max(1, options.shingle_size));
  const std::size_t nh = static_cast<std::size_t>(std::max(1, options.num_hashes));
  std::vector<std::uint8_t> skip(doc.size(), 0);
  if (options.exclude_boilerplate)
    for (const auto& g : analysis.boilerplate)
      for (std::uint32_t i = g.tok_begin; i < g.tok_end && i < doc.size(); ++i) skip[i] = 1;
  std::vector<std::uint64_t> words;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const byline::TokenKind kind = doc.kind(i);
    if (skip[i] || (kind != byline::TokenKind::kWord && kind != byline::TokenKind::kNumber)) continue;
    std::uint64_t h = 1469598103934665603ull;
    for (char ch : doc.token_text(i)) {
      auto c = static_cast<unsigned char>(ch);
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      h = (h ^ c) * 1099511628211ull;
    }
    words.push_back(h);
  }
  if (words.empty()) return {};
  std::vector<std::uint64_t> sig(nh, std::numeric_limits<std::uint64_t>::max());
  const std::size_t shingles = words.size() >= k ? words.size() - k + 1 : 1;
  for (std::size_t s = 0; s < shingles; ++s) {
    std::uint64_t h = 0;
    for (std::size_t t = s; t < s + k && t < words.size(); ++t) h = ref_mix64(h ^ words[t]);
    for (std::size_t j = 0; j < nh; ++j) {
      const std::uint64_t v = ref_mix64(h ^ ref_mix64(options.seed * 0x100000001B3ull + j));
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

}  // namespace

TEST_CASE("corpus: minhash signatures stream the shingles, with the values of a list of all words",
          "[analysis][corpus]") {
  byline::Tokenizer tok;
  std::vector<byline::Doc> docs;
  for (int i = 0; i < 5; ++i) docs.push_back(tok.tokenize(read_sample(i)));
  for (const char* t : {"", ", ;", "One", "One two", "One two three four", "A b c d e f g h i j k l m n o p q"})
    docs.push_back(tok.tokenize(std::string(t)));
  auto region = [](std::uint32_t b, std::uint32_t e) {
    byline::BoilerplateRegion g;
    g.tok_begin = b;
    g.tok_end = e;
    return g;
  };
  // no boilerplate; overlapping, nested, unsorted, empty and out-of-range regions
  std::vector<std::vector<byline::BoilerplateRegion>> layouts = {
      {},
      {region(3, 9), region(0, 2), region(5, 7), region(8, 12), region(6, 6), region(40, 1000000)},
      {region(0, 1000000)},
      {region(1, 2), region(2, 3), region(10, 4)}};
  for (int k : {1, 2, 3, 5, 8, 40}) {
    for (bool exclude : {true, false}) {
      byline::CorpusOptions o;
      o.shingle_size = k;
      o.num_hashes = 16;
      o.seed = 7;
      o.exclude_boilerplate = exclude;
      for (const auto& layout : layouts) {
        byline::ArticleAnalysis a;
        a.boilerplate = layout;
        for (const auto& d : docs) {
          CAPTURE(k, exclude, layout.size(), d.size());
          CHECK(byline::minhash_signature(d, &a, o) == reference_signature(d, a, o));
        }
      }
    }
  }
}
