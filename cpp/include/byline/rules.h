// byline/rules.h — rule-based entities of the news schema: numbers, money,
// percentages, quantities, dates and times with normalised values; phrase lists
// (gazetteers); user token patterns; and the merge policy that reconciles them with
// the statistical model.
//
//   byline::Tokenizer tok;
//   byline::Doc doc = tok.tokenize("On January 1, 2025, Russian President Vladimir Putin ...");
//   doc.set_meta("date", "2025-01-02");            // optional anchor for relative dates
//
//   // Everything at once (built-in gazetteers from a resource directory):
//   byline::RulerOptions opts;
//   opts.resource_dir = "models/en_news/gazetteers";    // GPE / LOC / NORP / title lists
//   opts.patterns_json = R"([{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]}])";
//   auto ruler = byline::EntityRuler::create(opts);
//   ner->annotate(doc);                            // optional: model entities (kModel)
//   ruler->annotate(doc);                          // adds rule entities, then resolves overlaps
//   for (const auto& e : doc.entities()) std::cout << e.label << " " << e.value << "\n";
//   //  DATE {"2025-01-01"}  NORP "Russian"  PERSON "Vladimir Putin" ...
//
//   // Or the pieces on their own (each returns candidate entities, overlaps allowed):
//   auto nums = byline::find_numeric_entities(doc);     // CARDINAL ORDINAL PERCENT MONEY QUANTITY
//   auto dates = byline::find_temporal_entities(doc);   // DATE TIME (anchor: meta "date")
//   byline::PhraseMatcher places = byline::PhraseMatcher::from_file("gpe.txt", {});
//   byline::TokenMatcher user = byline::TokenMatcher::from_json(json);
//   std::vector<byline::Entity> all = ...;
//   byline::resolve_overlaps(all);                      // the merge policy below
//
// Spans are token ranges of the Doc; labels follow OntoNotes 5 (docs/entities.md).
// Normalised values (Entity::value) are JSON text:
//   CARDINAL 1400000000          ORDINAL 31           PERCENT 15
//   MONEY {"amount":5000000000,"currency":"USD"}      QUANTITY {"amount":3,"unit":"km"}
//   DATE/TIME {"timex":"2025-01-01","kind":"point","start":…,"end":…,"anchor":"text"}: timex
//   "2025-01-01" | "2025-04" | "2025" | "XXXX-12-30" | "20" (century) |
//        "P34M" | "P6M/P9M" (duration range) | "2024-12-30" (resolved relative date)
//   TIME "T15:00"
//
// MERGE POLICY (resolve_overlaps): first, a gazetteer match with the same extent as a
// model entity is dropped unless it may relabel it: GPE <-> LOC for a model place,
// NORP for a model MISC/NORP; a model PERSON or ORG keeps its label ("Washington" the
// person, a team named after its city). Then entities are ranked by
//   1. source kUser first (user patterns and lists always win);
//   2. then the longer span (in tokens);
//   3. then source priority kPattern > kGazetteer > kModel;
//   4. then the earlier start, then the label name, then the order given.
// The best-ranked entity is kept, every entity overlapping a kept one is dropped,
// and the survivors come back sorted by start. Before ranking, span conventions are
// applied to every entity: a trailing possessive (’s 's ’ ') is removed; leading
// titles ("President", "Mr.", "Prime Minister") are removed from PERSON spans, and a
// leading nationality word when a title or two name tokens follow it — so "Russian
// President Vladimir Putin" becomes NORP "Russian" + PERSON "Vladimir Putin" while
// "Christian Blanc" stays one PERSON. Phrase (gazetteer) matches never cross a
// sentence break.
//
// Errors: bad pattern JSON, unknown keys or operators -> ConfigError naming the
// problem and the pattern index; an unreadable built-in list (resource_dir) ->
// ModelError; an unreadable or malformed user list or phrase -> ConfigError naming the
// file and line. Matching never throws on any Doc (total).
//
// THREAD SAFETY: PhraseMatcher, TokenMatcher and EntityRuler are immutable after
// construction; their const methods may be called from many threads at once on
// different Docs. The free functions are pure (they only read the Doc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"

