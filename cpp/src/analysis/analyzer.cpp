// Analyzer: mentions, within-article clusters, roles and quotes (see byline/analysis.h and
// docs/analysis.md for the rules).
#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <unordered_map>

#include "analysis/text.h"
#include "byline/analysis.h"
#include "byline/tokenizer.h"
#include "internal/thread_pool.h"
#include "internal/union_find.h"

namespace byline {

namespace {

using internal::analysis::fold;
using internal::analysis::iequals;
using internal::analysis::is_acronym;
using internal::analysis::is_capitalized;
using internal::analysis::is_possessive;
using internal::analysis::quote_mark;
using internal::analysis::QuoteMark;
using internal::analysis::span_text;

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

bool is_linked_label(std::string_view l) {
  return l == "PERSON" || l == "ORG" || l == "GPE" || l == "LOC" || l == "NORP" || l == "FAC" || l == "PRODUCT" ||
         l == "EVENT" || l == "WORK_OF_ART" || l == "LAW" || l == "LANGUAGE" || l == "MISC";
}

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  for (auto x : list)
    if (iequals(w, x)) return true;
  return false;
}

bool is_modifier(std::string_view w) {
  return one_of(w, {"first", "second", "deputy", "vice", "acting", "former", "senior", "chief", "interim", "executive",
                    "general", "co", "assistant", "associate", "managing", "then", "top"});
}

bool is_honorific(std::string_view w) {
  return one_of(
      w, {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "mx", "mx."});
}

bool is_cue_word(std::string_view w) {
  return one_of(
      w, {"said",         "says",    "say",        "told",       "tells",     "added",     "adds",      "acknowledged",
          "acknowledges", "stated",  "states",     "noted",      "notes",     "explained", "explains",  "wrote",
          "writes",       "asked",   "emphasized", "emphasised", "warned",    "warns",     "insisted",  "declared",
          "argued",       "argues",  "continued",  "replied",    "commented", "confirmed", "announced", "instructed",
          "ordered",      "urged",   "stressed",   "claimed",    "claims",    "recalled",  "suggested", "observed",
          "remarked",     "tweeted", "posted",     "admitted",   "predicted", "concluded", "cautioned", "quipped"});
}

bool is_sentence_end(std::string_view w) { return w == "." || w == "!" || w == "?"; }

struct Scratch {
  const Doc& doc;
  const AliasTable& al;
  std::vector<std::string_view> words;
  std::vector<std::uint8_t> boiler;
  std::vector<std::uint32_t> para_of, sent_of;
  std::vector<std::int32_t> mention_begin_at, mention_end_at;  // token -> mention starting / ending (exclusive) there
  std::vector<std::uint8_t> in_quote;

  Scratch(const Doc& d, const AliasTable& a) : doc(d), al(a) {
    const std::size_t n = d.size();
    words.reserve(n);
    for (std::size_t i = 0; i < n; ++i) words.push_back(d.token_text(i));
    boiler.assign(n, 0);
    para_of.assign(n, 0);
    sent_of.assign(n, 0);
    in_quote.assign(n, 0);
    for (std::uint32_t p = 0; p < d.paragraphs().size(); ++p)
      for (std::uint32_t i = d.paragraphs()[p].begin; i < d.paragraphs()[p].end && i < n; ++i) para_of[i] = p;
    for (std::uint32_t s = 0; s < d.sentences().size(); ++s)
      for (std::uint32_t i = d.sentences()[s].begin; i < d.sentences()[s].end && i < n; ++i) sent_of[i] = s;
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(words.size()); }

