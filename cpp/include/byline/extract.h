// byline/extract.h — the records of `byline extract`, written in C++: one JSON Lines
// record per article (schema byline.extract/1, docs/schema.md) or CSV rows of the
// mention and article tables, made on the pipeline's worker threads.
//
//   std::vector<byline::ExtractItem> items = ...;          // text + where it came from
//   byline::ExtractOptions options;                          // format kJsonl / kCsv
//   auto out = byline::extract_batch(*nlp, items, options, /*num_threads=*/0);
//   for (auto& o : out)                                      // o.error: "" or why the item failed
//     if (o.parts)                                           // a long record, a part at a time
//       for (std::string part; o.parts->next(part, 1 << 22); part.clear()) std::cout << part;
//     else
//       std::cout << o.record;
//
// THREAD SAFETY: the functions are pure; extract_batch runs the pipeline on its own
// threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"
#include "byline/pipeline.h"

namespace byline {

/// Name and version of the JSON Lines record.
inline constexpr const char* kExtractSchema = "byline.extract/1";

/// What is known of one input besides its text.
struct ExtractSource {
  std::string input;  ///< where it came from ("news.jsonl:12", "a.txt", "stdin")
  std::optional<std::string> id, title, date, url, source;
  /// Where `date` came from ("html", "field", "argument"); "argument" when null.
  std::optional<std::string> date_source;
};

/// The byline.extract/1 record of a processed article as one JSON line ending in '\n':
/// {"schema", "article_id", "input", "title", "date", "date_source", "url", "source",
/// "chars", "tokens", "sentences", "utf8_replaced", "error": null, "entities": [{"start",
/// "end", "text", "label", "source", "score", "value", "sentence"}]}. "utf8_replaced" is
/// doc.utf8_replaced(): invalid UTF-8 in the input became U+FFFD. Offsets are code points; "value" is
/// the entity's normalised value as nested JSON (or null); "sentence" the index of the
/// sentence of its first token. "date" is the document date the pipeline used (the Doc's
/// meta "date": given, or found in the text; else `src.date`; may be null) and
/// "date_source" where it came from (meta "date_source": "argument", "html", "field",
/// "text"; null without a date).
std::string extract_record(const Doc& doc, const ExtractSource& src);
/// The record of an input that could not be processed: counts 0, utf8_replaced false, no
/// entities, `error`.
std::string extract_error_record(const ExtractSource& src, std::string_view error);

/// CSV (RFC 4180; fields quoted when they hold a comma, a quote or a line break; null
/// is an empty field). Unless `raw`, a text cell starting with = + - @ TAB or CR gets
/// a leading ' so that spreadsheets show it as text (OWASP "CSV injection"); the value
/// column is JSON and is written as it is.
/// The mention table: article_id,start,end,text,label,source,score,value,sentence
/// ("value" as compact JSON text).
std::string mention_csv_header();
void append_mention_csv(std::string& out, const Doc& doc, const std::optional<std::string>& article_id, bool raw);
/// The article table: article_id,input,title,date,url,source,chars,tokens,sentences,entities,
/// utf8_replaced,error (utf8_replaced: true or false, as in the JSON record).
/// `doc` null: an input that failed with `error` (utf8_replaced false).
std::string article_csv_header();
void append_article_csv(std::string& out, const Doc* doc, const ExtractSource& src, std::string_view error, bool raw);

/// A string column in Arrow's large_string layout: int64 offsets (rows + 1) into the
/// UTF-8 bytes, and one validity byte per row (0: null).
struct StringColumn {
  std::vector<std::int64_t> offsets{0};
  std::string data;
  std::vector<std::uint8_t> valid;
  std::size_t size() const noexcept { return valid.size(); }
  void push(std::string_view s);
  void push(const std::optional<std::string>& s);
  void push_null();
  void append(const StringColumn& other);
};

/// A numeric column with one validity byte per row (0: null).
template <class T>
struct NumberColumn {
  std::vector<T> values;
  std::vector<std::uint8_t> valid;
  void push(T v) {
    values.push_back(v);
    valid.push_back(1);
  }
  void push_null() {
    values.push_back(T{});
    valid.push_back(0);
  }
  void append(const NumberColumn& other) {
    values.insert(values.end(), other.values.begin(), other.values.end());
    valid.insert(valid.end(), other.valid.begin(), other.valid.end());
  }
};

/// The mention table as columns (Parquet output): the CSV columns, with the value typed
/// instead of JSON text (docs/schema.md, "Parquet"): value_string (a string value; the
/// TIMEX3 text of DATE/TIME), value_number (a bare number; "value" or "amount" of an
/// object), value_min/value_max (bounds and ranges), value_approx, value_open ("above" |
/// "below"), value_inclusive, value_currency, value_unit, value_country, value_kind /
/// value_start / value_end / value_anchor / value_zone / value_fiscal (DATE/TIME), and value_other (compact JSON of
/// any other value, e.g. a user pattern's); value_valid is 0 for an entity without a value.
struct MentionColumns {
  StringColumn article_id, text, label, source;
  NumberColumn<std::int64_t> start, end, sentence;
  NumberColumn<double> score;
  std::vector<std::uint8_t> value_valid;
  StringColumn value_string, value_open, value_currency, value_unit, value_country, value_kind, value_start, value_end,
      value_anchor, value_zone, value_other;
  NumberColumn<double> value_number, value_min, value_max;
  NumberColumn<std::uint8_t> value_approx, value_inclusive, value_fiscal;  ///< booleans (0/1)
  std::size_t size() const noexcept { return value_valid.size(); }
  void append(const MentionColumns& other);
};
void append_mention_columns(MentionColumns& out, const Doc& doc, const std::optional<std::string>& article_id);

/// The article table as columns (Parquet output), the columns of article_csv_header().
struct ArticleColumns {
  StringColumn article_id, input, title, date, url, source, error;
  NumberColumn<std::int64_t> chars, tokens, sentences, entities;
  NumberColumn<std::uint8_t> utf8_replaced;  ///< boolean (0/1)
  std::size_t size() const noexcept { return chars.valid.size(); }
  void append(const ArticleColumns& other);
};
void append_article_columns(ArticleColumns& out, const Doc* doc, const ExtractSource& src, std::string_view error);

enum class ExtractFormat {
  kJsonl,    ///< record: extract_record / extract_error_record
  kCsv,      ///< record: mention rows; article_row: the article table row
  kColumns,  ///< mentions, article: the rows as columns (Parquet)
};

/// The record of a processed article (extract_record), its mention rows
/// (append_mention_csv) or its mention columns (append_mention_columns), made a part at a
/// time from the Doc it holds, so that the output of a long text is never in memory whole:
///
///   byline::RecordParts parts(std::move(doc), source, byline::ExtractFormat::kJsonl);
///   for (std::string part; parts.next(part, 1 << 22); part.clear()) out << part;
///
/// The parts joined are the record (rows, columns) byte for byte; a text part ends
/// between two mentions. A moved-from RecordParts may only be destroyed or assigned to.
/// THREAD SAFETY: one thread at a time.
class RecordParts {
 public:
  /// `csv_raw` as for append_mention_csv.
  RecordParts(Doc doc, ExtractSource source, ExtractFormat format, bool csv_raw = false);
  RecordParts(RecordParts&&) noexcept;
  RecordParts& operator=(RecordParts&&) noexcept;
  ~RecordParts();
  ExtractFormat format() const noexcept;
  /// kJsonl, kCsv: appends the next part to `out`: mentions until `bytes` bytes or more
  /// are appended (one at least) or the record ends. False when the record has been given whole.
  /// std::invalid_argument for kColumns.
  bool next(std::string& out, std::size_t bytes);
  /// kColumns: appends the next `rows` mention rows (one at least; fewer at the end) to `out`. False
  /// when every row has been given (none appended). std::invalid_argument otherwise.
  bool next(MentionColumns& out, std::size_t rows);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Entities of a Doc beyond which extract_batch gives its record, mention rows or mention
/// columns as RecordParts (about 150 bytes of JSON per entity).
inline constexpr std::size_t kRecordPartsEntities = std::size_t{1} << 16;

/// One input of extract_batch.
struct ExtractItem {
  std::string_view text;  ///< must stay valid during the call
  ExtractSource source;   ///< source.date anchors relative dates (DocOptions::date)
  /// Non-empty: the input could not be read; it is not processed and gets this error
  /// (its error record or article row), so that every input keeps its place.
  std::string error;
  /// The reader already replaced invalid UTF-8 in `text` by U+FFFD (its Doc gets
  /// utf8_replaced, as if the pipeline had replaced it).
  bool utf8_replaced = false;
};

struct ExtractOptions {
  ExtractFormat format = ExtractFormat::kJsonl;
  bool csv_raw = false;
};

/// The output of one item.
struct ExtractOutput {
  std::string record;  ///< JSON line(s) or CSV mention rows; the error record for a failed item (JSON Lines)
  /// Instead of `record` (kColumns: `mentions`), for a Doc of over kRecordPartsEntities
  /// entities: the record, rows or columns made a part at a time (it holds the Doc).
  std::shared_ptr<RecordParts> parts;
  std::string article_row;  ///< CSV format: the article table row
  std::string error;        ///< empty, or why the item failed (a byline::Error message)
  std::size_t tokens = 0, entities = 0;
  MentionColumns mentions;  ///< kColumns: the item's mention rows
  ArticleColumns article;   ///< kColumns: the item's article row
};

/// Processes `items` with `pipeline` on `num_threads` threads (0 = all cores) and formats
/// each result, in input order. An item that fails (invalid UTF-8 under the strict
/// policy, a bad date) gets its error and, for JSON Lines, its error record; the others
/// are unaffected. A Doc of over kRecordPartsEntities entities gets `parts` instead of
/// `record` or `mentions`.
std::vector<ExtractOutput> extract_batch(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                         const ExtractOptions& options = {}, int num_threads = 0);

/// extract_batch() in the kColumns format with the rows of the whole batch in one table:
/// the mention and article rows of every item go, in input order, to `mentions` and
/// `articles` (appended; the items' own `mentions` and `article` stay empty; a Doc of over
/// kRecordPartsEntities entities still gives its mention rows through `parts`). Each task
/// works on a run of consecutive items with one set of columns, so that a batch costs a
/// few column sets instead of one per item.
std::vector<ExtractOutput> extract_batch_columns(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                                 MentionColumns& mentions, ArticleColumns& articles,
                                                 int num_threads = 0);

}  // namespace byline
