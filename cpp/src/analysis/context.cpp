// The per-article context and the shared word tests (analysis/context.h).
#include "analysis/context.h"

#include <algorithm>

namespace byline::internal::analysis {

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

ArticleContext::ArticleContext(const Doc& d, const AliasTable& a)
    : doc(d), al(a), words(d), para_of(d.paragraphs(), d.size()), sent_of(d.sentences(), d.size()) {
  const std::size_t n = d.size();
  boiler.assign(n, 0);
  in_quote.assign(n, 0);
}

std::uint32_t RangeIndex::operator[](std::uint32_t t) const {
  // the last range starting at or before t, if it holds t
  auto it = std::upper_bound(ranges_->begin(), ranges_->end(), t,
                             [](std::uint32_t x, const TokenRange& r) { return x < r.begin; });
  if (it == ranges_->begin()) return 0;
  --it;
  return t < it->end && t < tokens_ ? static_cast<std::uint32_t>(it - ranges_->begin()) : 0;
}

std::int32_t MentionIndex::operator[](std::uint32_t t) const {
  if (mentions_ == nullptr) return -1;
  const auto& ms = *mentions_;
  auto it = by_end_ ? std::lower_bound(ms.begin(), ms.end(), t,
                                       [](const Mention& m, std::uint32_t x) { return m.tok_end < x; })
                    : std::lower_bound(ms.begin(), ms.end(), t,
                                       [](const Mention& m, std::uint32_t x) { return m.tok_begin < x; });
  if (it == ms.end() || (by_end_ ? it->tok_end : it->tok_begin) != t) return -1;
  return static_cast<std::int32_t>(it - ms.begin());
}

std::uint32_t ArticleContext::parse_role(std::uint32_t s, std::uint32_t limit, bool* has_title) const {
  std::uint32_t p = s, last = s;
  bool title = false;
  while (p < limit) {
    std::size_t m = al.match_role(doc, p);
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

const std::string& cluster_label(const ArticleAnalysis& a, std::int32_t mi) {
  const Mention& m = a.mentions[static_cast<std::size_t>(mi)];
  return m.cluster >= 0 ? a.clusters[static_cast<std::size_t>(m.cluster)].label : m.label;
}

Speakers::Speakers(const ArticleAnalysis& out, const ArticleContext& s, bool exclude_boilerplate, bool groups_speak)
    : out_(out), s_(s), exclude_boilerplate_(exclude_boilerplate), groups_speak_(groups_speak) {}

std::int32_t Speakers::cover(std::uint32_t t) const {
  const std::uint32_t k = first_mention_from(t + 1);  // the last mention starting at or before t
  if (k == 0) return -1;
  const Mention& m = out_.mentions[k - 1];
  return t < m.tok_end && t < s_.size() ? static_cast<std::int32_t>(k - 1) : -1;
}

std::uint32_t Speakers::first_mention_from(std::uint32_t t) const {
  auto it = std::lower_bound(out_.mentions.begin(), out_.mentions.end(), t,
                             [](const Mention& m, std::uint32_t x) { return m.tok_begin < x; });
  return static_cast<std::uint32_t>(it - out_.mentions.begin());
}

bool Speakers::allowed(std::int32_t mi) const {
  if (mi < 0) return false;
  const Mention& m = out_.mentions[static_cast<std::size_t>(mi)];
  if (exclude_boilerplate_ && m.in_boilerplate) return false;
  if (s_.in_quote[m.tok_begin]) return false;
  const std::string& l = cluster_label(out_, mi);
  return l == "PERSON" || l == "ORG" || l == "GPE" || (groups_speak_ && l == "NORP");
}

std::int32_t Speakers::last_person_before(std::uint32_t pos, char gender) const {
  for (std::int64_t mi = static_cast<std::int64_t>(first_mention_from(pos)) - 1; mi >= 0; --mi) {
    const Mention& m = out_.mentions[static_cast<std::size_t>(mi)];
    if (m.tok_end > pos) continue;
    if (!allowed(static_cast<std::int32_t>(mi)) || cluster_label(out_, static_cast<std::int32_t>(mi)) != "PERSON")
      continue;
    if (gender != 0 && m.cluster >= 0) {
      const std::string& canon = out_.clusters[static_cast<std::size_t>(m.cluster)].canonical;
      const char g = s_.al.first_name_gender(std::string_view(canon).substr(0, canon.find(' ')));
      if (g != 0 && g != gender) continue;
    }
    return static_cast<std::int32_t>(mi);
  }
  return -1;
}

}  // namespace byline::internal::analysis
