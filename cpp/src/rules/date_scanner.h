// The DATE/TIME recogniser's scanner (private; used by dates.cpp). A hand-written
// matcher over tokens: at each token the stages are tried in order of specificity and
// the first that matches is taken (each is longest-first itself):
//   dates.cpp           may_start (cheap filter), stages_at (the stages a token may start),
//                       match (modifiers: early, the end of), core (order)
//   dates_absolute.cpp  calendar dates: ISO and numeric dates, weekdays, month/day/year,
//                       quarters, mid-compounds, decades and centuries, holidays, years
//   dates_relative.cpp  dates relative to the document date (today, last month, two years
//                       ago, the past three years) and durations (34 months, six-to-nine-month)
//   times.cpp           clock times (10:30 a.m., noon) with time zones
// Values are ISO 8601 / TIMEX3-style text (docs/entities.md §2).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"
#include "byline/rules.h"
#include "rules/calendar.h"
#include "rules/numbers.h"
#include "rules/text_util.h"

namespace byline {
namespace internal::rules {

/// What a stage matched at a token: one past its last token, DATE or TIME, the value.
struct Match {
  std::uint32_t end = 0;
  bool time = false;
  std::string value;  ///< TIMEX3 value (ISO 8601 where it can be); empty = none
  /// 'p' point, 'd' duration, 's' set, 'r' range; 0: from the value (P… a duration,
  /// A/B of two points a range, anything else a point)
  char kind = 0;
  std::string first, last;  ///< the period when the value does not give it ("the past three years")
  std::string extra;        ///< more JSON members of the value ("approx":true)
  bool no_period = false;   ///< the value names no calendar period (a fiscal year)
};

class Scanner {
 public:
  Scanner(const Doc& doc, DateAnchor a)
      : doc_(doc),
        n_(static_cast<std::uint32_t>(doc.size())),
        a_(a),
        text_end_(doc.text().data() + doc.text().size()),
        words_(word_tables()) {
    if (a_.valid()) anchor_days_ = days_from_civil(a_.year, a_.month, a_.day);
  }
  /// Cheap filter: can a date/time pattern start at token i? Inline up to the lookup of
  /// the words that pass the trigger words' filter: punctuation never starts one, a number
  /// always may, and most words are turned away by their first letters and length.
  bool may_start(std::uint32_t i) const {
    if (i >= n_) return false;
    const auto kind = static_cast<TokenKind>(doc_.token_kind()[i]);
    if (kind != TokenKind::kWord && kind != TokenKind::kNumber) return false;  // "-", ",", "$" never start one
    const std::string_view t = text(i);
    if (looks_numeric(t)) return true;
    return may_start_word(i, t, has_hyphen(t, text_end_));
  }
  /// may_start(i) given its token's kind, text `t`, whether `t` looks numeric and whether
  /// it has a hyphen (has_hyphen), for a pass that works those out once for several filters.
  bool may_start_given(std::uint32_t i, TokenKind kind, std::string_view t, bool numeric, bool hyphen) const {
    if (kind != TokenKind::kWord && kind != TokenKind::kNumber) return false;
    return numeric || may_start_word(i, t, hyphen);
  }
  bool match(std::uint32_t i, Match& m);
  /// True when the last match() resolved its value against the document date.
  bool used_anchor() const { return used_anchor_; }