namespace byline {

// ---------------------------------------------------------------- recognisers

/// A calendar date used to resolve relative and year-less dates.
struct DateAnchor {
  int year = 0;   ///< 0 = no anchor
  int month = 0;  ///< 1..12
  int day = 0;    ///< 1..31
  bool valid() const noexcept { return year > 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31; }
  /// The day of a document date written as ISO 8601 / RFC 3339 ("2025-01-02",
  /// "2025-01-02T10:00:00Z", "2025-01-02 10:00:00.5+01:00": a date, optionally "T" or a
  /// space and a time of day with an optional zone) or RFC 2822 as in e-mail and RSS
  /// ("Thu, 02 Jan 2025 10:00:00 GMT", "2 Jan 2025"): the date as written, the zone
  /// ignored. Blanks around the text are ignored; anything else (another format, text
  /// after the date or time, a day the calendar does not have, an RFC 2822 weekday that
  /// is not the date's: "Mon, 02 Jan 2025") -> !valid().
  static DateAnchor parse(std::string_view text) noexcept;
  /// Why parse(text) is not valid, for an error message: "" when it is valid,
  /// "2025-01-02 is a Thursday, not a Monday" for a weekday that contradicts the date,
  /// else the forms parse() reads.
  static std::string parse_error(std::string_view text);
};

/// CARDINAL, ORDINAL, PERCENT, MONEY, QUANTITY candidates (source kPattern) from
/// digits ("1,000.5", "5bn", "31st") and number words ("six", "twenty-five",
/// "1.4 billion"). Four-digit years are left to the DATE recogniser.
std::vector<Entity> find_numeric_entities(const Doc& doc);

/// DATE and TIME candidates (source kPattern). `anchor` resolves relative and
/// year-less dates; when it is not valid, the Doc's meta "date" is used if present.
std::vector<Entity> find_temporal_entities(const Doc& doc, DateAnchor anchor = {});

/// The article's own date as its text states it (docs/entities.md, "Document date"): a
/// "Published …"/"Updated …"/"Posted …"/"Date:" line, a dateline ("MOSCOW, Jan. 2, 2025
/// (Reuters) -"), or a line that is a date, within the first paragraphs (a Published or
/// Updated line also in the last ones); the first full date (day, month and year) wins in
/// that order of kinds. `date` is "yyyy-mm-dd" or "" when none; `how` says which kind
/// ("published line", "dateline", "date line"). Linear in the tokens it reads (at most
/// the first 300 and last 100).
struct DocumentDate {
  std::string date;
  std::string how;
};
DocumentDate find_document_date(const Doc& doc);

// ---------------------------------------------------------------- phrase lists

struct PhraseMatcherOptions {
  /// Match case-insensitively (Unicode simple lower-casing). Default: exact case.
  bool fold_case = false;
  /// Source given to the matches.
  EntitySource source = EntitySource::kGazetteer;
};

/// One entry of a phrase list.
struct Phrase {
  std::string label;  ///< e.g. "GPE"
  std::string text;   ///< the phrase; tokenized with the default Tokenizer
  std::string value;  ///< optional JSON value given to matches (e.g. {"country":"RU"})
};

/// Parses a phrase list, the one format of gazetteers and user lists: one entry per line,
/// "LABEL<TAB>phrase[<TAB>json value]"; label, phrase and value are trimmed of spaces;
/// blank lines and lines whose first non-blank character is '#' are skipped. A line
/// without a tab, with more than two, with an empty label or phrase, or with a value
/// that is not JSON is a ConfigError naming its number.
std::vector<Phrase> parse_phrase_list(std::string_view contents);
/// parse_phrase_list of a file (a regular file of at most 256 MiB); a file that cannot
/// be read is a ConfigError too, and every message names the path.
std::vector<Phrase> read_phrase_list(const std::string& path);

/// Longest-match phrase matcher over token sequences (a token trie, looked up by
/// token text without allocation). At every token the longest phrase starting there
/// wins and matching resumes after it; when one phrase has several labels the first
/// added wins.
class PhraseMatcher {
 public:
  PhraseMatcher(const std::vector<Phrase>& phrases, PhraseMatcherOptions options);
  /// Reads a list file (read_phrase_list: ConfigError naming the path and line).
  /// Every phrase needs a label and a text; a value must be empty or JSON (ConfigError).
  static PhraseMatcher from_file(const std::string& path, PhraseMatcherOptions options);
  /// Same from the file contents.
  static PhraseMatcher from_string(std::string_view contents, PhraseMatcherOptions options);

