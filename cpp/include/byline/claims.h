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
// A claim is one (subject entity, predicate, value) of a clause. Without a parser, words are
// runs of ASCII letters or digits and the punctuation that ends clauses; a word names an
// event class (predicate_classes()) when it starts with one of its stems and with none of a
// few exceptions ("according", "significant", "electric", "investigation", ...), and it is
// no predicate word inside a name mention or a value entity ("Metro Bank", "Lagos").
//   * values: the DATE, TIME, MONEY, PERCENT, QUANTITY and CARDINAL entities with a
//     normalised value; bare CARDINALs below 10 ("two countries") are left out, and so are
//     entities in boilerplate (the Doc overload) and the base of a rank ("out of 83", "of
//     180 countries" and "among 63" after an ordinal). An ORDINAL is a value only as a rank:
//     within four words after a "rank" word ("ranks 31st") or before "place"/"position"/"spot";
//   * clauses: a sentence is cut before ";", parentheses and spaced dashes, before "while",
//     "whereas", "but", "although", "though", "yet", before ", and" and a comma followed by a
//     participle (", ending ..."), before "and"/"or" + a name + a lower-case word after a
//     clause ("... and BP cut 500"), around "according to X" (an attribution: up to its comma,
//     else to the end of its first name; its words name no event, its names are no
//     subject), before "that" within 8 words after a speech verb (said, told, found,
//     estimated, announced, reported, ...) or right after a speech verb that names no event,
//     and before a ", X said" tail (a comma at most 6 words back, at most 3 words after it);
//   * subject: per clause, its first PERSON mention, else its first ORG or GPE mention that
//     starts before the clause's first value entity (any value label but ORDINAL), else a
//     NORP mention there, else the agent of a passive ("approved by Pfizer"); a clause
//     without one takes the subject of the clause before it, the first clause that of the
//     sentence before when it was found (or carried) in the same or the previous paragraph
//     ("Putin has tasked the government ... The announcement, published on January 1, ..."
//     is about Putin). Only mentions with a cluster, outside boilerplate and not glued to a
//     hyphen ("UK-based", "Kremlin-backed", "pro-Russia") count. A value in "according to"
//     takes the subject of the clause the attribution opens;
//   * predicate: the predicate word that governs the value, searched at most 40 words away
//     in its clause: an amount (not a date) after "by"/"to"/"from" takes the nearest rise or
//     fall word before it ("cut its budget by 4%"); else its head noun, a predicate word
//     among the two words right after it ("$5bn investment", "40 jobs"; with no head noun
//     and no verb before, also after "in"/"of": "$550 billion in new spending"), when no
//     predicate word comes before it or the one before is an "announce" word ("announced
//     a $5bn investment"), a "population" head ("14 people were killed") giving way to the
//     next predicate word within four words; else the nearest predicate word before it in
//     its clause and after its subject, passing over the head noun of another value ("cut
//     300 jobs in 2023" is "fall") unless only an "announce" word is left; else the first
//     predicate word after it in its clause (past a comma only when the value comes before
//     the subject or follows only function words: "In 2023, it launched ..."). A value in
//     "according to" ("according to a December 30 post, Putin instructed") takes the first
//     predicate word of the next clause. Predicate words joined by "and"/"or" to the chosen
//     one all apply ("announced and launched"); a value is claimed once per class that
//     applies, or once with no predicate ("").
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
#include <memory>
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

/// Names of the classes the words of `text` name, in predicate_classes() order (the stems
/// and their exceptions, as article_claims() reads them; any word, names included).
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
  /// The sentence, leading and trailing white space removed; one string shared by the claims
  /// of a sentence (never null in a claim article_claims() makes).
  std::shared_ptr<const std::string> sentence_text;
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
