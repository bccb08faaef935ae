// DATE and TIME recogniser with ISO 8601 / TIMEX3-style values: the scanner's filter,
// modifiers and stage order, and find_temporal (the stages: rules/date_scanner.h).
#include <unordered_map>
#include <utility>

#include "byline/rules.h"
#include "rules/date_scanner.h"

namespace byline {

DateAnchor DateAnchor::parse(std::string_view s) noexcept {
  DateAnchor a;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return a;
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!internal::rules::is_ascii_digit(s[k])) return a;
  auto num = [&](int b, int len) {
    int v = 0;
    for (int k = b; k < b + len; ++k) v = v * 10 + (s[k] - '0');
    return v;
  };
  DateAnchor r{num(0, 4), num(5, 2), num(8, 2)};
  if (!r.valid() || r.day > internal::rules::days_in_month(r.year, r.month)) return a;
  return r;
}

namespace internal::rules {

/// Cheap filter: can a date/time pattern start at token i?
bool Scanner::may_start(std::uint32_t i) const {
  if (i >= n_) return false;
  const auto kind = static_cast<TokenKind>(doc_.token_kind()[i]);
  if (kind != TokenKind::kWord && kind != TokenKind::kNumber) return false;  // "-", ",", "$" never start one
  if (kind_number(i)) return true;
  std::string_view t = text(i);
  if (t.empty() || t.size() >= Lower::kMax) return false;
  if (t.size() >= 4 && t[0] == 'F' && t[1] == 'Y' && is_ascii_digit(t[2])) return true;  // "FY2024"
  for (char c : t)  // "mid-December", "twenty-five": no memchr call for short tokens
    if (c == '-') return true;
  static const std::pair<WordFilter, std::unordered_map<std::string_view, int>> triggers = [] {
    std::unordered_map<std::string_view, int> m;
    for (const auto& kv : month_table()) m.emplace(kv.first, 1);
    for (const auto& kv : weekday_table()) m.emplace(kv.first, 1);
    for (const char* w :
         {"early",     "late",     "mid",          "earlier", "later",    "the",       "end",      "beginning",
          "start",     "middle",   "turn",         "rest",    "today",    "yesterday", "tomorrow", "tonight",
          "last",      "previous", "past",         "next",    "coming",   "following", "this",     "current",
          "noon",      "midday",   "midnight",     "a",       "an",       "several",   "many",     "new",
          "christmas", "easter",   "thanksgiving", "ramadan", "hanukkah", "diwali",    "q1",       "q2",
          "q3",        "q4",       "every",        "each",    "fiscal",   "fy",        "spring",   "summer",
          "autumn",    "fall",     "winter",       "weekend", "daily",    "weekly",    "monthly",  "quarterly",
          "annually",  "yearly"})
      m.emplace(w, 1);
    WordFilter f;
    for (const auto& kv : m) f.add(kv.first);
    return std::make_pair(f, m);
  }();
  const bool trigger = triggers.first.may_contain(t);
  if (!trigger && !may_be_number_word(t)) return false;
  Lower l(t);
  if (!((trigger && triggers.second.count(l.view()) > 0) || is_number_word(l.view()))) return false;
  // frequent function words only start a date together with the next token
  if (l == "the") return i + 1 < n_ && (is(i + 1, "few") || may_start(i + 1));
  if (l == "a" || l == "an") {
    Unit u;
    return i + 1 < n_ && (is(i + 1, "few") || unit_of(low(i + 1).view(), u));
  }
  return true;
}

bool Scanner::match(std::uint32_t i, Match& m) {
  used_anchor_ = false;
  // modifiers that widen a date: "early", "late", "mid", "the end of", "the beginning of"
  std::uint32_t mod = modifier(i);
  if (mod > 0 && core(i + mod, m)) return true;
  return core(i, m);
}

std::uint32_t Scanner::modifier(std::uint32_t i) const {
  if (is(i, "early") || is(i, "late") || is(i, "mid") || is(i, "earlier") || is(i, "later")) return 1;
  std::uint32_t k = is(i, "the") ? i + 1 : i;
  if ((is(k, "end") || is(k, "beginning") || is(k, "start") || is(k, "middle") || is(k, "turn") || is(k, "first") ||
       is(k, "second") || is(k, "rest")) &&
      is(k + 1, "of"))
    return k + 2 - i;
  if ((is(k, "first") || is(k, "second")) && is(k + 1, "half") && is(k + 2, "of")) return k + 3 - i;
  return 0;
}

bool Scanner::core(std::uint32_t i, Match& m) {
  if (i >= n_) return false;
  return iso(i, m) || weekday_date(i, m) || month_first(i, m) || day_first(i, m) || quarter(i, m) || fiscal(i, m) ||
         season(i, m) || mid_compound(i, m) || century(i, m) || holiday(i, m) || sets(i, m) || relative(i, m) ||
         time_of_day(i, m) || durations(i, m) || year_alone(i, m);
}

/// The value object of a match (calendar.h temporal_json); empty when there is nothing
/// to say (no value, no period: "Ramadan", "several years" stays a duration).
std::string temporal_value(const Match& m, bool used_anchor) {
  const std::string& t = m.value;
  char kind = m.kind;
  if (kind == 0) {
    const auto slash = t.find('/');
    kind = !t.empty() && t[0] == 'P' ? 'd' : (slash != std::string::npos && t[0] != 'P') ? 'r' : 'p';
  }
  if (t.empty() && m.first.empty() && kind == 'p') return {};
  const std::string_view kinds = kind == 'd' ? "duration" : kind == 's' ? "set" : kind == 'r' ? "range" : "point";
  std::string_view anchor = "text";
  if (t.find('X') != std::string::npos || (t.empty() && m.first.empty()))
    anchor = "none";
  else if (used_anchor)
    anchor = "document";
  return temporal_json(t, kinds, anchor, m.first, m.last, m.extra, !m.no_period);
}

namespace {

/// A calendar point that can bound a range ("2019", "March", "Dec. 30, 2024").
bool range_end(const Match& m) {
  return !m.time && m.kind == 0 && !m.value.empty() && m.value[0] != 'P' && m.value.find('/') == std::string::npos;
}

/// The year of a TIMEX3 point ("2024-03" -> 2024), or -1.
int year_of(const std::string& t) {
  if (t.size() < 4) return -1;
  int y = 0;
  for (int k = 0; k < 4; ++k) {
    if (!is_ascii_digit(t[k])) return -1;
    y = y * 10 + (t[k] - '0');
  }
  return t.size() == 4 || t[4] == '-' ? y : -1;
}

/// The first point of a range written without its year ("March to May 2024") takes the
/// year of the second (the year before when that would put it after the second).
void take_year(std::string& first, const std::string& second) {
  const int y = year_of(second);
  if (y < 0 || first.size() < 7 || first[4] != '-' || !(first.compare(0, 4, "XXXX") == 0 || year_of(first) >= 0))
    return;
  std::string candidate = fmt_y(y) + first.substr(4);
  if (candidate.substr(0, std::min(candidate.size(), second.size())) >
      second.substr(0, std::min(candidate.size(), second.size())))
    candidate = fmt_y(y - 1) + first.substr(4);
  first = candidate;
}

}  // namespace

std::vector<Entity> find_temporal(const Doc& doc, DateAnchor anchor) {
  if (!anchor.valid()) {
    auto it = doc.meta().find("date");
    if (it != doc.meta().end()) anchor = DateAnchor::parse(it->second);
  }
  std::vector<Entity> out;
  Scanner sc(doc, anchor);
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  const std::vector<std::uint8_t> none;
  std::uint32_t floor = 0;  // end of the previous entity
  for (std::uint32_t i = 0; i < n;) {
    Match m;
    if (!sc.may_start(i)) {
      ++i;
      continue;
    }
    if (!sc.match(i, m) || m.end <= i) {
      ++i;
      continue;
    }
    bool used_anchor = sc.used_anchor();
    std::uint32_t begin = i;
    // A range of two points: "2019 - 2020", "March to May 2024", "from Monday to Friday",
    // "between 2019 and 2021" ("from" and "between" inside the span).
    const bool between = begin > floor && lower_is(doc, begin - 1, "between");
    const bool from = begin > floor && lower_is(doc, begin - 1, "from");
    if (range_end(m) && m.end + 1 < n) {
      const std::string_view sep = tok_text(doc, m.end);
      const bool joins = between ? lower_is(doc, m.end, "and")
                                 : (lower_is(doc, m.end, "to") || lower_is(doc, m.end, "through") ||
                                    lower_is(doc, m.end, "until") || sep == "-" || sep == "\xE2\x80\x93" /* – */);
      Match second;
      if (joins && sc.may_start(m.end + 1) && sc.match(m.end + 1, second) && range_end(second)) {
        std::string first_value = m.value;
        const bool second_anchor = sc.used_anchor();
        // the first point takes the second's year only when it has none of its own: it was
        // year-less (XXXX) or took its year from the document date, and the second states one
        // ("March to May 2024"; not "March 2019 to May 2020", not "Monday to Friday")
        if ((first_value.compare(0, 4, "XXXX") == 0 || used_anchor) && !second_anchor && year_of(second.value) >= 0)
          take_year(first_value, second.value);
        used_anchor = (used_anchor && first_value == m.value) || second_anchor;
        if (first_value <= second.value || first_value.compare(0, 4, "XXXX") == 0) {
          m.value = first_value + "/" + second.value;
          m.kind = 'r';
          m.end = second.end;
          if (between || from) --begin;
        }
      }
    }
    // An approximator or comparative before a duration: "more than 50 years", "nearly two
    // decades", "about three weeks ago".
    NumberParse np;
    if (!m.time || m.kind == 'd') {
      const bool counted = parse_number_at(doc, begin, np) || lower_is(doc, begin, "a") || lower_is(doc, begin, "an");
      if (counted && (m.kind == 'd' || (!m.value.empty() && m.value[0] == 'P') || m.kind == 0)) {
        Bound bound = Bound::kExact;
        const std::uint32_t mb = modifier_before(doc, none, begin, floor, bound);
        // "over six months" is mostly "during": the one-word comparatives stay outside
        const bool preposition = mb + 1 == begin && (lower_is(doc, mb, "over") || lower_is(doc, mb, "under") ||
                                                     lower_is(doc, mb, "above") || lower_is(doc, mb, "below"));
        if (mb < begin && bound != Bound::kExact && !preposition) {
          begin = mb;
          const std::string members = bound_members(bound);
          m.extra = m.extra.empty() ? members : m.extra + "," + members;
        }
      }
    }
    Entity e;
    e.tok_begin = begin;
    e.tok_end = m.end;
    e.label = m.time ? "TIME" : "DATE";
    e.source = EntitySource::kPattern;
    e.value = temporal_value(m, used_anchor);
    out.push_back(std::move(e));
    i = floor = m.end;
  }
  return out;
}

}  // namespace internal::rules

std::vector<Entity> find_temporal_entities(const Doc& doc, DateAnchor anchor) {
  return internal::rules::find_temporal(doc, anchor);
}

}  // namespace byline
