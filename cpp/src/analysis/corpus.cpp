// Corpus: global entity linking over per-article clusters, MinHash near-duplicates.
#include "byline/corpus.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analysis/claims_impl.h"
#include "analysis/text.h"
#include "byline/errors.h"
#include "internal/union_find.h"

namespace byline {

namespace {

using internal::analysis::fold;
using internal::analysis::is_capitalized;

inline std::uint64_t mix64(std::uint64_t x) noexcept {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// FNV-1a over the ASCII-lower-cased bytes of a token (no allocation).
inline std::uint64_t word_hash(std::string_view w) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (char ch : w) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

using internal::UnionFind;

double edit_similarity(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  if (n == 0 && m == 0) return 1.0;
  std::vector<std::size_t> prev(m + 1), cur(m + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return 1.0 - static_cast<double>(prev[m]) / static_cast<double>(std::max(n, m));
}

std::size_t word_count(const std::string& s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

std::string last_word(const std::string& folded) {
  auto p = folded.rfind(' ');
  return p == std::string::npos ? folded : folded.substr(p + 1);
}

}  // namespace

std::vector<std::uint64_t> minhash_signature(const Doc& doc, const ArticleAnalysis* analysis,
                                             const CorpusOptions& options) {
  const std::size_t k = static_cast<std::size_t>(std::max(1, options.shingle_size));
  const std::size_t nh = static_cast<std::size_t>(std::max(1, options.num_hashes));
  // Boilerplate token ranges by start: a token is skipped when one of them covers it. (A
  // flag per token and a list of every word's hash were 9 bytes a token: 190 MB for one
  // 100 MB text, next to its Doc and analysis.)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> skip;
  if (analysis && options.exclude_boilerplate)
    for (const auto& g : analysis->boilerplate)
      if (g.tok_begin < g.tok_end) skip.emplace_back(g.tok_begin, g.tok_end);
  std::sort(skip.begin(), skip.end());
  std::vector<std::uint64_t> seeds(nh);
  for (std::size_t j = 0; j < nh; ++j) seeds[j] = mix64(options.seed * 0x100000001B3ull + j);
  std::vector<std::uint64_t> sig(nh, std::numeric_limits<std::uint64_t>::max());
  auto add_shingle = [&](std::uint64_t h) {
    for (std::size_t j = 0; j < nh; ++j) {
      const std::uint64_t v = mix64(h ^ seeds[j]);
      if (v < sig[j]) sig[j] = v;
    }
  };
  // The shingles are the runs of k consecutive words (one shingle of all words when there
  // are fewer), hashed from the last k word hashes, kept in a ring.
  std::vector<std::uint64_t> ring(k);
  std::size_t words = 0, next_skip = 0;
  std::uint32_t skip_end = 0;  // tokens before it are in boilerplate
  for (std::uint32_t i = 0; i < doc.size(); ++i) {
    for (; next_skip < skip.size() && skip[next_skip].first <= i; ++next_skip)
      skip_end = std::max(skip_end, skip[next_skip].second);
    const TokenKind kind = doc.kind(i);
    if (i < skip_end || (kind != TokenKind::kWord && kind != TokenKind::kNumber)) continue;
    ring[words % k] = word_hash(doc.token_text(i));
    if (++words < k) continue;
    std::uint64_t h = 0;
    for (std::size_t t = words - k; t < words; ++t) h = mix64(h ^ ring[t % k]);
    add_shingle(h);
  }
  if (words == 0) return {};
  if (words < k) {
    std::uint64_t h = 0;
    for (std::size_t t = 0; t < words; ++t) h = mix64(h ^ ring[t]);
    add_shingle(h);
  }
  return sig;
}

double signature_similarity(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) noexcept {
  if (a.empty() || a.size() != b.size()) return 0.0;
  std::size_t eq = 0;
  for (std::size_t i = 0; i < a.size(); ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / static_cast<double>(a.size());
}

Corpus::Corpus(CorpusOptions options) : options_(options) {
  if (options_.num_hashes < 1 || options_.lsh_rows < 1 || options_.shingle_size < 1)
    throw ConfigError("Corpus: num_hashes, lsh_rows and shingle_size must be >= 1");
  // LSH bands of lsh_rows hashes each: a remainder would be computed and never used
  if (options_.num_hashes % options_.lsh_rows != 0)
    throw ConfigError("Corpus: num_hashes (" + std::to_string(options_.num_hashes) +
                      ") must be a multiple of lsh_rows (" + std::to_string(options_.lsh_rows) + ")");
}

std::uint32_t Corpus::add(std::string id, const Doc& doc, const ArticleAnalysis& analysis) {
  Article a;
  a.id = std::move(id);
  a.clusters.reserve(analysis.clusters.size());
  for (const auto& c : analysis.clusters)
    a.clusters.push_back({c.label, c.canonical, c.aliases, static_cast<std::uint32_t>(c.mentions.size())});
  a.signature = minhash_signature(doc, &analysis, options_);
  if (options_.claims) a.claims = article_claims(doc, analysis);
  articles_.push_back(std::move(a));
  return static_cast<std::uint32_t>(articles_.size() - 1);
}

CorpusLinking Corpus::link() const {
  // items = (article, cluster)
  struct Item {
    std::uint32_t article, cluster;
    bool person;
    std::string key;  // folded canonical
  };
  std::vector<Item> items;
  for (std::uint32_t a = 0; a < articles_.size(); ++a)
    for (std::uint32_t c = 0; c < articles_[a].clusters.size(); ++c) {
      const auto& ci = articles_[a].clusters[c];
      items.push_back({a, c, ci.label == "PERSON", fold(ci.canonical)});
    }
  UnionFind uf(items.size());
  auto cls = [](bool person) { return person ? std::string("P\x01") : std::string("O\x01"); };
  // 1 + 2: canonical names and aliases
  std::unordered_map<std::string, std::uint32_t> by_name;
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    auto [p, fresh] = by_name.emplace(cls(it.person) + it.key, i);
    if (!fresh) uf.unite(p->second, i);
  }
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    for (const auto& al : articles_[it.article].clusters[it.cluster].aliases) {
      if (it.person && word_count(al) < 2) continue;
      auto p = by_name.find(cls(it.person) + fold(al));
      if (p != by_name.end()) uf.unite(p->second, i);
    }
  }
  // 3: surname-only people
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_surname;
  for (std::uint32_t i = 0; i < items.size(); ++i)
    if (items[i].person && word_count(items[i].key) >= 2) by_surname[last_word(items[i].key)].push_back(i);
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    if (!items[i].person || word_count(items[i].key) != 1) continue;
    auto p = by_surname.find(items[i].key);
    if (p == by_surname.end()) continue;
    std::uint32_t root = uf.find(p->second.front());
    bool unique = true;
    for (auto j : p->second) unique &= uf.find(j) == root;
    if (unique) uf.unite(root, i);
  }
  // 4: fuzzy, on distinct canonical names bucketed by label + first 3 bytes (the same label:
  //    "Indonesian" MISC and "Indonesia" GPE stay apart)
  if (options_.fuzzy_threshold <= 1.0) {
    std::unordered_map<std::string, std::vector<std::uint32_t>> buckets;  // representative items
    std::unordered_set<std::string> seen;
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      const auto& key = items[i].key;
      const std::string& label = articles_[items[i].article].clusters[items[i].cluster].label;
      if (key.size() < 5 || !seen.insert(label + "\x01" + key).second) continue;
      buckets[label + "\x01" + key.substr(0, 3)].push_back(i);
    }
    for (const auto& [b, members] : buckets)
      for (std::size_t x = 0; x < members.size(); ++x)
        for (std::size_t y = x + 1; y < members.size(); ++y) {
          std::uint32_t i = members[x], j = members[y];
          if (uf.find(i) == uf.find(j)) continue;
          if (edit_similarity(items[i].key, items[j].key) >= options_.fuzzy_threshold) uf.unite(i, j);
        }
  }
  // global entities, ordered by first item
  CorpusLinking out;
  out.cluster_entity.resize(articles_.size());
  for (std::uint32_t a = 0; a < articles_.size(); ++a) out.cluster_entity[a].assign(articles_[a].clusters.size(), -1);
  std::vector<std::int32_t> gid(items.size(), -1);
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    std::uint32_t r = uf.find(i);
    if (gid[r] < 0) {
      gid[r] = static_cast<std::int32_t>(out.entities.size());
      GlobalEntity g;
      g.id = gid[r];
      out.entities.push_back(std::move(g));
    }
    out.cluster_entity[items[i].article][items[i].cluster] = gid[r];
  }
  std::vector<std::vector<std::pair<std::string, std::uint32_t>>> labels(out.entities.size());
  std::vector<std::tuple<int, std::size_t, std::uint32_t, std::size_t>> best(out.entities.size(), {-1, 0, 0, 0});
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const auto& ci = articles_[it.article].clusters[it.cluster];
    auto& g = out.entities[static_cast<std::size_t>(gid[uf.find(i)])];
    g.mentions += ci.mentions;
    if (!g.articles.empty() && g.articles.back() == it.article) {
      g.counts.back() += ci.mentions;
    } else {
      g.articles.push_back(it.article);
      g.counts.push_back(ci.mentions);
    }
    auto add_alias = [&g](const std::string& s) {
      if (std::find(g.aliases.begin(), g.aliases.end(), s) == g.aliases.end()) g.aliases.push_back(s);
    };
    add_alias(ci.canonical);
    for (const auto& al : ci.aliases) add_alias(al);
    auto& ls = labels[static_cast<std::size_t>(g.id)];
    auto lp = std::find_if(ls.begin(), ls.end(), [&](const auto& p) { return p.first == ci.label; });
    if (lp == ls.end())
      ls.emplace_back(ci.label, ci.mentions);
    else
      lp->second += ci.mentions;
    auto score = std::make_tuple(is_capitalized(ci.canonical) ? 1 : 0, word_count(ci.canonical), ci.mentions,
                                 ci.canonical.size());
    if (score > best[static_cast<std::size_t>(g.id)]) {
      best[static_cast<std::size_t>(g.id)] = score;
      g.canonical = ci.canonical;
    }
  }
  for (auto& g : out.entities) {
    std::uint32_t top = 0;
    for (const auto& [l, n] : labels[static_cast<std::size_t>(g.id)])
      if (n > top || g.label.empty()) {
        top = n;
        g.label = l;
      }
  }
  return out;
}