 private:
  /// Bits of stages_at(): the stages of core(), and modifier(), that may match at a token.
  enum Stage : std::uint32_t {
    kIso = 1u << 0,
    kWeekdayDate = 1u << 1,
    kMonthFirst = 1u << 2,
    kDayFirst = 1u << 3,
    kQuarter = 1u << 4,
    kFiscal = 1u << 5,
    kSeason = 1u << 6,
    kMidCompound = 1u << 7,
    kCentury = 1u << 8,
    kHoliday = 1u << 9,
    kSets = 1u << 10,
    kRelative = 1u << 11,
    kTimeOfDay = 1u << 12,
    kDurations = 1u << 13,
    kYearAlone = 1u << 14,
    kModifier = 1u << 15,
    kAllStages = (1u << 16) - 1,
  };
  /// The stages that may match at token i, from its first token alone (a cheap dispatch:
  /// a stage left out returns false at once there, before it writes to its Match). A
  /// superset: a number token may start the numeric stages, a hyphenated token any stage,
  /// another word the stages whose first words (the table in stages_at()) it is. A stage
  /// added to core() or a first word added to a stage must be added there too.
  std::uint32_t stages_at(std::uint32_t i) const;
  /// parse_number_at() memoised: the sub-matchers of core() parse the same few tokens.
  bool parse_at(std::uint32_t i, NumberParse& np) const {
    for (const auto& c : memo_)
      if (c.index == i) {
        np = c.np;
        return c.ok;
      }
    auto& slot = memo_[memo_next_++ % memo_.size()];
    slot.index = i;
    slot.ok = parse_number_at(doc_, i, slot.np);
    np = slot.np;
    return slot.ok;
  }
  struct Memo {
    std::uint32_t index = UINT32_MAX;
    bool ok = false;
    NumberParse np;
  };
  mutable std::array<Memo, 4> memo_{};
  mutable std::uint32_t memo_next_ = 0;
  std::string_view text(std::uint32_t i) const { return tok_text(doc_, i); }
  Lower low(std::uint32_t i) const { return Lower(i < n_ ? text(i) : std::string_view()); }
  /// Token i is `w` (lower-case ASCII) in any case; a curly apostrophe in the token
  /// matches ' in `w`. No copy unless `w` has an apostrophe.
  bool is(std::uint32_t i, std::string_view w) const {
    if (i >= n_) return false;
    // the first letter decides most calls (an apostrophe in w may come from a curly one)
    if (!w.empty() && w[0] != '\'') {
      const std::string_view t = text(i);
      if (t.empty() || ascii_lower(t[0]) != w[0]) return false;
    }
    for (char c : w)  // the words are short: no memchr call
      if (c == '\'') return low(i) == w;
    return lower_is(doc_, i, w);
  }
  bool capitalised(std::uint32_t i) const { return i < n_ && !text(i).empty() && is_ascii_upper(text(i)[0]); }
  bool kind_number(std::uint32_t i) const { return i < n_ && looks_numeric(text(i)); }
  /// The scanner's word tables (built once): the trigger words that may start a date or
  /// time, and the first words of the stages (stages_at()), each with a filter.
  struct WordTables {
    WordFilter trigger_filter;
    WordTable<int> triggers;
    WordFilter stage_filter;
    WordTable<std::uint32_t> stages;
  };
  static const WordTables& word_tables();
  /// may_start() for a word or number token `t` (token i) that does not look numeric.
  bool may_start_word(std::uint32_t i, std::string_view t, bool hyphen) const {
    if (t.empty() || t.size() >= Lower::kMax) return false;
    if (t.size() >= 4 && t[0] == 'F' && t[1] == 'Y' && is_ascii_digit(t[2])) return true;  // "FY2024"
    if (hyphen) return true;  // "mid-December", "twenty-five"
    // (no table word has an apostrophe, so the lowered token matches one only when it is
    // the token lower-cased, of the same first letter and length the filter saw)
    return words_.trigger_filter.may_contain(t) && trigger_word_may_start(i, t);
  }
  /// may_start() for a word token `t` (token i) that passed the trigger words' filter.
  bool trigger_word_may_start(std::uint32_t i, std::string_view t) const;
  /// The tokens of the modifier at i ("early", "the end of"), 0 for none; `stages` is stages_at(i).
  std::uint32_t modifier(std::uint32_t i, std::uint32_t stages) const;
  int month(std::uint32_t i) const;
  int weekday(std::uint32_t i) const;
  bool year(std::uint32_t i, int& y, int lo = 1000, int hi = 2999) const;
  bool day(std::uint32_t i, int& d) const;
  /// Year for a month/day without one: the year that puts the date nearest the anchor.
  std::string resolve_md(int m, int d) const;
  /// Month `m` without a year: with `tense` -1 (a past clause) the latest up to the anchor's
  /// month, +1 the next from it, 0 the nearest.
  std::string resolve_m(int m, int tense = 0) const;
  /// The tense of the clause around token i from its nearest verb cue within 12 tokens
  /// (no further than the sentence's end): -1 past ("said", "was", "signed", "has"), +1 future
  /// ("will", "expected", "scheduled"), 0 none.
  int tense_at(std::uint32_t i) const;
  std::string from_days(std::int64_t days) const;
  /// Weekday `wd` (1 Monday .. 7 Sunday): `dir` -1 last, +1 next (never the anchor's day);
  /// else by `tense` as resolve_m (the anchor's day may be it), or the nearest (±3 days).
  std::string resolve_weekday(int wd, int dir, int tense = 0) const;
  bool number(std::uint32_t i, NumberParse& np) const {
    if (i >= n_) return false;
    if (!parse_at(i, np) || np.ordinal || np.value < 0) return false;
    return true;
  }
  /// The first stage that matches at i (`stages`: stages_at(i)).
  bool core(std::uint32_t i, std::uint32_t stages, Match& m);
  // 2025-01-01, 2025-01, 12/30/2024, 30/12/2024
  bool iso(std::uint32_t i, Match& m);
  // Monday, Monday, Dec. 30(, 2024)
  bool weekday_date(std::uint32_t i, Match& m);
  bool month_first(std::uint32_t i, Match& m);
  // 30 December 2024, 1st of January
  bool day_first(std::uint32_t i, Match& m);
  // (the) first quarter (of 2025), Q1 2025, the fourth quarter
  bool quarter(std::uint32_t i, Match& m);
  // mid-2025, mid-December, mid-1990s
  bool mid_compound(std::uint32_t i, Match& m);
  // (the) 21st century, (the) twenty-first century, (the) 1990s, the '90s
  bool century(std::uint32_t i, Match& m);
  // New Year's Eve/Day, Christmas (Eve/Day), New Year
  bool holiday(std::uint32_t i, Match& m);
  bool period_word(std::uint32_t i, Unit& u) const {
    if (i >= n_) return false;
    return unit_of(low(i).view(), u) && !is_clock(u);
  }
  std::string shift(char code, int amount) const;
  /// The anchor moved by `months` (day clamped to the month), "yyyy-mm-dd"; "" without one.
  std::string shift_months(int months) const;
  bool relative(std::uint32_t i, Match& m);
  /// every week, each year, every two months, every Monday, daily, annually -> kind "set"
  bool sets(std::uint32_t i, Match& m);
  /// (this|last|next|the) spring/summer/autumn/fall/winter, summer 2024, the summer of 2024
  bool season(std::uint32_t i, Match& m);
  /// fiscal 2024, fiscal year 2024, FY2024, FY 2024, FY24, the 2024 fiscal year
  bool fiscal(std::uint32_t i, Match& m);
  /// TIMEX3 season of the season `code` (0 spring .. 3 winter) relative to the anchor
  /// (dir -1 last, 0 this, +1 next); "XXXX-SU" without one.
  std::string season_value(int code, int dir) const;
  /// TIMEX3 weekend `weeks` weeks from the anchor's ("2025-W01-WE"); "the weekend" (most
  /// recent) when `latest`.
  std::string weekend_value(int weeks, bool latest) const;
  // 10:30, 10:30 a.m., 3 p.m., 3pm, noon, midnight
  bool time_of_day(std::uint32_t i, Match& m);
  // six to nine months, 34 months, three weeks after, two years ago, six-to-nine-month, 34-month
  bool durations(std::uint32_t i, Match& m);
  bool text_is(std::uint32_t i, std::string_view s) const { return i < n_ && text(i) == s; }
  /// Token k ends a duration that names a point or period: "ago", "earlier", "later",
  /// "previously", and "after"/"before" not followed by a word ("three weeks after.").
  bool relative_end(std::uint32_t k) const;
  /// A lower-case "night" at token k joins the day matched in `m` as one TIME ("Sunday night",
  /// "tomorrow night", "last Friday night": OntoNotes), its value the day's with "TNI".
  void join_night(std::uint32_t k, Match& m) const;
  /// Token i is a word or a number (not punctuation, a symbol or an emoji).
  bool is_word(std::uint32_t i) const {
    return i < n_ && (doc_.kind(i) == TokenKind::kWord || doc_.kind(i) == TokenKind::kNumber);
  }
  /// Token i is a plural unit word ("years", "decades"; not "year").
  bool plural(std::uint32_t i) const { return i < n_ && !text(i).empty() && ascii_lower(text(i).back()) == 's'; }
  bool compound_duration(std::uint32_t i, Match& m);
  bool year_alone(std::uint32_t i, Match& m);
  const Doc& doc_;
  std::uint32_t n_;
  DateAnchor a_;
  const char* text_end_;  ///< the end of the Doc's text (has_hyphen reads up to it)
  const WordTables& words_;
  std::int64_t anchor_days_ = 0;
  mutable bool used_anchor_ = false;  // set by the resolve_*/shift helpers when they read a_
};

/// The DATE and TIME candidates of `doc` (anchor: the document date, else the Doc's meta
/// "date"). `starts`, when given, holds Scanner::may_start() per token (else it is worked
/// out here).
std::vector<Entity> find_temporal(const Doc& doc, DateAnchor anchor, const std::vector<std::uint8_t>* starts = nullptr);

}  // namespace internal::rules
}  // namespace byline
