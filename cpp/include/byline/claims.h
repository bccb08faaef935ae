// byline/claims.h — claims: the figures and dates an article ties to an entity, and whether
// two values can both be true.
//
//   const byline::Analyzer analyzer;
//   byline::ArticleAnalysis a = analyzer.analyze(doc);    // doc tokenized and NER-annotated
//   for (const byline::Claim& c : byline::article_claims(doc, a))
//     std::cout << c.subject << " " << (c.predicate.empty() ? "-" : c.predicate) << " "
//               << c.label << " " << c.text << "\n";        // "Putin order DATE January 1"
//   bool differ = byline::conflicts("DATE", R"({"timex":"2025-01-01","start":"2025-01-01","end":"2025-01-01"})",
//                                   "DATE", R"({"timex":"XXXX-12-30"})");  // true: not the same day
//
// A claim is one (subject entity, predicate, value) of a sentence:
//   * values: the DATE, TIME, MONEY, PERCENT, QUANTITY and CARDINAL entities with a
//     normalised value; bare CARDINALs below 10 ("two countries") are left out (ORDINALs
//     are no value label), and so are entities in boilerplate (the Doc overload);
//   * subject: the first PERSON mention of the sentence, else its first ORG, GPE or NORP
//     mention that starts before the first value entity of the sentence (any value label,
//     claimable or not); only mentions with a cluster and outside boilerplate count. A
//     sentence without one takes the subject of the sentence before it when that subject
//     was found (or carried) in the same or the previous paragraph ("Putin has tasked the
//     government ... The announcement, published on January 1, ..." is about Putin);
//   * predicate: each event class of predicate_classes() that a word of the sentence (a run
//     of ASCII letters, lower-cased) starts with a stem of ("instructed" and "directive" are
//     "order"); a value is claimed once per class its sentence names, or once with no
//     predicate ("").
// Claims are listed by sentence, then by value (start, end, label, text), then by class.
//
// Two values conflict (conflicts()) when they cannot denote the same thing:
//   * DATE/TIME with "start" and "end" (ISO dates): the periods do not overlap; a year-less
//     "XXXX-MM-DD" timex against a dated period within one year: the month-day is outside
//     it; two year-less ones: different month-days; durations, sets and times of day
//     (timex "P...", "T...") are not compared, nor are dates without a period;
//   * numbers (a JSON number, or an object with "value"/"amount", "min", "max", "open"
//     ("above"/"below": unbounded on that side), "approx" (widens each bound by 10 %),
//     "currency"/"unit"): the ranges do not overlap, or the label is the same but the
//     currency or unit differs (a missing unit counts as one);
//   * anything else (no value, strings, lists, other JSON) never conflicts.
// Values are JSON text (Entity::value); text that is not JSON counts as no value.
//
// requires: offsets given to the span overload are byte offsets into `text` on code-point
//           boundaries, `text` is valid UTF-8.
// ensures:  total and deterministic: any input yields a (possibly empty) list.
//
// THREAD SAFETY: pure functions over their arguments; the predicate table is immutable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/analysis.h"
#include "byline/doc.h"

namespace byline {

/// An event class and the word stems that name it (lower case; a word names the class when
/// it starts with one of them). General news predicates, not tied to any story.
struct PredicateClass {
  std::string_view name;                ///< "announce", "order", ...
  std::vector<std::string_view> stems;  ///< "announc", "publish", ...
};

/// The event classes in their fixed order (the order of Claim::predicate within a sentence).
const std::vector<PredicateClass>& predicate_classes();

/// Names of the classes the words of `text` name, in predicate_classes() order.
std::vector<std::string> predicates_of(std::string_view text);

/// One claim.
struct Claim {
  std::size_t entity = 0;   ///< the value: index into the values given (Doc overload: Doc entity index)
  std::size_t mention = 0;  ///< the subject: index into the names given (Doc overload: ArticleAnalysis::mentions)
  std::int32_t subject_cluster = -1;           ///< cluster of the subject (ArticleAnalysis::clusters index)
  std::string subject;                         ///< text of the subject mention
  std::string predicate;                       ///< event class, "" when the sentence names none
  std::string label;                           ///< label of the value entity
  std::string text;                            ///< text of the value entity
  std::string value;                           ///< its normalised value (JSON text)
  std::uint32_t byte_begin = 0, byte_end = 0;  ///< the value entity, UTF-8 offsets
  std::uint32_t char_begin = 0, char_end = 0;  ///< ... code-point offsets
  std::uint32_t sentence = 0;                  ///< index of the sentence
  std::string sentence_text;                   ///< the sentence, leading and trailing white space removed
};

/// A value entity, as the span overload of article_claims() takes it.
struct ClaimValueSpan {
  std::uint32_t begin = 0, end = 0;  ///< UTF-8 offsets into the text
  std::string label;
  std::string text;
  std::string value;  ///< normalised value as JSON text; "" when none
};

/// A named-entity mention, as the span overload of article_claims() takes it.
struct ClaimNameSpan {
  std::uint32_t begin = 0, end = 0;  ///< UTF-8 offsets into the text
  std::string label;
  std::int32_t cluster = -1;  ///< within-article cluster; -1: none (never a subject)
  bool in_boilerplate = false;
};

/// The claims of one analysed article: the values are the Doc's entities outside boilerplate
/// (by their first token), the names ArticleAnalysis::mentions, sentences and paragraphs the
/// Doc's. requires: `analysis` was computed from `doc` (Analyzer::analyze).
std::vector<Claim> article_claims(const Doc& doc, const ArticleAnalysis& analysis);

/// The same rules over plain spans: `sentences` and `paragraphs` are [begin, end) UTF-8
/// offsets into `text`, in text order; `values` and `names` in any order (values with other
/// labels are ignored). Claim::entity and Claim::mention index `values` and `names`;
/// char offsets are counted in `text`.
std::vector<Claim> article_claims(std::string_view text,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sentences,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& paragraphs,
                                  const std::vector<ClaimValueSpan>& values, const std::vector<ClaimNameSpan>& names);

/// Whether the values (label_a, value_a) and (label_b, value_b) cannot both be true; values
/// are JSON text as in Entity::value.
bool conflicts(std::string_view label_a, std::string_view value_a, std::string_view label_b, std::string_view value_b);

}  // namespace byline