  ~PhraseMatcher();
  PhraseMatcher(PhraseMatcher&&) noexcept;
  PhraseMatcher& operator=(PhraseMatcher&&) noexcept;
  PhraseMatcher(const PhraseMatcher&) = delete;
  PhraseMatcher& operator=(const PhraseMatcher&) = delete;

  std::size_t size() const noexcept;        ///< number of distinct phrases
  std::vector<std::string> labels() const;  ///< labels of the phrases, sorted, unique
  std::vector<Entity> find(const Doc& doc) const;
  /// Length in tokens of the longest phrase with `label` (any label when empty)
  /// starting at token `i`; 0 when none or when i is out of range.
  std::uint32_t match_at(const Doc& doc, std::uint32_t i, std::string_view label) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------- token patterns

/// Token patterns in the spirit of spaCy's Matcher / EntityRuler, defined in JSON:
///
///   [{"label": "PRODUCT", "pattern": [{"lower": "gigachat"}]},
///    {"label": "ORG", "pattern": "Tortoise Media"},                  // phrase
///    {"label": "MONEY", "id": "rub", "pattern": [{"is_digit": true}, {"lower": {"in": ["rub", "roubles"]}}]},
///    {"label": "LAW", "pattern": [{"text": "Article"}, {"shape": "d", "op": "+"}]}]
///
/// The top level is an array of patterns or an object {"patterns": [...]}. Each
/// pattern has "label" (required), "pattern" (array of token specs, or a string
/// matched as a phrase of tokens), optional "id" and "value" (JSON given to
/// matches). Token spec keys: "text", "lower" (a string or {"in": [...]}),
/// "shape" (spaCy shape, e.g. "Xxxx", "dd", "X.X."), "is_digit", "is_alpha",
/// "is_upper", "is_title", "is_punct" (booleans), "regex" (ECMAScript, whole token),
/// "ent_type" (label of an entity already in the Doc covering the token),
/// "op" ("?", "*", "+", "!", "1"). Unknown keys -> ConfigError.
/// At each token the longest match of any pattern wins (ties: first pattern).
/// The text of a pattern file: a regular file of at most 256 MiB (a FIFO or device is
/// refused without reading). ConfigError naming the path when it cannot be read.
std::string read_pattern_file(const std::string& path);

class TokenMatcher {
 public:
  /// Throws ConfigError naming the problem (bad JSON, unknown key, bad operator,
  /// bad regex, empty pattern, a pattern that can match zero tokens).
  static TokenMatcher from_json(std::string_view json, EntitySource source = EntitySource::kUser);
  /// Reads a JSON file (read_pattern_file) and parses it as from_json.
  static TokenMatcher from_file(const std::string& path, EntitySource source = EntitySource::kUser);

  ~TokenMatcher();
  TokenMatcher(TokenMatcher&&) noexcept;
  TokenMatcher& operator=(TokenMatcher&&) noexcept;
  TokenMatcher(const TokenMatcher&) = delete;
  TokenMatcher& operator=(const TokenMatcher&) = delete;

  std::size_t size() const noexcept;        ///< number of patterns
  std::vector<std::string> labels() const;  ///< labels of the patterns, sorted, unique
  std::vector<Entity> find(const Doc& doc) const;

