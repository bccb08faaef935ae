// byline/jsonl.h — news articles from JSON Lines: one JSON object per line.
//
//   std::ifstream in("feed.jsonl", std::ios::binary);
//   byline::JsonlOptions opts;
//   opts.fields.text = "body";                   // input key of each article attribute
//   opts.skip_bad_lines = true;                  // recovery mode: skip and report bad lines
//   byline::JsonlReader reader(in, opts);
//   byline::ArticleRecord rec;
//   while (reader.next(rec)) std::cout << rec.line << " " << rec.text.size() << "\n";
//   for (const auto& p : reader.skipped()) std::cerr << p.message << "\n";  // "line 7 is not valid JSON: ..."
//
//   // or one line at a time (the Python reader byline.read_jsonl does this):
//   std::optional<byline::ArticleRecord> r = byline::parse_article_line(R"({"text": "Hi."})", {}, 1);
//   // keeping an article with invalid UTF-8 or "\ud800" in it (U+FFFD instead; r->utf8_replaced)
//   r = byline::parse_article_line(line, {}, 2, byline::Utf8Policy::kReplace);
//
// A line is parsed as a JSON object (RFC 8259: no NaN/Infinity, no lone surrogate
// escapes, UTF-8 only; a duplicated key keeps its last value). Under Utf8Policy::kReplace
// each maximal invalid UTF-8 subsequence of the line (as the tokenizer replaces them) and
// each lone surrogate escape in a string ("\ud800", "\udc00" not after a high surrogate)
// becomes U+FFFD first, so only a line that is still no valid JSON fails. The text field is
// required and must be a JSON string. The metadata fields (id, title, url, source,
// published, language) are optional: a missing or null value is absent, a string is
// taken as is, any other value as its compact JSON text (12, true, [1,2]) with
// RecordValue::is_string false, except for the date (published), which must be a
// string (no other JSON value is a date: FormatError). Other keys are ignored. A blank line (only spaces,
// tabs, CR) is skipped. Lines end at '\n'; a trailing '\r' is part of the blank space.
//
// Errors name the 1-based line number and the problem:
//   EncodingError (an InputError)  "line 3: not valid UTF-8 (byte 17 of the line)",
//                                  "line 3: lone surrogate escape \ud800 (byte 10 of the line)
//                                  is not valid Unicode" (Utf8Policy::kStrict only)
//   FormatError                    "line 3 is not valid JSON: ...", "line 3 is not a JSON
//                                  object", "line 3: missing text field 'text'",
//                                  "line 3: text field 'text' must be a string, not number",
//                                  "line 3: date field 'published' must be a string, not boolean"
// In the recovery mode (skip_bad_lines) such lines are skipped and recorded in
// JsonlReader::skipped() instead; reading the stream itself failing still throws InputError.
//
// THREAD SAFETY: parse_article_line is pure. A JsonlReader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/tokenizer.h"

namespace byline {

/// Input key of each article attribute.
struct ArticleFields {
  std::string text = "text";
  std::string id = "id";
  std::string title = "title";
  std::string url = "url";
  std::string source = "source";
  /// The date's key. With the default, a record without "published" that has a "date"
  /// key (and no other field named "date") is read from "date".
  std::string published = "published";
  std::string language = "language";
};

/// One metadata value: a JSON string, or the compact JSON text of another value.
struct RecordValue {
  std::string value;
  bool is_string = true;
  bool operator==(const RecordValue& o) const { return value == o.value && is_string == o.is_string; }
};

/// One article of a JSON Lines input.
struct ArticleRecord {
  std::size_t line = 0;  ///< 1-based line number
  std::string text;
  std::optional<RecordValue> id, title, url, source, published, language;
  /// The key `published` was read from: ArticleFields::published, or "date" for a record
  /// without that key (empty when there is no date).
  std::string published_key;
  /// Utf8Policy::kReplace put U+FFFD into the text (not only into other fields).
  bool utf8_replaced = false;
};

/// Parses one line into a record. Returns nullopt for a blank line. `line_number`
/// (1-based) is stored in the record and named in errors. `utf8`: invalid UTF-8 and lone
/// surrogate escapes are an EncodingError (kStrict) or become U+FFFD (kReplace). Throws
/// EncodingError or FormatError as described above.
std::optional<ArticleRecord> parse_article_line(std::string_view line, const ArticleFields& fields,
                                                std::size_t line_number, Utf8Policy utf8 = Utf8Policy::kStrict);

struct JsonlOptions {
  ArticleFields fields;
  /// Recovery mode: skip bad lines (recorded in JsonlReader::skipped()) instead of throwing.
  bool skip_bad_lines = false;
  /// Invalid UTF-8 and lone surrogate escapes: an error (kStrict) or U+FFFD (kReplace).
  Utf8Policy utf8 = Utf8Policy::kStrict;
};

/// A line skipped in the recovery mode.
struct JsonlProblem {
  std::size_t line = 0;
  std::string message;  ///< the message the strict mode would have thrown
};

/// Streaming reader over an std::istream (which must outlive it).
class JsonlReader {
 public:
  JsonlReader(std::istream& in, JsonlOptions options);
  /// Reads the next article into `out`; false at the end of the stream. Throws
  /// EncodingError / FormatError for a bad line (unless skip_bad_lines), InputError
  /// when the stream fails.
  bool next(ArticleRecord& out);
  /// Lines skipped so far in the recovery mode, in order.
  const std::vector<JsonlProblem>& skipped() const noexcept { return skipped_; }
  /// Number of lines read so far (including blank and skipped ones).
  std::size_t lines_read() const noexcept { return line_; }

 private:
  std::istream& in_;
  JsonlOptions options_;
  std::vector<JsonlProblem> skipped_;
  std::string buf_;
  std::size_t line_ = 0;
};

}  // namespace byline
