// Stage 2 of the analysis: within-article clusters and canonical names (analysis/context.h).
#include <algorithm>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analysis/context.h"
#include "internal/union_find.h"

namespace byline::internal::analysis {
namespace {

// ---------------------------------------------------------------- acronyms

// "Artificial Intelligence (AI)", "graphics processing units (GPUs)": folded acronym ->
// [begin, end) tokens of the expansion.
std::unordered_map<std::string, TokenRange> find_acronyms(const ArticleContext& s) {
  std::unordered_map<std::string, TokenRange> out;
  const std::uint32_t n = s.size();
  for (std::uint32_t i = 1; i + 2 < n; ++i) {
    if (s.words[i] != "(" || s.words[i + 2] != ")") continue;
    std::string_view acr = s.words[i + 1];
    if (acr.size() > 2 && acr.back() == 's' && is_acronym(acr.substr(0, acr.size() - 1))) acr.remove_suffix(1);
    if (!is_acronym(acr) || acr.size() > 8) continue;
    std::string letters;
    for (char c : acr)
      if (c >= 'A' && c <= 'Z') letters.push_back(static_cast<char>(c - 'A' + 'a'));
    // walk back over the content words
    std::int64_t j = static_cast<std::int64_t>(i) - 1;
    std::int64_t li = static_cast<std::int64_t>(letters.size()) - 1;
    std::uint32_t start = i;
    while (j >= 0 && li >= 0 && static_cast<std::int64_t>(i) - j <= 2 * static_cast<std::int64_t>(letters.size()) + 2) {
      std::string_view w = s.words[static_cast<std::size_t>(j)];
      if (s.doc.kind(static_cast<std::size_t>(j)) != TokenKind::kWord) break;
      if (one_of(w, {"of", "and", "the", "for", "on", "in", "&"}) &&
          li < static_cast<std::int64_t>(letters.size()) - 1) {
        --j;
        continue;
      }
      char c = w[0];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != letters[static_cast<std::size_t>(li)]) break;
      start = static_cast<std::uint32_t>(j);
      --li;
      --j;
    }
    if (li < 0) out.emplace(fold(s.words[i + 1]), TokenRange{start, i});
  }
  return out;
}

// ---------------------------------------------------------------- clusters

// ---------------------------------------------------------------- company designators

// The key of a company name without its legal form: "Kolporter SA", "Apple Inc." and
// "Tesco Plc" join "Kolporter", "Apple" and "Tesco". Empty when the mention ends in no
// designator (or is nothing else).
std::string without_designator(const ArticleContext& s, const Mention& m) {
  static const std::unordered_set<std::string> designators = {
      "inc", "inc.", "corp",     "corp.", "co",   "co.",     "ltd",         "ltd.",         "llc", "plc",
      "sa",  "s.a.", "ag",       "nv",    "n.v.", "gmbh",    "spa",         "s.p.a.",       "bv",  "b.v.",
      "ab",  "asa",  "oyj",      "se",    "pty",  "limited", "corporation", "incorporated", "lp",  "l.p.",
      "llp", "sarl", "s.a.r.l.", "kk",    "bhd",  "tbk",     "pjsc",        "ojsc",         "jsc"};
  std::uint32_t e = m.tok_end;
  if (e > m.tok_begin && s.words[e - 1] == ".") --e;  // "Apple Inc ."
  if (e < m.tok_begin + 2 || designators.count(fold(s.words[e - 1])) == 0) return {};
  --e;
  if (s.words[e - 1] == ",") --e;  // "Apple, Inc."
  if (e <= m.tok_begin) return {};
  return fold(span_text(s.doc, m.tok_begin, e));
}

bool all_capitalized(const ArticleContext& s, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t i = b; i < e; ++i)
    if (s.doc.kind(i) == TokenKind::kWord && !is_capitalized(s.words[i]) &&
        !one_of(s.words[i], {"of", "and", "the", "for", "de", "van", "von", "al", "bin"}))
      return false;
  return true;
}

// True when the sentence of token i has no word with a lower-case ASCII letter (a headline
// in capitals). O(sentence length).
bool in_headline(const ArticleContext& s, std::uint32_t i) {
  const auto& sents = s.doc.sentences();
  if (s.sent_of.empty() || s.sent_of[i] >= sents.size()) return false;
  const TokenRange r = sents[s.sent_of[i]];
  for (std::uint32_t t = r.begin; t < r.end && t < s.size(); ++t) {
    if (s.doc.kind(t) != TokenKind::kWord) continue;
    for (char c : s.words[t])
      if (c >= 'a' && c <= 'z') return false;
  }
  return true;
}

}  // namespace

