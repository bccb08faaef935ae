// The per-article context and the shared word tests (analysis/context.h).
#include "analysis/context.h"

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

ArticleContext::ArticleContext(const Doc& d, const AliasTable& a) : doc(d), al(a) {
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

std::uint32_t ArticleContext::parse_role(std::uint32_t s, std::uint32_t limit, bool* has_title) const {
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

const std::string& cluster_label(const ArticleAnalysis& a, std::int32_t mi) {
  const Mention& m = a.mentions[static_cast<std::size_t>(mi)];
  return m.cluster >= 0 ? a.clusters[static_cast<std::size_t>(m.cluster)].label : m.label;
}

}  // namespace byline::internal::analysis