 private:
  TokenMatcher();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------- merge policy

/// Applies the span conventions (see MERGE POLICY above) and drops overlaps by the
/// merge policy. `titles` and `norp` (optional) recognise leading titles and
/// nationality words in PERSON spans; without them a small built-in title list is
/// used and no nationality is split off. Returns entities sorted by start, none
/// overlapping, none empty. NORP entities split off PERSON spans are added with
/// source kGazetteer.
std::vector<Entity> resolve_overlaps(std::vector<Entity> entities, const Doc& doc,
                                     const PhraseMatcher* titles = nullptr, const PhraseMatcher* norp = nullptr);

/// Replaces the Doc's entities with resolve_overlaps(doc.entities(), doc).
void resolve_doc_entities(Doc& doc);

// ---------------------------------------------------------------- all together

struct RulerOptions {
  bool numbers = true;  ///< CARDINAL ORDINAL PERCENT MONEY QUANTITY
  bool dates = true;    ///< DATE TIME
  /// Directory with the built-in lists gpe.txt, loc.txt, norp.txt, titles.txt and the
  /// optional not_names.txt (model entities of exactly such a phrase, "AI", "CEO", are
  /// dropped) (shipped in models/en_news/gazetteers/). Empty: no gazetteer; a missing file
  /// other than not_names.txt -> ModelError.
  std::string resource_dir;
  /// The built-in lists given in memory instead of `resource_dir`: file name
  /// ("gpe.txt", "loc.txt", "norp.txt", "titles.txt", optional "not_names.txt") ->
  /// contents. Giving both is a ConfigError; so is an unknown name or a missing list.
  std::map<std::string, std::string> resources;
  /// Extra phrase-list files ("LABEL<TAB>phrase" lines), matched with source kUser.
  std::vector<std::string> user_lists;
  /// Extra phrase lists given in memory: (name used in messages, contents), as user_lists.
  std::vector<std::pair<std::string, std::string>> user_list_texts;
  /// Extra phrases given in memory, matched with source kUser.
  std::vector<Phrase> user_phrases;
  /// Case-insensitive matching for user_lists and user_phrases.
  bool user_lists_fold_case = false;
  /// User token patterns (TokenMatcher JSON), matched with source kUser.
  std::string patterns_json;
  /// Anchor date; when invalid, the Doc's meta "date" is used if present.
  DateAnchor anchor;
};

/// `options` with every file read into memory: the lists of `resource_dir` into
/// `resources`, the `user_lists` into `user_list_texts` (both paths then empty). Throws
/// as EntityRuler::create does for unreadable files.
RulerOptions read_ruler_files(const RulerOptions& options);

/// The rule stage of the pipeline: recognisers + gazetteers + user patterns, merged
/// with whatever entities the Doc already has (e.g. from EntityRecognizer) by the
/// merge policy.
class EntityRuler {
 public:
  /// Throws ConfigError / ModelError as the parts do.
  static std::shared_ptr<const EntityRuler> create(const RulerOptions& options);
  ~EntityRuler();
  EntityRuler(const EntityRuler&) = delete;
  EntityRuler& operator=(const EntityRuler&) = delete;

  /// All rule candidates for `doc` (no merging).
  std::vector<Entity> find(const Doc& doc) const;
  /// Adds the rule candidates to the Doc's entities and resolves overlaps.
  /// ensures: the Doc's entities are sorted by start and do not overlap.
  /// A Doc of over kWindowTokens tokens is annotated a window at a time (see below).
  void annotate(Doc& doc) const;
  /// annotate() with windows of `window_tokens` (0: the whole Doc at once). A Doc longer
  /// than that whose entities are sorted by start is cut into windows of at most
  /// `window_tokens` tokens, at sentence starts where a sentence ends within the last
  /// half of a window; each window is annotated with kWindowContext tokens of context on
  /// either side (widened to whole sentences when they end near) and keeps the entities
  /// that start in it, so the working memory is that of one window whatever the length.
  /// The rules never cross a sentence: the entities are those of the whole Doc at once
  /// when the windows end at sentence starts, and away from the cuts otherwise.
  void annotate(Doc& doc, std::size_t window_tokens) const;
  static constexpr std::size_t kWindowTokens = std::size_t{1} << 16;
  static constexpr std::size_t kWindowContext = 256;
  /// Built-in labels this ruler can produce (labels of user lists and patterns are
  /// not included: see user_labels()).
  std::vector<std::string> labels() const;
  /// Labels of the user patterns, phrase lists and phrases, sorted, unique.
  std::vector<std::string> user_labels() const;
  /// The options this ruler was made from, with every file read into memory:
  /// `resources` holds the built-in lists and `user_list_texts` the user lists, while
  /// `resource_dir` and `user_lists` are empty. create() of these options makes an
  /// equal ruler without touching the file system (Pipeline::to_bytes uses it).
  const RulerOptions& options() const noexcept;

  struct Impl;
  explicit EntityRuler(std::unique_ptr<Impl> impl);

 private:
  void annotate_whole(Doc& doc) const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