void build_clusters(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate) {
  auto& ms = out.mentions;
  const std::uint32_t n = static_cast<std::uint32_t>(ms.size());
  auto active = [&](std::uint32_t i) { return !(exclude_boilerplate && ms[i].in_boilerplate); };
  auto acr = find_acronyms(s);
  UnionFind uf(n);
  // The folded text, first and last words of a mention are folded when used (a column of
  // strings is 32 bytes per mention even when short: 110 MB for the 3.4 million of a 50 MB text).
  auto key = [&](std::uint32_t i) { return fold(ms[i].text); };
  auto first = [&](std::uint32_t i) { return fold(s.words[ms[i].tok_begin]); };
  auto last = [&](std::uint32_t i) { return fold(s.words[ms[i].tok_end - 1]); };
  std::vector<std::uint8_t> full_person(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t words = 0;
    for (std::uint32_t t = ms[i].tok_begin; t < ms[i].tok_end; ++t) words += s.doc.kind(t) == TokenKind::kWord;
    full_person[i] = ms[i].label == "PERSON" && words >= 2;
  }
  // 1. non-person keys: alias-table canonical, acronym expansion, folded text
  std::unordered_map<std::string, std::uint32_t> by_key;
  std::vector<std::string_view> canon_of(n);  // into the alias table
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || ms[i].label == "PERSON") continue;
    std::string k = key(i);
    std::string_view c = s.al.canonical(ms[i].text);
    if (!c.empty()) {
      canon_of[i] = c;
      k = fold(c);
    } else if (auto it = acr.find(k); it != acr.end()) {
      k = fold(span_text(s.doc, it->second.begin, it->second.end));
    } else if (ms[i].label == "ORG") {
      if (std::string bare = without_designator(s, ms[i]); !bare.empty()) k = std::move(bare);
    }
    auto [it, fresh] = by_key.emplace("O:" + k, i);
    if (!fresh) uf.unite(it->second, i);
  }
  // 2. full person names: equal text, or equal first and last word
  std::unordered_map<std::string, std::uint32_t> by_name;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || !full_person[i]) continue;
    auto [it, fresh] = by_name.emplace(key(i), i);
    if (!fresh) uf.unite(it->second, i);
    auto [it2, fresh2] = by_name.emplace(first(i) + "\x01" + last(i), i);
    if (!fresh2) uf.unite(it2->second, i);
  }
  // 3. short forms: a surname (any label, single word) or a full name tagged otherwise joins the
  //    person whose full name it ends; the nearest preceding full mention wins, else the first.
  std::unordered_map<std::string, std::uint32_t> short_people;
  // full-name mentions by last word and by full key, in text order
  std::unordered_map<std::string, std::vector<std::uint32_t>> full_by_last, full_by_key;
  for (std::uint32_t j = 0; j < n; ++j) {
    if (!active(j) || !full_person[j]) continue;
    full_by_last[last(j)].push_back(j);
    full_by_key[key(j)].push_back(j);
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || full_person[i]) continue;
    if (!canon_of[i].empty()) continue;  // country aliases are not surnames
    bool single = ms[i].tok_end - ms[i].tok_begin == 1;
    const auto& index = single ? full_by_last : full_by_key;
    std::int64_t best = -1;
    const std::string k = key(i);
    if (auto it = index.find(k); it != index.end()) {
      // nearest preceding full mention, else the first one
      const auto& js = it->second;
      auto pos = std::lower_bound(js.begin(), js.end(), i);
      best = pos != js.begin() ? *(pos - 1) : js.front();
    }
    if (best >= 0) {
      uf.unite(static_cast<std::uint32_t>(best), i);
    } else if (ms[i].label == "PERSON") {
      auto [it, fresh] = short_people.emplace(k, i);
      if (!fresh) uf.unite(it->second, i);
    }
  }
  // 4. number clusters by first mention
  std::vector<std::int32_t> root_cluster(n, -1);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i)) continue;
    std::uint32_t r = uf.find(i);
    if (root_cluster[r] < 0) {
      root_cluster[r] = static_cast<std::int32_t>(out.clusters.size());
      EntityCluster c;
      c.id = root_cluster[r];
      out.clusters.push_back(std::move(c));
    }
    ms[i].cluster = root_cluster[r];
    auto& c = out.clusters[static_cast<std::size_t>(ms[i].cluster)];
    c.mentions.push_back(i);
    if (std::find(c.aliases.begin(), c.aliases.end(), ms[i].text) == c.aliases.end()) c.aliases.push_back(ms[i].text);
  }
  // 5. label and canonical
  for (auto& c : out.clusters) {
    bool person = false;
    std::vector<std::pair<std::string, int>> counts;
    for (auto mi : c.mentions) {
      if (full_person[mi]) person = true;
      auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& p) { return p.first == ms[mi].label; });
      if (it == counts.end())
        counts.emplace_back(ms[mi].label, 1);
      else
        ++it->second;
    }
    if (person) {
      c.label = "PERSON";
    } else {
      int best = -1;
      for (const auto& p : counts)
        if (p.second > best) {
          best = p.second;
          c.label = p.first;
        }
    }
    // canonical: alias-table name > acronym expansion > longest proper full form
    std::string canon;
    std::tuple<int, int, std::uint32_t, std::size_t> best_score{-1, -1, 0, 0};
    for (auto mi : c.mentions) {
      const Mention& m = ms[mi];
      if (!person && !canon_of[mi].empty()) {
        canon = std::string(canon_of[mi]);
        break;
      }
      std::string cand = m.text;
      std::uint32_t b = m.tok_begin, e = m.tok_end;
      if (!person) {
        if (auto it = acr.empty() ? acr.end() : acr.find(key(mi)); it != acr.end()) {
          b = it->second.begin;
          e = it->second.end;
          cand = std::string(span_text(s.doc, b, e));
        }
      } else if (m.label != "PERSON") {
        continue;
      }
      // headline forms ("IRAN", "PACIFIC WESTERN") lose against running-text forms
      auto score =
          std::make_tuple(in_headline(s, m.tok_begin) ? 0 : 1, all_capitalized(s, b, e) ? 1 : 0, e - b, cand.size());
      if (score > best_score) {
        best_score = score;
        canon = std::move(cand);
      }
    }
    c.canonical = canon.empty() ? ms[c.mentions.front()].text : canon;
  }
  // 6. per-entity columns
  for (std::uint32_t i = 0; i < n; ++i) {
    if (ms[i].cluster < 0 || ms[i].entity < 0) continue;
    auto e = static_cast<std::size_t>(ms[i].entity);
    if (out.entity_cluster[e] < 0 || ms[i].label == "PERSON") {
      out.entity_cluster[e] = ms[i].cluster;
      out.entity_canonical[e] = out.clusters[static_cast<std::size_t>(ms[i].cluster)].canonical;
    }
  }
  // entities that gave no mention of their own (a duplicate from a second source, a fragment
  // joined into a full name) take the cluster of the mention that contains them
  std::vector<std::int32_t> cover(s.size(), -1);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t t = ms[i].tok_begin; t < ms[i].tok_end && t < s.size(); ++t)
      cover[t] = static_cast<std::int32_t>(i);
  const Doc& doc = s.doc;
  for (std::size_t e = 0; e < doc.num_entities(); ++e) {
    if (out.entity_cluster[e] >= 0 || !is_linked_label(doc.labels()[doc.entity_label_id()[e]])) continue;
    std::uint32_t b = doc.entity_token_begin()[e], en = std::min<std::uint32_t>(doc.entity_token_end()[e], s.size());
    while (b < en && cover[b] < 0) ++b;  // skip "the" and punctuation trimmed from the mention
    if (b >= en) continue;
    const Mention& m = ms[static_cast<std::size_t>(cover[b])];
    bool inside = true;
    for (std::uint32_t t = b; t < en && inside; ++t)
      inside = cover[t] == cover[b] || s.doc.kind(t) == TokenKind::kPunct || is_possessive(s.words[t]);
    if (!inside || m.cluster < 0) continue;
    out.entity_cluster[e] = m.cluster;
    out.entity_canonical[e] = out.clusters[static_cast<std::size_t>(m.cluster)].canonical;
  }
}

}  // namespace byline::internal::analysis
