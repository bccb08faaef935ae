// Stage 5 of the analysis: what direct quotes are (speech, scare quotes, titles) and
// reported speech (analysis/context.h; the rules: docs/analysis.md, "Reported speech").
#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "analysis/context.h"

namespace byline::internal::analysis {
namespace {

/// Verbs that report speech in "X said (that) …" (a subset of the quote cues that take a
/// clause: not "asked", "ordered", "urged", which take an object and an infinitive).
bool reporting_verb(std::string_view w) {
  return one_of(w, {"said",         "says",      "told",       "tells",      "added",     "adds",      "acknowledged",
                    "acknowledges", "stated",    "noted",      "notes",      "explained", "wrote",     "writes",
                    "warned",       "warns",     "insisted",   "declared",   "argued",    "argues",    "confirmed",
                    "announced",    "claimed",   "claims",     "stressed",   "admitted",  "predicted", "concluded",
                    "cautioned",    "believes",  "reported",   "suggested",  "estimated", "denied",    "conceded",
                    "maintained",   "contended", "emphasized", "emphasised", "pledged",   "promised"});
}

/// Reporting verbs that take a clause without "that" ("Putin said Russia must lead"); the
/// others also take a noun phrase ("confirmed the partnership") and report speech only
/// with "that".
bool takes_bare_clause(std::string_view w) {
  return one_of(w, {"said", "says", "told", "tells", "added", "adds", "warned", "warns", "insisted", "argued", "argues",
                    "claimed", "claims", "believes", "predicted", "wrote", "writes", "contended", "maintained"});
}

/// Words that may stand between "told" and what was told: its object.
bool told_object_word(std::string_view w) {
  return one_of(w, {"reporters",   "journalists", "the",        "a",        "lawmakers", "parliament", "an",
                    "interviewer", "him",         "her",        "them",     "us",        "me",         "newspaper",
                    "agency",      "broadcaster", "conference", "audience", "investors", "analysts",   "state",
                    "tv",          "television",  "radio",      "media",    "press"});
}

/// A quote that is not speech: "title" (after "titled", "the book", …, or three or more
/// capitalised words) or "scare" (a short phrase without a speaker, "Great Game",
/// "splinternet"); everything with a speaker, or longer, is "speech".
std::string quote_kind(const ArticleContext& s, const Quote& q) {
  if (q.tok_end <= q.tok_begin) return "scare";
  std::uint32_t last = q.tok_end;  // trailing punctuation inside the marks does not count
  while (last > q.tok_begin && s.doc.kind(last - 1) == TokenKind::kPunct) --last;
  const std::uint32_t n = last - q.tok_begin;
  std::uint32_t words = 0, capitalised = 0;
  bool clause_punct = false;
  for (std::uint32_t i = q.tok_begin; i < last; ++i) {
    std::string_view w = s.words[i];
    if (w == "." || w == "!" || w == "?" || w == ";" || w == ":") clause_punct = true;
    if (s.doc.kind(i) != TokenKind::kWord) continue;
    ++words;
    const bool small = one_of(w, {"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "with", "or"});
    if (is_capitalized(w) || (small && i != q.tok_begin)) ++capitalised;
  }
  if (q.speaker_cluster >= 0) return "speech";
  std::uint32_t b = q.tok_begin > 0 ? q.tok_begin - 1 : 0;  // the opening mark
  const bool work_before =
      b > 0 && one_of(s.words[b - 1], {"titled", "entitled", "book", "film", "movie", "song", "album", "novel",
                                       "report", "documentary", "series", "show", "play", "poem", "paper", "essay"});
  const bool title_case = words >= 2 && capitalised == words && !clause_punct;
  if (work_before && words >= 1 && !clause_punct) return "title";
  if (title_case && words >= 3 && n <= 12) return "title";
  if (n <= 5 && !clause_punct) return "scare";
  return "speech";
}

struct Context {
  ArticleAnalysis& out;
  ArticleContext& s;
  const Speakers& sp;

  /// The speaker whose mention (or pronoun) ends right before token `cue`, within [b, cue):
  /// "Putin said", "Sberbank CEO German Gref acknowledged", "he said".
  /// `first` (when given) gets the subject's first token (the pronoun's, for he/she).
  std::int32_t subject_before(std::uint32_t b, std::uint32_t cue, std::uint32_t* first = nullptr) const {
    if (cue <= b) return -1;
    std::uint32_t k = cue;
    // "Putin on Monday said", "Gref also said", "Gref has said"
    while (k > b && one_of(s.words[k - 1], {"also", "later", "has", "had", "have", "then", "again", "previously"})) --k;
    if (k == b) return -1;
    if (one_of(s.words[k - 1], {"he", "she"})) {
      if (first) *first = k - 1;
      return sp.last_person_before(k - 1, iequals(s.words[k - 1], "she") ? 'f' : 'm');
    }
    // "Karin Lund, who runs a shelter in Tromvik, told …": the name before the bracketed clause
    if (s.words[k - 1] == "," && k >= b + 3) {
      for (std::uint32_t p = k - 2; p > b && p + 16 > k; --p) {
        if (s.words[p] != ",") continue;
        const std::int32_t mi = sp.cover(p - 1);
        if (mi >= 0 && sp.allowed(mi) && out.mentions[static_cast<std::size_t>(mi)].tok_begin >= b &&
            out.mentions[static_cast<std::size_t>(mi)].tok_end == p) {
          if (first) *first = out.mentions[static_cast<std::size_t>(mi)].tok_begin;
          return mi;
        }
        break;
      }
      return -1;
    }
    const std::int32_t mi = sp.cover(k - 1);
    if (mi >= 0 && sp.allowed(mi) && out.mentions[static_cast<std::size_t>(mi)].tok_begin >= b) {
      if (first) *first = out.mentions[static_cast<std::size_t>(mi)].tok_begin;
      return mi;
    }
    return -1;
  }
};

/// Words that end an unnamed speaker ("officials said", "a local hospital official said",
/// "people familiar with the matter told Reuters"): the statement has no named speaker.
bool unnamed_speaker_end(const ArticleContext& s, std::uint32_t b, std::uint32_t k) {
  if (k <= b) return false;
  std::string_view w = s.words[k - 1];
  if (one_of(w,
             {"official",    "officials",     "analyst",     "analysts",   "spokesman", "spokeswoman", "spokesperson",
              "source",      "sources",       "expert",      "experts",    "economist", "economists",  "police",
              "prosecutors", "investigators", "witnesses",   "residents",  "diplomats", "lawmakers",   "authorities",
              "observers",   "critics",       "researchers", "scientists", "doctors",   "medics"}))
    return true;
  // "people familiar with the matter"
  return k >= b + 3 && one_of(w, {"matter", "plans", "talks", "situation", "deal", "discussions"}) &&
         (iequals(s.words[k - 3], "with") || iequals(s.words[k - 2], "with"));
}

/// One sentence [b, e): reported statements in it, appended to `found`.
void reported_in_sentence(Context& c, std::uint32_t b, std::uint32_t e, std::vector<Quote>& found) {
  ArticleContext& s = c.s;
  const Doc& doc = s.doc;
  // a sentence with a quotation mark is left to the direct quotes
  for (std::uint32_t i = b; i < e; ++i)
    if (s.in_quote[i] || quote_mark(s.words[i]) != QuoteMark::kNone) return;
  std::uint32_t end = e;
  while (end > b && (is_sentence_end(s.words[end - 1]) || doc.kind(end - 1) == TokenKind::kPunct)) --end;
  // speaker: a mention index; -1 with `unnamed` for "officials said"
  auto add = [&](std::int32_t speaker, bool unnamed, std::uint32_t cue_b, std::uint32_t cue_e, std::uint32_t cb,
                 std::uint32_t ce) {
    while (cb < ce && doc.kind(cb) == TokenKind::kPunct) ++cb;
    while (ce > cb && doc.kind(ce - 1) == TokenKind::kPunct) --ce;
    if ((speaker < 0 && !unnamed) || ce < cb + 3) return;
    Quote q;
    q.direct = false;
    q.tok_begin = cb;
    q.tok_end = ce;
    q.byte_begin = doc.token_begin()[cb];
    q.byte_end = doc.token_end()[ce - 1];
    q.char_begin = doc.token_char_begin()[cb];
    q.char_end = doc.token_char_end()[ce - 1];
    q.text = doc.text().substr(q.byte_begin, q.byte_end - q.byte_begin);
    q.speaker_mention = speaker;
    q.speaker_cluster = speaker >= 0 ? c.out.mentions[static_cast<std::size_t>(speaker)].cluster : -1;
    q.cue_tok_begin = cue_b;
    q.cue_tok_end = cue_e;
    q.cue = fold(span_text(doc, cue_b, cue_e));
    q.cue_char_begin = doc.token_char_begin()[cue_b];
    q.cue_char_end = doc.token_char_end()[cue_e - 1];
    q.in_boilerplate = s.boiler[cb] != 0;
    found.push_back(std::move(q));
  };
  // a statement [cb, ce) that continues ", adding (that) …" / ", saying …": two statements
  auto add_with_adding = [&](std::int32_t speaker, bool unnamed, std::uint32_t cue_b, std::uint32_t cue_e,
                             std::uint32_t cb, std::uint32_t ce) {
    // "…, according to state media": the source of the report is not part of the content
    for (std::uint32_t j = cb + 3; j + 2 < ce; ++j)
      if (s.words[j] == "," && iequals(s.words[j + 1], "according") && iequals(s.words[j + 2], "to")) {
        ce = j;
        break;
      }
    for (std::uint32_t j = cb + 3; j + 1 < ce; ++j)
      if (s.words[j - 1] == "," && (iequals(s.words[j], "adding") || iequals(s.words[j], "saying"))) {
        add(speaker, unnamed, cue_b, cue_e, cb, j - 1);
        add(speaker, unnamed, j, j + 1, iequals(s.words[j + 1], "that") ? j + 2 : j + 1, ce);
        return;
      }
    add(speaker, unnamed, cue_b, cue_e, cb, ce);
  };
  // "according to X, CLAUSE" and "CLAUSE, according to X (, an appositive)"
  for (std::uint32_t i = b; i + 2 < end; ++i) {
    if (!iequals(s.words[i], "according") || !iequals(s.words[i + 1], "to")) continue;
    // the source: the first allowed mention of the phrase after "to", else an unnamed one
    std::uint32_t phrase_end = i + 2;
    while (phrase_end < end && s.words[phrase_end] != ",") ++phrase_end;
    // a person first, then an organisation, then a place or group that heads the phrase
    // ("the UK-based Tortoise Media": not the UK; "the Norwegian Seafood Council" with only
    // "Norwegian" tagged: no speaker)
    std::int32_t mi = -1;
    int best = 3;
    for (std::uint32_t k = i + 2; k < phrase_end; ++k) {
      const std::int32_t m = c.sp.cover(k);
      if (!c.sp.allowed(m) || (k > i + 2 && c.sp.cover(k - 1) == m)) continue;
      const std::string& label = cluster_label(c.out, m);
      const std::uint32_t me = c.out.mentions[static_cast<std::size_t>(m)].tok_end;
      const int rank = label == "PERSON" ? 0 : label == "ORG" ? 1 : 2;
      if (rank == 2 && me < phrase_end && (is_capitalized(s.words[me]) || s.words[me] == "-")) continue;
      if (rank < best) best = rank, mi = m;
    }
    const bool unnamed = mi < 0 && unnamed_speaker_end(s, i + 2, phrase_end);
    if (mi < 0 && !unnamed) break;  // "according to state media": the other patterns may still apply
    if (i == b || (i == b + 1 && doc.kind(b) == TokenKind::kPunct)) {
      std::uint32_t k = phrase_end;
      // "according to Dr. Lisa Wong, head of the unit, the hospital …": skip an appositive
      if (k + 1 < end && mi >= 0) {
        std::uint32_t next = k + 1;
        while (next < end && s.words[next] != ",") ++next;
        // an appositive names a role: "head of …", "the bank's chief economist", "an analyst at …"
        std::uint32_t r = k + 1;
        if (one_of(s.words[r], {"the", "a", "an"})) ++r;
        bool role = false;
        for (std::uint32_t x = r; x < next && x < r + 4 && !role; ++x)
          role = s.al.match_role(s.doc, x) > 0 || one_of(s.words[x], {"head", "analyst", "economist", "expert"});
        if (next < end && next - k <= 12 && role) k = next;
      }
      add_with_adding(mi, unnamed, i, i + 2, k + 1, end);
    } else if (i > b && s.words[i - 1] == ",") {
      add(mi, unnamed, i, i + 2, b, i - 1);
    } else {
      break;
    }
    return;
  }
  // "X said (that) CLAUSE", "X told Reuters (that) CLAUSE", "officials said CLAUSE"
  for (std::uint32_t i = b + 1; i + 1 < end; ++i) {
    if (!reporting_verb(s.words[i])) continue;
    std::int32_t speaker = c.subject_before(b, i);
    bool unnamed = false;
    if (speaker < 0) {
      std::uint32_t k = i;
      while (k > b && one_of(s.words[k - 1], {"also", "later", "has", "had", "have", "then", "again"})) --k;
      unnamed = unnamed_speaker_end(s, b, k);
      if (!unnamed) continue;
    }
    std::uint32_t k = i + 1;
    const bool told = iequals(s.words[i], "told") || iequals(s.words[i], "tells");
    if (told) {
      // "told the council that …": up to "that" when it comes soon; else the object
      std::uint32_t j = k;
      while (j < end && j < k + 8 && !iequals(s.words[j], "that") && doc.kind(j) != TokenKind::kPunct) ++j;
      if (j < end && iequals(s.words[j], "that")) {
        k = j;
      } else {
        std::uint32_t lim = std::min(end, k + 5);
        while (k < lim && (c.sp.cover(k) >= 0 || told_object_word(s.words[k]) || is_capitalized(s.words[k]))) ++k;
        if (k == i + 1) continue;
      }
    }
    // "on Monday", "in an interview", "in a statement", "last week": skipped up to "that"
    if (k < end && one_of(s.words[k], {"on", "in", "last", "this", "late", "early", "earlier", "at", "during"})) {
      std::uint32_t j = k + 1;
      while (j < end && j < k + 8 && !iequals(s.words[j], "that") &&
             (doc.kind(j) == TokenKind::kNumber || is_capitalized(s.words[j]) ||
              one_of(s.words[j],
                     {"an",         "a",        "the",     "interview", "statement", "week",  "month",     "year",
                      "conference", "briefing", "news",    "press",     "speech",    "post",  "televised", "meeting",
                      "call",       "evening",  "morning", "afternoon", "day",       "night", "with",      ","})))
        ++j;
      if (j < end && iequals(s.words[j], "that")) k = j;
    }
    if (k < end && iequals(s.words[k], "that")) {
      ++k;
    } else if (!takes_bare_clause(s.words[i])) {
      continue;  // "confirmed the partnership": a noun phrase, not a statement
    } else if (k != i + 1 && !told) {
      continue;  // "said on Monday" without "that": the clause start is unclear
    } else if (k < end && (doc.kind(k) == TokenKind::kPunct || one_of(s.words[k], {"to", "so", "yes", "no"}))) {
      continue;  // "said.", "said to be", "said so"
    }
    add_with_adding(speaker, unnamed, i, i + 1, k, end);
    return;
  }
  // "CLAUSE, X said", "CLAUSE, said X", "CLAUSE, said X, an economist at …",
  // "CLAUSE, a local hospital official said": the last comma that such a tail follows
  for (std::uint32_t comma = end; comma-- > b + 3;) {
    if (s.words[comma] != ",") continue;
    std::uint32_t tail_end = comma + 1;  // the tail: up to the next comma or the end
    while (tail_end < end && s.words[tail_end] != ",") ++tail_end;
    const std::uint32_t t0 = comma + 1;
    if (t0 >= tail_end) continue;
    std::int32_t speaker = -1;
    bool unnamed = false;
    std::uint32_t cue = kNone;
    if (reporting_verb(s.words[t0]) && !iequals(s.words[t0], "told")) {  // ", said X"
      const std::int32_t mi = t0 + 1 < tail_end ? c.sp.cover(t0 + 1) : -1;
      if (c.sp.allowed(mi) && c.out.mentions[static_cast<std::size_t>(mi)].tok_end == tail_end) speaker = mi;
      unnamed = speaker < 0 && unnamed_speaker_end(s, t0 + 1, tail_end);
      cue = t0;
    } else if (reporting_verb(s.words[tail_end - 1]) && !iequals(s.words[tail_end - 1], "told")) {  // ", X said"
      cue = tail_end - 1;
      std::uint32_t first = cue;
      speaker = c.subject_before(t0, cue, &first);
      if (speaker >= 0 && first != t0 && !(first == t0 + 1 && iequals(s.words[t0], "the"))) speaker = -1;
      if (speaker < 0) {
        std::uint32_t k = cue;
        while (k > t0 && one_of(s.words[k - 1], {"also", "later", "has", "had", "have", "then"})) --k;
        unnamed = unnamed_speaker_end(s, t0, k);
      }
    }
    if (cue == kNone || (speaker < 0 && !unnamed)) continue;
    add(speaker, unnamed, cue, cue + 1, b, comma);
    return;
  }
}

}  // namespace

void find_speech(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate, bool reported, bool speech_only) {
  for (auto& q : out.quotes) q.kind = quote_kind(s, q);
  if (reported) {
    const Speakers sp(out, s, exclude_boilerplate, /*groups_speak=*/true);
    Context c{out, s, sp};
    std::vector<Quote> found;
    for (const auto& sent : s.doc.sentences()) {
      if (sent.end <= sent.begin || (exclude_boilerplate && s.boiler[sent.begin])) continue;
      reported_in_sentence(c, sent.begin, sent.end, found);
    }
    // the direct quotes join the reported ones: no third list when `found` has room
    found.reserve(found.size() + out.quotes.size());
    for (auto& q : out.quotes) found.push_back(std::move(q));
    out.quotes.swap(found);
  }
  if (speech_only)
    out.quotes.erase(
        std::remove_if(out.quotes.begin(), out.quotes.end(), [](const Quote& q) { return q.kind != "speech"; }),
        out.quotes.end());
  // text order; at the same token direct quotes first, each kind in the order found
  stable_sort_compact(out.quotes, [](const Quote& a, const Quote& b) {
    return a.tok_begin < b.tok_begin || (a.tok_begin == b.tok_begin && a.direct && !b.direct);
  });
  shrink_if_loose(out.quotes);
}

void merge_roles(ArticleAnalysis& out) {
  std::map<std::tuple<std::int32_t, std::string, std::string>, std::size_t> first;
  std::vector<Role> kept;
  kept.reserve(out.roles.size());
  for (auto& r : out.roles) {
    // one person: their cluster, else their mention; the role as written, case-folded
    const std::int32_t who = r.person_cluster >= 0 ? r.person_cluster : -2 - r.person_mention;
    auto key = std::make_tuple(who, fold(r.role), r.org);
    auto [it, inserted] = first.emplace(std::move(key), kept.size());
    if (inserted)
      kept.push_back(std::move(r));
    else
      ++kept[it->second].count;
  }
  kept.shrink_to_fit();  // reserved for every role found; most are repeats
  out.roles = std::move(kept);
}

}  // namespace byline::internal::analysis