double Corpus::similarity(std::size_t i, std::size_t j) const {
  return signature_similarity(articles_.at(i).signature, articles_.at(j).signature);
}

std::vector<std::vector<double>> Corpus::similarity_matrix() const {
  const std::size_t n = articles_.size();
  std::vector<std::vector<double>> m(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) m[i][j] = m[j][i] = similarity(i, j);
  return m;
}

template <class Visit>
void Corpus::lsh_candidates(Visit&& visit) const {
  const std::size_t rows = static_cast<std::size_t>(options_.lsh_rows);
  const std::size_t nh = static_cast<std::size_t>(options_.num_hashes);
  const std::size_t bands = std::max<std::size_t>(1, nh / rows);
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> table;
  for (std::size_t b = 0; b < bands; ++b) {
    table.clear();
    for (std::uint32_t a = 0; a < articles_.size(); ++a) {
      const auto& sig = articles_[a].signature;
      if (sig.size() != nh) continue;
      std::uint64_t h = mix64(b);
      for (std::size_t r = b * rows; r < std::min(nh, (b + 1) * rows); ++r) h = mix64(h ^ sig[r]);
      table[h].push_back(a);
    }
    for (const auto& [h, members] : table)
      for (std::size_t x = 0; x < members.size(); ++x)
        for (std::size_t y = x + 1; y < members.size(); ++y)
          if (!visit(members[x], members[y])) break;
  }
}

