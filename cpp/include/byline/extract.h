// byline/extract.h — the records of `byline extract`, written in C++: one JSON Lines
// record per article (schema byline.extract/1, docs/schema.md) or CSV rows of the
// mention and article tables, made on the pipeline's worker threads.
//
//   std::vector<byline::ExtractItem> items = ...;          // text + where it came from
//   byline::ExtractOptions options;                          // format kJsonl / kCsv
//   auto out = byline::extract_batch(*nlp, items, options, /*num_threads=*/0);
//   for (const auto& o : out) std::cout << o.record;         // "" for an item that failed (o.error)
//
// THREAD SAFETY: the functions are pure; extract_batch runs the pipeline on its own
// threads.
#pragma once

#include <cstddef>
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
};

/// The byline.extract/1 record of a processed article as one JSON line ending in '\n':
/// {"schema", "article_id", "input", "title", "date", "url", "source", "chars", "tokens",
/// "sentences", "error": null, "entities": [{"start", "end", "text", "label", "source",
/// "score", "value", "sentence"}]}. Offsets are code points; "value" is the entity's
/// normalised value as nested JSON (or null); "sentence" the index of the sentence of
/// its first token. `src.date` is the document date used (may be null).
std::string extract_record(const Doc& doc, const ExtractSource& src);
/// The record of an input that could not be processed: counts 0, no entities, `error`.
std::string extract_error_record(const ExtractSource& src, std::string_view error);

/// CSV (RFC 4180; fields quoted when they hold a comma, a quote or a line break; null
/// is an empty field). Unless `raw`, a text cell starting with = + - @ TAB or CR gets
/// a leading ' so that spreadsheets show it as text (OWASP "CSV injection").
/// The mention table: article_id,start,end,text,label,source,score,value,sentence
/// ("value" as compact JSON text).
std::string mention_csv_header();
void append_mention_csv(std::string& out, const Doc& doc, const std::optional<std::string>& article_id, bool raw);
/// The article table: article_id,title,date,url,source,chars,tokens,sentences,entities,error.
/// `doc` null: an input that failed with `error`.
std::string article_csv_header();
void append_article_csv(std::string& out, const Doc* doc, const ExtractSource& src, std::string_view error, bool raw);

/// One input of extract_batch.
struct ExtractItem {
  std::string_view text;  ///< must stay valid during the call
  ExtractSource source;   ///< source.date anchors relative dates (DocOptions::date)
};

enum class ExtractFormat {
  kJsonl,  ///< record: extract_record / extract_error_record
  kCsv,    ///< record: mention rows; article_row: the article table row
};

struct ExtractOptions {
  ExtractFormat format = ExtractFormat::kJsonl;
  bool csv_raw = false;
};

/// The output of one item.
struct ExtractOutput {
  std::string record;       ///< JSON line(s) or CSV mention rows; the error record for a failed item (JSON Lines)
  std::string article_row;  ///< CSV format: the article table row
  std::string error;        ///< empty, or why the item failed (a byline::Error message)
  std::size_t tokens = 0, entities = 0;
};

/// Processes `items` with `pipeline` on `num_threads` threads (0 = all cores) and formats
/// each result, in input order. An item that fails (invalid UTF-8 under the strict
/// policy, a bad date) gets its error and, for JSON Lines, its error record; the others
/// are unaffected.
std::vector<ExtractOutput> extract_batch(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                         const ExtractOptions& options = {}, int num_threads = 0);

}  // namespace byline
