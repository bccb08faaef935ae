// Stage 3 of the analysis: roles from premodifiers and appositives (analysis/context.h).
#include <string>

#include "analysis/context.h"

namespace byline::internal::analysis {
namespace {

// ---------------------------------------------------------------- roles

// Organisation or place ending at token `end` (exclusive), possibly followed by a possessive.
// Fills org fields of `r`; returns the first token of the organisation (or kNone).
std::uint32_t org_before(const ArticleAnalysis& a, const ArticleContext& s, std::uint32_t end, Role& r) {
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

}  // namespace

void find_roles(ArticleAnalysis& out, const ArticleContext& s, bool exclude_boilerplate) {
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

}  // namespace byline::internal::analysis