std::vector<DuplicatePair> Corpus::near_duplicates(double threshold) const {
  std::unordered_set<std::uint64_t> seen;
  std::vector<DuplicatePair> out;
  lsh_candidates([&](std::uint32_t a, std::uint32_t b) {
    if (!seen.insert((static_cast<std::uint64_t>(a) << 32) | b).second) return true;
    double s = similarity(a, b);
    if (s >= threshold) out.push_back({a, b, s});
    return true;
  });
  std::sort(out.begin(), out.end(),
            [](const auto& x, const auto& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  return out;
}

std::vector<std::vector<std::uint32_t>> Corpus::duplicate_clusters(double threshold) const {
  UnionFind uf(articles_.size());
  lsh_candidates([&](std::uint32_t a, std::uint32_t b) {
    if (uf.find(a) != uf.find(b) && similarity(a, b) >= threshold) uf.unite(a, b);
    return true;
  });
  std::unordered_map<std::uint32_t, std::size_t> index;
  std::vector<std::vector<std::uint32_t>> groups;
  for (std::uint32_t a = 0; a < articles_.size(); ++a) {
    std::uint32_t r = uf.find(a);
    auto [it, fresh] = index.emplace(r, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(a);
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](const auto& g) { return g.size() < 2; }), groups.end());
  return groups;
}

std::vector<CorpusClaim> Corpus::claims(const CorpusLinking& link) const {
  std::vector<CorpusClaim> out;
  for (std::uint32_t a = 0; a < articles_.size(); ++a) {
    const std::vector<std::int32_t>* clusters = a < link.cluster_entity.size() ? &link.cluster_entity[a] : nullptr;
    for (const Claim& c : articles_[a].claims) {
      CorpusClaim r;
      r.article = a;
      const auto k = static_cast<std::size_t>(c.subject_cluster);
      if (clusters != nullptr && c.subject_cluster >= 0 && k < clusters->size() && (*clusters)[k] >= 0 &&
          static_cast<std::size_t>((*clusters)[k]) < link.entities.size())
        r.entity = (*clusters)[k];
      r.subject = r.entity < 0 ? c.subject : link.entities[static_cast<std::size_t>(r.entity)].canonical;
      r.claim = c;
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<Disagreement> Corpus::disagreements(const std::vector<CorpusClaim>& claims) const {
  // (entity, predicate, kind of value) -> claims, in claim order
  std::map<std::tuple<std::int32_t, std::string, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const CorpusClaim& r = claims[i];
    if (r.claim.predicate.empty() || r.entity < 0) continue;
    const std::string& label = r.claim.label;
    std::string kind = label == "DATE" || label == "TIME" ? std::string("date") : label;
    groups[{r.entity, r.claim.predicate, std::move(kind)}].push_back(i);
  }
  std::vector<Disagreement> out;
  std::uint32_t number = 0;
  std::vector<std::optional<internal::claims::Interval>> intervals;
  std::vector<std::vector<std::string>> against;
  for (const auto& [key, members] : groups) {
    bool several = false;
    for (std::size_t m : members) several |= claims[m].article != claims[members[0]].article;
    if (!several) continue;
    intervals.clear();
    for (std::size_t m : members)
      intervals.push_back(internal::claims::interval_of(claims[m].claim.label, claims[m].claim.value));
    against.assign(members.size(), {});
    bool any = false;
    for (std::size_t x = 0; x < members.size(); ++x) {
      for (std::size_t y = 0; y < members.size(); ++y)
        if (claims[members[x]].article != claims[members[y]].article &&
            internal::claims::conflict(intervals[x], intervals[y]))
          against[x].push_back(article_id(claims[members[y]].article));
      std::sort(against[x].begin(), against[x].end());
      against[x].erase(std::unique(against[x].begin(), against[x].end()), against[x].end());
      any |= !against[x].empty();
    }
    if (!any) continue;
    for (std::size_t x = 0; x < members.size(); ++x) out.push_back({number, members[x], std::move(against[x])});
    ++number;
  }
  return out;
}

}  // namespace byline
