// Stage 1 of the analysis: mentions from the name entities (analysis/context.h).
#include <algorithm>
#include <string>
#include <unordered_set>

#include "analysis/context.h"

namespace byline::internal::analysis {
namespace {

// ---------------------------------------------------------------- mentions

void push_mention(ArticleAnalysis& out, ArticleContext& s, std::uint32_t b, std::uint32_t e, std::int32_t entity,
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

}  // namespace

void extract_mentions(ArticleAnalysis& out, ArticleContext& s) {
  const Doc& doc = s.doc;
  const auto& eb = doc.entity_token_begin();
  const auto& ee = doc.entity_token_end();
  const auto& lid = doc.entity_label_id();
  // One mention per linked entity, two for a split one ("Sberbank CEO German Gref"): room
  // for them and an eighth more for splits at once, rather than a list regrown to up to
  // twice its size (a 100 MB text has millions); shrink_if_loose trims what is left over.
  std::size_t linked = 0;
  for (std::uint32_t k = 0; k < eb.size(); ++k) linked += is_linked_label(doc.labels()[lid[k]]) ? 1 : 0;
  out.mentions.reserve(linked + linked / 8 + 1);
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
  stable_sort_compact(out.mentions, [](const Mention& a, const Mention& b) { return a.tok_begin < b.tok_begin; });
  // Drop overlaps (entities from several sources): keep the first (longest at equal begin).
  // In place: the list is compacted, not copied (it holds one mention per entity).
  std::vector<Mention>& ms = out.mentions;
  std::size_t w = 0;
  for (std::size_t r = 0; r < ms.size(); ++r) {
    if (w > 0 && ms[r].tok_begin < ms[w - 1].tok_end) {
      if (ms[r].tok_begin == ms[w - 1].tok_begin && ms[r].tok_end > ms[w - 1].tok_end) ms[w - 1] = std::move(ms[r]);
      continue;
    }
    if (w != r) ms[w] = std::move(ms[r]);
    ++w;
  }
  ms.resize(w);
  // Adjacent fragments that together spell a person's full name found elsewhere in the
  // article ("German" MISC + "Gref" ORG next to "German Gref" PERSON) become one mention.
  std::unordered_set<std::string> full_names;  // a lookup per adjacent pair: not a scan of the list
  for (const auto& m : ms)
    if (m.label == "PERSON" && m.tok_end - m.tok_begin >= 2) full_names.insert(fold(m.text));
  if (!full_names.empty() && ms.size() >= 2) {
    w = 0;  // in place again: a joined pair becomes one mention
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (i + 1 < ms.size() && ms[i].tok_end == ms[i + 1].tok_begin &&
          s.sent_of[ms[i].tok_begin] == s.sent_of[ms[i + 1].tok_begin]) {
        std::string joined = fold(span_text(doc, ms[i].tok_begin, ms[i + 1].tok_end));
        if (full_names.count(joined) > 0) {
          Mention m = std::move(ms[i + 1]);
          m.tok_begin = ms[i].tok_begin;
          m.char_begin = ms[i].char_begin;
          m.text = std::string(span_text(doc, m.tok_begin, m.tok_end));
          m.label = "PERSON";
          m.in_boilerplate = s.boiler[m.tok_begin] != 0;
          ms[w++] = std::move(m);
          ++i;
          continue;
        }
      }
      if (w != i) ms[w] = std::move(ms[i]);
      ++w;
    }
    ms.resize(w);
  }
  shrink_if_loose(ms);  // kept for the whole analysis
  s.mention_begin_at.set(out.mentions);
  s.mention_end_at.set(out.mentions);
}

}  // namespace byline::internal::analysis
