// Stage 4 of the analysis: direct quotes, speakers and cues (analysis/context.h).
#include <algorithm>
#include <array>
#include <string>

#include "analysis/context.h"

namespace byline::internal::analysis {
namespace {

// ---------------------------------------------------------------- quotes

struct Attribution {
  std::int32_t mention = -1;
  std::string cue;
  std::uint32_t cue_b = 0, cue_e = 0;
};

}  // namespace

void find_quotes(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate) {
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

  const Speakers speakers(out, s, exclude_boilerplate, /*groups_speak=*/false);
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
    for (std::uint32_t mi = speakers.first_mention_from(b); mi < out.mentions.size() && out.mentions[mi].tok_begin < e;
         ++mi) {
      const Mention& m = out.mentions[mi];
      if (m.tok_begin < b || m.tok_end > e || !speakers.allowed(static_cast<std::int32_t>(mi))) continue;
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
      const std::int32_t subj = cue > b ? speakers.cover(cue - 1) : -1;
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
        const bool in_mention = speakers.cover(i) >= 0;
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
      a.mention = speakers.last_person_before(std::min(pr, quote_open), iequals(s.words[pr], "she") ? 'f' : 'm');
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
      for (std::uint32_t k = speakers.first_mention_from(cue + len);
           k < out.mentions.size() && out.mentions[k].tok_begin < np_end; ++k) {
        const Mention& m = out.mentions[k];
        if (m.tok_end > np_end || !speakers.allowed(static_cast<std::int32_t>(k))) continue;
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
          if (head >= 0 && speakers.allowed(head) && out.mentions[static_cast<std::size_t>(head)].tok_begin >= b)
            mi = head;
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
        for (std::uint32_t k = speakers.first_mention_from(b);
             k < out.mentions.size() && out.mentions[k].tok_begin < cue; ++k) {
          const Mention& m = out.mentions[k];
          if (m.tok_end <= cue && speakers.allowed(static_cast<std::int32_t>(k)) &&
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
        for (std::uint32_t k = speakers.first_mention_from(ps.close + 1);
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

}  // namespace byline::internal::analysis