  // End of the role phrase starting at s and ending at or before `limit` (s when none):
  // modifiers and titles, ending with a title. `has_title` reports a non-honorific title.
  std::uint32_t parse_role(std::uint32_t s, std::uint32_t limit, bool* has_title) const {
    std::uint32_t p = s, last = s;
    bool title = false;
    while (p < limit) {
      std::size_t m = al.match_role(words, p);
      if (m > 0 && p + m <= limit) {
        if (!(m == 1 && is_honorific(words[p]))) title = true;
        p += static_cast<std::uint32_t>(m);
        last = p;
        continue;
      }
      if (is_modifier(words[p])) {
        ++p;
        continue;
      }
      break;
    }
    if (has_title) *has_title = title && last > s;
    return last;
  }
};

using internal::UnionFind;

// ---------------------------------------------------------------- mentions

void push_mention(ArticleAnalysis& out, Scratch& s, std::uint32_t b, std::uint32_t e, std::int32_t entity,
                  const std::string& label) {
  Mention m;
  m.tok_begin = b;
  m.tok_end = e;
  m.entity = entity;
  m.label = label;
  m.text = std::string(span_text(s.doc, b, e));
  m.char_begin = s.doc.token_char_begin()[b];
  m.char_end = s.doc.token_char_end()[e - 1];
  m.in_boilerplate = s.boiler[b] != 0;
  out.mentions.push_back(std::move(m));
}

void extract_mentions(ArticleAnalysis& out, Scratch& s) {
  const Doc& doc = s.doc;
  const auto& eb = doc.entity_token_begin();
  const auto& ee = doc.entity_token_end();
  const auto& lid = doc.entity_label_id();
  for (std::uint32_t k = 0; k < eb.size(); ++k) {
    const std::string& label = doc.labels()[lid[k]];
    if (!is_linked_label(label)) continue;
    std::uint32_t b = eb[k], e = std::min<std::uint32_t>(ee[k], s.size());
    while (b < e && iequals(s.words[b], "the")) ++b;
    while (e > b && (is_possessive(s.words[e - 1]) || doc.kind(e - 1) == TokenKind::kPunct)) --e;
    while (b < e && doc.kind(b) == TokenKind::kPunct) ++b;
    if (b >= e) continue;
    // A role inside the span: "Sberbank CEO German Gref" -> ORG "Sberbank" + PERSON "German Gref";
    // "President Putin" (PERSON) -> PERSON "Putin".
    bool split = false;
    for (std::uint32_t r = b; r < e && !split; ++r) {
      if (r == b && label != "PERSON") continue;
      bool has_title = false;
      std::uint32_t re = s.parse_role(r, e, &has_title);
      if (re == r || !has_title || re >= e) continue;
      std::uint32_t rest = e - re;
      bool names = rest <= 3;
      for (std::uint32_t i = re; i < e && names; ++i)
        names = is_capitalized(s.words[i]) && !is_acronym(s.words[i]) && doc.kind(i) == TokenKind::kWord;
      bool left_ok = true;
      if (r > b) {
        std::uint32_t le = r;
        if (is_possessive(s.words[le - 1])) --le;
        left_ok = le > b;
        if (left_ok) push_mention(out, s, b, le, static_cast<std::int32_t>(k), label == "PERSON" ? "ORG" : label);
      }
      if (!names || !left_ok) {
        if (r > b && left_ok) out.mentions.pop_back();
        continue;
      }
      push_mention(out, s, re, e, static_cast<std::int32_t>(k), "PERSON");
      split = true;
    }
    if (!split) push_mention(out, s, b, e, static_cast<std::int32_t>(k), label);
  }
  std::stable_sort(out.mentions.begin(), out.mentions.end(),
                   [](const Mention& a, const Mention& b) { return a.tok_begin < b.tok_begin; });
  // Drop overlaps (entities from several sources): keep the first (longest at equal begin).
  std::vector<Mention> kept;
  kept.reserve(out.mentions.size());
  for (auto& m : out.mentions) {
    if (!kept.empty() && m.tok_begin < kept.back().tok_end) {
      if (m.tok_begin == kept.back().tok_begin && m.tok_end > kept.back().tok_end) kept.back() = std::move(m);
      continue;
    }
    kept.push_back(std::move(m));
  }
  // Adjacent fragments that together spell a person's full name found elsewhere in the
  // article ("German" MISC + "Gref" ORG next to "German Gref" PERSON) become one mention.
  std::vector<std::string> full_names;
  for (const auto& m : kept)
    if (m.label == "PERSON" && m.tok_end - m.tok_begin >= 2) full_names.push_back(fold(m.text));
  if (!full_names.empty() && kept.size() >= 2) {
    std::vector<Mention> merged;
    merged.reserve(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (i + 1 < kept.size() && kept[i].tok_end == kept[i + 1].tok_begin &&
          s.sent_of[kept[i].tok_begin] == s.sent_of[kept[i + 1].tok_begin]) {
        std::string joined = fold(span_text(doc, kept[i].tok_begin, kept[i + 1].tok_end));
        if (std::find(full_names.begin(), full_names.end(), joined) != full_names.end()) {
          Mention m = std::move(kept[i + 1]);
          m.tok_begin = kept[i].tok_begin;
          m.char_begin = kept[i].char_begin;
          m.text = std::string(span_text(doc, m.tok_begin, m.tok_end));
          m.label = "PERSON";
          m.in_boilerplate = s.boiler[m.tok_begin] != 0;
          merged.push_back(std::move(m));
          ++i;
          continue;
        }
      }
      merged.push_back(std::move(kept[i]));
    }
    kept = std::move(merged);
  }
  out.mentions = std::move(kept);
  s.mention_begin_at.assign(s.size() + 1, -1);
  s.mention_end_at.assign(s.size() + 1, -1);
  for (std::uint32_t i = 0; i < out.mentions.size(); ++i) {
    s.mention_begin_at[out.mentions[i].tok_begin] = static_cast<std::int32_t>(i);
    s.mention_end_at[out.mentions[i].tok_end] = static_cast<std::int32_t>(i);
  }
}

// ---------------------------------------------------------------- acronyms

// "Artificial Intelligence (AI)", "graphics processing units (GPUs)": folded acronym ->
// [begin, end) tokens of the expansion.
std::unordered_map<std::string, TokenRange> find_acronyms(const Scratch& s) {
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

bool all_capitalized(const Scratch& s, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t i = b; i < e; ++i)
    if (s.doc.kind(i) == TokenKind::kWord && !is_capitalized(s.words[i]) &&
        !one_of(s.words[i], {"of", "and", "the", "for", "de", "van", "von", "al", "bin"}))
      return false;
  return true;
}

// True when the sentence of token i has no word with a lower-case ASCII letter (a headline
// in capitals). O(sentence length).
bool in_headline(const Scratch& s, std::uint32_t i) {
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

void build_clusters(ArticleAnalysis& out, Scratch& s, bool exclude_boilerplate) {
  auto& ms = out.mentions;
  const std::uint32_t n = static_cast<std::uint32_t>(ms.size());
  auto active = [&](std::uint32_t i) { return !(exclude_boilerplate && ms[i].in_boilerplate); };
  auto acr = find_acronyms(s);
  UnionFind uf(n);
  std::vector<std::string> key(n), first(n), last(n);
  std::vector<std::uint8_t> full_person(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    key[i] = fold(ms[i].text);
    first[i] = fold(s.words[ms[i].tok_begin]);
    last[i] = fold(s.words[ms[i].tok_end - 1]);
    std::uint32_t words = 0;
    for (std::uint32_t t = ms[i].tok_begin; t < ms[i].tok_end; ++t) words += s.doc.kind(t) == TokenKind::kWord;
    full_person[i] = ms[i].label == "PERSON" && words >= 2;
  }
  // 1. non-person keys: alias-table canonical, acronym expansion, folded text
  std::unordered_map<std::string, std::uint32_t> by_key;
  std::vector<std::string> canon_of(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || ms[i].label == "PERSON") continue;
    std::string k = key[i];
    std::string_view c = s.al.canonical(ms[i].text);
    if (!c.empty()) {
      canon_of[i] = std::string(c);
      k = fold(c);
    } else if (auto it = acr.find(key[i]); it != acr.end()) {
      k = fold(span_text(s.doc, it->second.begin, it->second.end));
    }
    auto [it, fresh] = by_key.emplace("O:" + k, i);
    if (!fresh) uf.unite(it->second, i);
  }
  // 2. full person names: equal text, or equal first and last word
  std::unordered_map<std::string, std::uint32_t> by_name;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || !full_person[i]) continue;
    auto [it, fresh] = by_name.emplace(key[i], i);
    if (!fresh) uf.unite(it->second, i);
    auto [it2, fresh2] = by_name.emplace(first[i] + "\x01" + last[i], i);
    if (!fresh2) uf.unite(it2->second, i);
  }
  // 3. short forms: a surname (any label, single word) or a full name tagged otherwise joins the
  //    person whose full name it ends; the nearest preceding full mention wins, else the first.
  std::unordered_map<std::string, std::uint32_t> short_people;
  // full-name mentions by last word and by full key, in text order
  std::unordered_map<std::string, std::vector<std::uint32_t>> full_by_last, full_by_key;
  for (std::uint32_t j = 0; j < n; ++j) {
    if (!active(j) || !full_person[j]) continue;
    full_by_last[last[j]].push_back(j);
    full_by_key[key[j]].push_back(j);
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!active(i) || full_person[i]) continue;
    if (!canon_of[i].empty()) continue;  // country aliases are not surnames
    bool single = ms[i].tok_end - ms[i].tok_begin == 1;
    const auto& index = single ? full_by_last : full_by_key;
    std::int64_t best = -1;
    if (auto it = index.find(key[i]); it != index.end()) {
      // nearest preceding full mention, else the first one
      const auto& js = it->second;
      auto pos = std::lower_bound(js.begin(), js.end(), i);
      best = pos != js.begin() ? *(pos - 1) : js.front();
    }
    if (best >= 0) {
      uf.unite(static_cast<std::uint32_t>(best), i);
    } else if (ms[i].label == "PERSON") {
      auto [it, fresh] = short_people.emplace(key[i], i);
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
        canon = canon_of[mi];
        break;
      }
      std::string cand = m.text;
      std::uint32_t b = m.tok_begin, e = m.tok_end;
      if (!person) {
        if (auto it = acr.find(key[mi]); it != acr.end()) {
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

// ---------------------------------------------------------------- roles

const std::string& cluster_label(const ArticleAnalysis& a, std::int32_t mi) {
  const Mention& m = a.mentions[static_cast<std::size_t>(mi)];
  return m.cluster >= 0 ? a.clusters[static_cast<std::size_t>(m.cluster)].label : m.label;
}

// Organisation or place ending at token `end` (exclusive), possibly followed by a possessive.
// Fills org fields of `r`; returns the first token of the organisation (or kNone).
std::uint32_t org_before(const ArticleAnalysis& a, const Scratch& s, std::uint32_t end, Role& r) {
  if (end == 0) return kNone;
  std::uint32_t t = end;
  if (is_possessive(s.words[t - 1])) --t;
  if (t == 0) return kNone;
  // the organisation belongs to the role's sentence ("... the CIA. President Reagan" has none)
  if (end < s.size() && s.sent_of[t - 1] != s.sent_of[end]) return kNone;
  if (s.doc.kind(t - 1) == TokenKind::kPunct) return kNone;
  std::int32_t mi = s.mention_end_at[t];
  auto country_cluster = [&](std::string_view country) -> std::int32_t {
    for (const auto& c : a.clusters)
      if (c.canonical == country) return c.id;
    return -1;
  };
  if (mi >= 0) {
    const Mention& m = a.mentions[static_cast<std::size_t>(mi)];
    const std::string& lab = cluster_label(a, mi);
    if (lab == "PERSON") return kNone;
    std::string_view country = s.al.demonym_country(m.text);
    r.org_mention = mi;
    if (!country.empty() && (lab == "MISC" || lab == "NORP")) {
      r.org = std::string(country);
      r.org_cluster = country_cluster(country);
    } else {
      r.org_cluster = m.cluster;
      r.org = m.cluster >= 0 ? a.clusters[static_cast<std::size_t>(m.cluster)].canonical : m.text;
    }
    return m.tok_begin;
  }
  std::string_view country = s.al.demonym_country(s.words[t - 1]);
  if (!country.empty() && is_capitalized(s.words[t - 1])) {
    r.org = std::string(country);
    r.org_cluster = country_cluster(country);
    return t - 1;
  }
  return kNone;
}

void find_roles(ArticleAnalysis& out, const Scratch& s, bool exclude_boilerplate) {
  const std::uint32_t n = s.size();
  auto add = [&](Role r) {
    if (r.tok_begin >= r.tok_end || r.tok_end > n) return;
    r.char_begin = s.doc.token_char_begin()[r.tok_begin];
    r.char_end = s.doc.token_char_end()[r.tok_end - 1];
    // roles are found person by person: only the records of this mention can repeat
    for (auto it = out.roles.rbegin(); it != out.roles.rend() && it->person_mention == r.person_mention; ++it)
      if (it->role == r.role) return;
    out.roles.push_back(std::move(r));
  };
  for (std::uint32_t pi = 0; pi < out.mentions.size(); ++pi) {
    const Mention& p = out.mentions[pi];
    if (exclude_boilerplate && p.in_boilerplate) continue;
    if (cluster_label(out, static_cast<std::int32_t>(pi)) != "PERSON") continue;
    const std::uint32_t pb = p.tok_begin, pe = p.tok_end;
    auto base = [&] {
      Role r;
      r.person_mention = static_cast<std::int32_t>(pi);
      r.person_cluster = p.cluster;
      return r;
    };
    // Role phrase ending exactly at `end`, starting no earlier than end - 7; returns its start or kNone.
    auto role_ending_at = [&](std::uint32_t end) -> std::uint32_t {
      std::uint32_t best = kNone;
      for (std::uint32_t back = 1; back <= 7 && back <= end; ++back) {
        std::uint32_t st = end - back;
        if (s.doc.kind(st) != TokenKind::kWord || (s.mention_end_at[st + 1] >= 0 && st + 1 != end)) break;
        if (s.mention_begin_at[st] >= 0) break;
        bool has_title = false;
        if (s.parse_role(st, end, &has_title) == end && has_title) best = st;
      }
      return best;
    };
    // (a) premodifier: [ORG ’s | demonym] ROLE PERSON
    if (std::uint32_t st = role_ending_at(pb); st != kNone) {
      Role r = base();
      r.role = std::string(span_text(s.doc, st, pb));
      std::uint32_t ob = org_before(out, s, st, r);
      r.tok_begin = ob != kNone ? ob : st;
      r.tok_end = pe;
      r.pattern = "premodifier";
      add(std::move(r));
    }
    // (b) appositive after: PERSON , [the] [ORG ’s | demonym] ROLE [of|at ORG] (,|.|;|)|end)
    if (pe + 1 < n && s.words[pe] == ",") {
      Role r = base();
      std::uint32_t t = pe + 1;
      if (one_of(s.words[t], {"the", "a", "an"})) ++t;
      if (t < n && s.mention_begin_at[t] >= 0) {
        const Mention& m = out.mentions[static_cast<std::size_t>(s.mention_begin_at[t])];
        std::uint32_t after = m.tok_end;
        if (after < n && is_possessive(s.words[after])) ++after;
        Role tmp = r;
        if (org_before(out, s, after, tmp) != kNone) {
          r = tmp;
          t = after;
        }
      } else if (t < n && is_capitalized(s.words[t]) && !s.al.demonym_country(s.words[t]).empty()) {
        Role tmp = r;
        if (org_before(out, s, t + 1, tmp) != kNone) {
          r = tmp;
          t = t + 1;
        }
      }
      bool has_title = false;
      std::uint32_t re = t < n ? s.parse_role(t, std::min(n, t + 8), &has_title) : t;
      if (re > t && has_title) {
        r.role = std::string(span_text(s.doc, t, re));
        std::uint32_t end = re;
        if (r.org_mention < 0 && r.org.empty() && re + 1 < n && one_of(s.words[re], {"of", "at", "for"}) &&
            s.mention_begin_at[re + 1] >= 0) {
          std::int32_t mi = s.mention_begin_at[re + 1];
          const Mention& m = out.mentions[static_cast<std::size_t>(mi)];
          if (cluster_label(out, mi) != "PERSON") {
            r.org_mention = mi;
            r.org_cluster = m.cluster;
            r.org = m.cluster >= 0 ? out.clusters[static_cast<std::size_t>(m.cluster)].canonical : m.text;
            end = m.tok_end;
          }
        }
        bool closed =
            end >= n || one_of(s.words[end], {",", ".", ";", ")", "—", "–"}) || s.sent_of[end] != s.sent_of[pb];
        if (closed) {
          r.tok_begin = pb;
          r.tok_end = end;
          r.pattern = "appositive";
          add(std::move(r));
        }
      }
    }
    // (c) appositive before: [ORG ’s | demonym] ROLE , PERSON
    if (pb >= 2 && s.words[pb - 1] == ",") {
      if (std::uint32_t st = role_ending_at(pb - 1); st != kNone) {
        Role r = base();
        r.role = std::string(span_text(s.doc, st, pb - 1));
        std::uint32_t ob = org_before(out, s, st, r);
        std::uint32_t b0 = ob != kNone ? ob : st;
        // the phrase must open its clause: sentence start, punctuation or an article before it
        bool opens = b0 == 0 || s.sent_of[b0 - 1] != s.sent_of[b0] || s.doc.kind(b0 - 1) == TokenKind::kPunct ||
                     one_of(s.words[b0 - 1], {"the", "a", "an", "by", "from", "with"});
        if (opens) {
          r.tok_begin = b0;
          r.tok_end = pe;
          r.pattern = "appositive";
          add(std::move(r));
        }
      }
    }
  }
}

// ---------------------------------------------------------------- quotes

bool speaker_label(const std::string& l) { return l == "PERSON" || l == "ORG" || l == "GPE"; }

struct Attribution {
  std::int32_t mention = -1;
  std::string cue;
  std::uint32_t cue_b = 0, cue_e = 0;
};

void find_quotes(ArticleAnalysis& out, Scratch& s, bool exclude_boilerplate) {
  const Doc& doc = s.doc;
  const std::uint32_t n = s.size();
  const auto& flags = doc.token_flags();
  // --- spans
  struct Span {
    std::uint32_t open, close, paras;
  };
  std::vector<Span> spans;
  std::uint32_t open = kNone, paras = 1;
  for (std::uint32_t i = 0; i < n; ++i) {
    QuoteMark q = quote_mark(s.words[i]);
    const bool para_start = (flags[i] & kParaStart) != 0 && i > 0;
    if (open != kNone && para_start) {
      // a paragraph ended inside the quote: it continues only if this one opens with a mark
      if (q == QuoteMark::kOpen || q == QuoteMark::kStraight) {
        ++paras;
        continue;
      }
      open = kNone;
    }
    if (q == QuoteMark::kNone) continue;
    if (open == kNone) {
      bool opens = q == QuoteMark::kOpen;
      if (q == QuoteMark::kStraight) {
        bool space_before = i == 0 || doc.token_begin()[i] > doc.token_end()[i - 1] || (flags[i] & kParaStart) ||
                            (doc.kind(i - 1) == TokenKind::kPunct && s.words[i - 1] != "." && s.words[i - 1] != "," &&
                             quote_mark(s.words[i - 1]) == QuoteMark::kNone);
        bool space_after = i + 1 >= n || doc.token_begin()[i + 1] > doc.token_end()[i];
        opens = space_before && !space_after;
      }
      if (opens) {
        open = i;
        paras = 1;
      }
      continue;
    }
    if (q == QuoteMark::kOpen) {  // a second opening mark in one paragraph: restart
      open = i;
      paras = 1;
      continue;
    }
    if (i > open + 1) spans.push_back({open, i, paras});
    open = kNone;
  }
  for (const auto& sp : spans)
    for (std::uint32_t i = sp.open; i <= sp.close; ++i) s.in_quote[i] = 1;

  // mention covering each token (-1: none)
  std::vector<std::int32_t> cover(n, -1);
  for (std::uint32_t k = 0; k < out.mentions.size(); ++k)
    for (std::uint32_t t = out.mentions[k].tok_begin; t < out.mentions[k].tok_end && t < n; ++t)
      cover[t] = static_cast<std::int32_t>(k);
  // first mention with tok_begin >= t (mentions are sorted and disjoint)
  auto first_mention_from = [&](std::uint32_t t) -> std::uint32_t {
    auto it = std::lower_bound(out.mentions.begin(), out.mentions.end(), t,
                               [](const Mention& m, std::uint32_t x) { return m.tok_begin < x; });
    return static_cast<std::uint32_t>(it - out.mentions.begin());
  };
  auto allowed = [&](std::int32_t mi) {
    if (mi < 0) return false;
    const Mention& m = out.mentions[static_cast<std::size_t>(mi)];
    if (exclude_boilerplate && m.in_boilerplate) return false;
    if (s.in_quote[m.tok_begin]) return false;
    return speaker_label(cluster_label(out, mi));
  };
  // Last PERSON mention ending at or before `pos` whose first name does not contradict the
  // pronoun's gender ('m' for he, 'f' for she).
  auto last_person_before = [&](std::uint32_t pos, char gender) -> std::int32_t {
    for (std::int64_t mi = static_cast<std::int64_t>(first_mention_from(pos)) - 1; mi >= 0; --mi) {
      const Mention& m = out.mentions[static_cast<std::size_t>(mi)];
      if (m.tok_end > pos) continue;
      if (!allowed(static_cast<std::int32_t>(mi)) || cluster_label(out, static_cast<std::int32_t>(mi)) != "PERSON")
        continue;
      if (gender != 0 && m.cluster >= 0) {
        const std::string& canon = out.clusters[static_cast<std::size_t>(m.cluster)].canonical;
        char g = s.al.first_name_gender(std::string_view(canon).substr(0, canon.find(' ')));
        if (g != 0 && g != gender) continue;
      }
      return static_cast<std::int32_t>(mi);
    }
    return -1;
  };
  // cue at token i: length in tokens (0 = none); "according to" is 2
  auto cue_len = [&](std::uint32_t i, std::uint32_t lim) -> std::uint32_t {
    if (is_cue_word(s.words[i])) return 1;
    if (i + 1 < lim && iequals(s.words[i], "according") && iequals(s.words[i + 1], "to")) return 2;
    return 0;
  };
  // mentions within [b, e) nearest to token `at`; direction: -1 before only, +1 after only, 0 both
  auto nearest = [&](std::uint32_t b, std::uint32_t e, std::uint32_t at, int dir) -> std::int32_t {
    std::int32_t best = -1;
    std::uint32_t best_d = kNone;
    for (std::uint32_t mi = first_mention_from(b); mi < out.mentions.size() && out.mentions[mi].tok_begin < e; ++mi) {
      const Mention& m = out.mentions[mi];
      if (m.tok_begin < b || m.tok_end > e || !allowed(static_cast<std::int32_t>(mi))) continue;
      if (dir < 0 && m.tok_end > at) continue;
      if (dir > 0 && m.tok_begin < at) continue;
      std::uint32_t d = m.tok_end <= at ? at - m.tok_end : m.tok_begin - at;
      if (d < best_d) {
        best_d = d;
        best = static_cast<std::int32_t>(mi);
      }
    }
    return best;
  };
  auto attribute_window = [&](std::uint32_t b, std::uint32_t e, bool after, std::uint32_t quote_open) {
    Attribution a;
    // the cue nearest the quote
    std::uint32_t cue = kNone, len = 0;
    if (after) {
      for (std::uint32_t i = b; i < e && cue == kNone; ++i)
        if ((len = cue_len(i, e)) > 0) cue = i;
    } else {
      for (std::uint32_t i = e; i-- > b && cue == kNone;)
        if ((len = cue_len(i, e)) > 0) cue = i;
    }
    if (cue == kNone) return a;
    if (after) {
      // the cue clause follows the closing mark directly: only punctuation, a name or a
      // pronoun may come between ("," Smith said / said Smith / he said), not "was everywhere"
      // A person touching the cue may also carry a short lower-case title with no punctuation
      // before it ("," private political analyst Stephen Hess told").
      const std::int32_t subj = cue > b ? cover[cue - 1] : -1;
      bool titled_person = false;
      if (subj >= 0 && cluster_label(out, subj) == "PERSON") {
        const std::uint32_t sb = out.mentions[static_cast<std::size_t>(subj)].tok_begin;
        std::uint32_t words_before = 0;
        titled_person = sb >= b;
        for (std::uint32_t i = b; i < sb && titled_person; ++i) {
          if (doc.kind(i) == TokenKind::kPunct) titled_person = i == b;  // only the comma after the quote
          // "an aide to Richard Lyng said", "a spokesman for ...": someone else speaks
          if (one_of(s.words[i], {"to", "for", "of", "with", "at", "from", "by"})) titled_person = false;
          ++words_before;
        }
        titled_person = titled_person && words_before <= 5;
      }
      for (std::uint32_t i = b; i < cue && !titled_person; ++i) {
        const bool in_mention = cover[i] >= 0;
        // also a determiner or capitalised modifier before a name ("the Washington-based Atlantic Council said")
        if (!in_mention && doc.kind(i) != TokenKind::kPunct &&
            !one_of(s.words[i], {"he", "she", "they", "it", "the"}) && !is_capitalized(s.words[i]) &&
            !is_possessive(s.words[i]))
          return a;
      }
    }
    a.cue_b = cue;
    a.cue_e = cue + len;
    a.cue = fold(span_text(doc, cue, cue + len));
    const bool according = len == 2;
    const bool told = iequals(s.words[cue], "told") || iequals(s.words[cue], "tells");
    auto resolve_pronoun = [&](std::uint32_t pr) {
      a.mention = last_person_before(std::min(pr, quote_open), iequals(s.words[pr], "she") ? 'f' : 'm');
      a.cue_b = std::min(pr, cue);
      a.cue_e = std::max(pr + 1, cue + len);
      a.cue = fold(span_text(doc, a.cue_b, a.cue_e));
    };
    // 1. a pronoun right next to the cue ("he said", "said he", "she told") wins over names
    if (!according) {
      if (cue > b && one_of(s.words[cue - 1], {"he", "she"})) {
        resolve_pronoun(cue - 1);
        return a;
      }
      if (cue + 1 < e && one_of(s.words[cue + 1], {"he", "she"})) {
        resolve_pronoun(cue + 1);
        return a;
      }
    }
    std::int32_t mi = -1;
    bool unnamed = false;
    if (according) {
      mi = nearest(cue + len, e, cue + len, +1);
    } else if (after && !told && cue + len < e && doc.kind(cue + len) != TokenKind::kPunct &&
               !one_of(s.words[cue + len], {"the", "a", "an", "one", "another"})) {
      // 2a. "said Dana Johnson of ...", "said Societe Generale economist Alain Marais": the
      //     noun phrase after the cue (up to a comma); a person in it speaks; an organisation
      //     only when it ends the phrase ("said one former USDA official" has no speaker)
      std::uint32_t np_end = cue + len;
      while (np_end < e && s.words[np_end] != "," && np_end < cue + len + 8) ++np_end;
      std::int32_t org = -1;
      for (std::uint32_t k = first_mention_from(cue + len);
           k < out.mentions.size() && out.mentions[k].tok_begin < np_end; ++k) {
        const Mention& m = out.mentions[k];
        if (m.tok_end > np_end || !allowed(static_cast<std::int32_t>(k))) continue;
        if (cluster_label(out, static_cast<std::int32_t>(k)) == "PERSON") {
          mi = static_cast<std::int32_t>(k);
          break;
        }
        if (org < 0 && m.tok_begin == cue + len && m.tok_end == np_end) org = static_cast<std::int32_t>(k);
      }
      if (mi < 0) mi = org;
    } else if (after && !told && cue + len < e && one_of(s.words[cue + len], {"the", "a", "an", "one", "another"})) {
      unnamed = true;  // "said the Illinois Democrat", "said one former official": no named speaker
    }
    if (mi < 0 && !according && !unnamed) {
      // 2b. the subject: the name before an appositive that ends at the cue ("The Indian
      //     Express, the country's biggest selling paper, said"), else the nearest name before
      //     the cue (after-window: next to the cue)
      if (!after && cue >= b + 3 && s.words[cue - 1] == ",") {
        for (std::uint32_t k = cue - 2; k > b; --k) {
          if (s.words[k] != ",") continue;
          std::int32_t head = s.mention_end_at[k];
          if (head >= 0 && allowed(head) && out.mentions[static_cast<std::size_t>(head)].tok_begin >= b) mi = head;
          break;
        }
      }
      if (mi >= 0) {
        a.mention = mi;
        return a;
      }
      mi = nearest(b, cue, cue, -1);
      if (mi >= 0 && cluster_label(out, mi) != "PERSON") {
        // "Russell Leavitt, analyst at Salomon Brothers Inc, said": the person heading the
        // clause speaks, not the organisation of the appositive
        for (std::uint32_t k = first_mention_from(b); k < out.mentions.size() && out.mentions[k].tok_begin < cue; ++k) {
          const Mention& m = out.mentions[k];
          if (m.tok_end <= cue && allowed(static_cast<std::int32_t>(k)) &&
              cluster_label(out, static_cast<std::int32_t>(k)) == "PERSON")
            mi = static_cast<std::int32_t>(k);
        }
      }
      // after the quote the subject sits next to the cue; a place or organisation must end right
      // at it ("the Treasury said", not "the Maryland Democrat said", "the Kansas senator said")
      if (mi >= 0) {
        std::uint32_t gap = cue - out.mentions[static_cast<std::size_t>(mi)].tok_end;
        if ((after && gap > 3) || (gap > 0 && cluster_label(out, mi) != "PERSON")) mi = -1;
      }
    }
    if (mi >= 0) {
      a.mention = mi;
      return a;
    }
    // 3. a pronoun a little further before the cue ("he later told")
    for (std::uint32_t i = cue > b + 3 ? cue - 3 : b; i < cue; ++i)
      if (one_of(s.words[i], {"he", "she"})) {
        resolve_pronoun(i);
        break;
      }
    return a;
  };

  for (std::size_t qi = 0; qi < spans.size(); ++qi) {
    const Span& sp = spans[qi];
    Quote q;
    q.tok_begin = sp.open + 1;
    q.tok_end = sp.close;
    q.byte_begin = doc.token_end()[sp.open];
    q.byte_end = doc.token_begin()[sp.close];
    q.char_begin = doc.token_char_end()[sp.open];
    q.char_end = doc.token_char_begin()[sp.close];
    q.text = doc.text().substr(q.byte_begin, q.byte_end - q.byte_begin);
    q.paragraphs = sp.paras;
    q.in_boilerplate = s.boiler[sp.open] != 0;
    if (!(exclude_boilerplate && q.in_boilerplate)) {
      // after the closing mark: up to the sentence end, the next quote or paragraph, 12 tokens
      std::uint32_t ab = sp.close + 1, ae = ab;
      while (ae < n && ae < ab + 12 && !is_sentence_end(s.words[ae]) && quote_mark(s.words[ae]) == QuoteMark::kNone &&
             !((flags[ae] & kParaStart) && ae > 0))
        ++ae;
      Attribution a = attribute_window(ab, ae, true, sp.open);
      // no usable cue after: the clause before the opening mark (same sentence and paragraph)
      if (a.mention < 0 && a.cue.empty()) {
        std::uint32_t be = sp.open, bb = be;
        while (bb > 0 && be - bb < 30 && s.para_of[bb - 1] == s.para_of[be] && s.sent_of[bb - 1] == s.sent_of[be] &&
               !s.in_quote[bb - 1])
          --bb;
        a = attribute_window(bb, be, false, sp.open);
      }
      // a quote right after an attributed one, with no cue of its own, continues it
      if (a.mention < 0 && a.cue.empty() && !out.quotes.empty()) {
        const Quote& prev = out.quotes.back();
        const Span& ps = spans[qi - 1];
        bool near = s.para_of[sp.open] <= s.para_of[ps.close] + 1;
        bool other_person = false;
        for (std::uint32_t k = first_mention_from(ps.close + 1);
             k < out.mentions.size() && out.mentions[k].tok_begin < sp.open; ++k) {
          const Mention& m = out.mentions[k];
          if (m.tok_end <= sp.open && m.cluster >= 0 && m.cluster != prev.speaker_cluster &&
              out.clusters[static_cast<std::size_t>(m.cluster)].label == "PERSON")
            other_person = true;
        }
        // only a free-standing quote continues: it opens its sentence or paragraph
        const std::uint32_t o = sp.open;
        bool free_standing = (flags[o] & (kSentStart | kParaStart)) != 0 || o == 0 || is_sentence_end(s.words[o - 1]) ||
                             o - 1 == ps.close;
        if (near && free_standing && !other_person && prev.speaker_cluster >= 0) {
          a.mention = prev.speaker_mention;
          a.cue = "continuation";
        }
      }
      if (a.mention >= 0) {
        q.speaker_mention = a.mention;
        q.speaker_cluster = out.mentions[static_cast<std::size_t>(a.mention)].cluster;
      }
      q.cue = std::move(a.cue);
      q.cue_tok_begin = a.cue_b;
      q.cue_tok_end = a.cue_e;
    }
    // Code-point offsets of the cue; an empty range sits at its token's start.
    const auto& cb = doc.token_char_begin();
    const auto& ce = doc.token_char_end();
    if (q.cue_tok_begin < q.cue_tok_end && q.cue_tok_end <= cb.size()) {
      q.cue_char_begin = cb[q.cue_tok_begin];
      q.cue_char_end = ce[q.cue_tok_end - 1];
    } else {
      q.cue_char_begin = q.cue_char_end = q.cue_tok_begin < cb.size() ? cb[q.cue_tok_begin] : doc.char_length();
    }
    out.quotes.push_back(std::move(q));
  }
}

}  // namespace

Analyzer::Analyzer(AnalyzerOptions options)
    : options_(std::move(options)),
      aliases_(options_.extra_aliases_path.empty() ? AliasTable::builtin()
                                                   : AliasTable::with_file(options_.extra_aliases_path)) {}

Analyzer::~Analyzer() = default;

ArticleAnalysis Analyzer::analyze(const Doc& doc) const {
  ArticleAnalysis out;
  out.entity_cluster.assign(doc.num_entities(), -1);
  out.entity_canonical.assign(doc.num_entities(), std::string());
  if (doc.empty()) return out;
  Scratch s(doc, *aliases_);
  out.boilerplate = find_boilerplate(doc);
  for (const auto& g : out.boilerplate)
    for (std::uint32_t i = g.tok_begin; i < g.tok_end && i < s.size(); ++i) s.boiler[i] = 1;
  extract_mentions(out, s);
  build_clusters(out, s, options_.exclude_boilerplate);
  find_roles(out, s, options_.exclude_boilerplate);
  find_quotes(out, s, options_.exclude_boilerplate);
  return out;
}

std::vector<ArticleAnalysis> Analyzer::analyze_batch(const std::vector<Doc>& docs, int num_threads) const {
  std::vector<ArticleAnalysis> out(docs.size());
  internal::parallel_for(docs.size(), resolve_num_threads(num_threads),
                         [&](std::size_t i) { out[i] = analyze(docs[i]); });
  return out;
}

}  // namespace byline
