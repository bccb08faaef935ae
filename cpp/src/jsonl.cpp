// JSON Lines article reader (byline/jsonl.h).
#include "byline/jsonl.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "byline/errors.h"
#include "internal/chars.h"
#include "internal/json_parse.h"
#include "internal/utf8.h"

namespace byline {

namespace {

std::string where(std::size_t line) { return "line " + std::to_string(line); }

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 10: " prefix (the line is ours), with the column kept at the end.
std::string json_problem(const nlohmann::json::exception& e) {
  std::string m = e.what();
  if (m.rfind("[json.exception.", 0) == 0) {
    std::size_t close = m.find("] ");
    if (close != std::string::npos) m.erase(0, close + 2);
  }
  std::size_t col = m.find("column ");
  std::size_t colon = col == std::string::npos ? std::string::npos : m.find(": ", col);
  if (colon != std::string::npos) {
    std::size_t num_end = m.find_first_not_of("0123456789", col + 7);
    std::string column = m.substr(col, num_end - col);
    m = m.substr(colon + 2) + " (" + column + ")";
  }
  return m;
}

// The value of the four hex digits at s[i] (-1: not four hex digits).
int hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return -1;
  unsigned v = 0;
  const char* end = s.data() + i + 4;
  const auto [p, ec] = std::from_chars(s.data() + i, end, v, 16);
  return ec == std::errc() && p == end ? static_cast<int>(v) : -1;
}

// The lone surrogate escapes of the JSON strings in `s` (a \uD800-\uDBFF not followed by
// a \uDC00-\uDFFF escape, or a \uDC00-\uDFFF not after one): returns the byte offset of
// the first (npos: none) and, when `out` is given, writes `s` with each of them replaced
// by `replacement`. Outside strings a backslash is no escape (nor valid JSON).
std::size_t lone_surrogate_escapes(std::string_view s, std::string* out = nullptr, std::string_view replacement = {}) {
  std::size_t first = std::string_view::npos, copied = 0, i = 0;
  bool in_string = false;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      in_string = !in_string;
      ++i;
      continue;
    }
    if (c != '\\' || !in_string) {
      ++i;
      continue;
    }
    const int cp = i + 1 < s.size() && s[i + 1] == 'u' ? hex4(s, i + 2) : -1;
    if (cp < 0xD800 || cp > 0xDFFF) {  // another escape (or a malformed one, which the parser reports)
      i += 2;
      continue;
    }
    if (cp <= 0xDBFF && i + 7 < s.size() && s[i + 6] == '\\' && s[i + 7] == 'u') {
      const int low = hex4(s, i + 8);
      if (low >= 0xDC00 && low <= 0xDFFF) {  // a pair: one code point
        i += 12;
        continue;
      }
    }
    if (first == std::string_view::npos) first = i;
    if (out == nullptr) return first;
    out->append(s.substr(copied, i - copied));
    out->append(replacement);
    i += 6;
    copied = i;
  }
  if (out != nullptr) out->append(s.substr(copied));
  return first;
}

// `line` with its invalid UTF-8 and lone surrogate escapes replaced: by `raw` (UTF-8) and
// `escape` (a JSON escape of the same character).
std::string repaired(std::string_view line, std::string_view raw, std::string_view escape) {
  const std::string valid = internal::replace_invalid_utf8(line, raw);
  std::string out;
  out.reserve(valid.size());
  lone_surrogate_escapes(valid, &out, escape);
  return out;
}

// The FormatError of the parse failure being handled (inside a catch block).
[[noreturn]] void rethrow_as_format_error(std::size_t line_number) {
  try {
    throw;
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(where(line_number) + " is not valid JSON: " + json_problem(e));
  } catch (const internal::JsonTooDeep& e) {
    throw FormatError(where(line_number) + " is not usable JSON: " + e.what());
  }
}

nlohmann::json parse_object(std::string_view text, std::size_t line_number) {
  try {
    return internal::parse_json(text);
  } catch (...) {
    rethrow_as_format_error(line_number);
  }
}

std::optional<RecordValue> meta_value(const nlohmann::json& obj, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return RecordValue{it->get<std::string>(), true};
  return RecordValue{it->dump(), false};
}

}  // namespace

std::optional<ArticleRecord> parse_article_line(std::string_view line, const ArticleFields& fields,
                                                std::size_t line_number, Utf8Policy utf8) {
  if (internal::is_blank(line)) return std::nullopt;
  const bool replace = utf8 == Utf8Policy::kReplace;
  const std::size_t bad = internal::find_invalid_utf8(line);
  if (bad != std::string_view::npos && !replace)
    throw EncodingError(where(line_number) + ": not valid UTF-8 (byte " + std::to_string(bad) + " of the line)", bad);
  // Invalid UTF-8 and lone surrogate escapes are looked for only in a line that needs it:
  // one with invalid bytes, or one the parser refuses at or after such an escape.
  bool fix = bad != std::string_view::npos;
  nlohmann::json obj;
  if (!fix) {
    try {
      obj = internal::parse_json(line);
    } catch (const nlohmann::json::parse_error& e) {
      const std::size_t lone = lone_surrogate_escapes(line);
      if (lone == std::string_view::npos || e.byte <= lone) rethrow_as_format_error(line_number);
      if (!replace)
        throw EncodingError(where(line_number) + ": lone surrogate escape " + std::string(line.substr(lone, 6)) +
                                " (byte " + std::to_string(lone) + " of the line) is not valid Unicode",
                            lone);
      fix = true;
    } catch (...) {
      rethrow_as_format_error(line_number);
    }
  }
  if (fix) obj = parse_object(repaired(line, "\xEF\xBF\xBD", "\\ufffd"), line_number);
  if (!obj.is_object()) throw FormatError(where(line_number) + " is not a JSON object");
  auto text = obj.find(fields.text);
  if (text == obj.end()) throw FormatError(where(line_number) + ": missing text field '" + fields.text + "'");
  if (!text->is_string())
    throw FormatError(where(line_number) + ": text field '" + fields.text + "' must be a string, not " +
                      text->type_name());
  // The date is read from `published`; a record without that key and with a `date` key
  // (no other field named "date") has its date there, as Article.from_dict reads it.
  const ArticleFields defaults;
  std::string published_key = fields.published;
  if (fields.published == defaults.published && !obj.contains(fields.published) && obj.contains("date") &&
      fields.text != "date" && fields.id != "date" && fields.title != "date" && fields.url != "date" &&
      fields.source != "date" && fields.language != "date")
    published_key = "date";
  auto date = obj.find(published_key);
  if (date != obj.end() && !date->is_null() && !date->is_string())
    throw FormatError(where(line_number) + ": date field '" + published_key + "' must be a string, not " +
                      date->type_name());
  ArticleRecord rec;
  rec.line = line_number;
  if (fix) {
    // Whether a U+FFFD went into the text: the line repaired with another character
    // (U+FFFF) gives another text exactly then (a U+FFFD of the input stays in both).
    const nlohmann::json other = parse_object(repaired(line, "\xEF\xBF\xBF", "\\uffff"), line_number);
    auto other_text = other.find(fields.text);
    rec.utf8_replaced = other_text == other.end() || *other_text != *text;
  }
  // The metadata before the text is moved out: a field mapped to the text's key (id =
  // "text") gets the text, not the empty string left behind.
  rec.id = meta_value(obj, fields.id);
  rec.title = meta_value(obj, fields.title);
  rec.url = meta_value(obj, fields.url);
  rec.source = meta_value(obj, fields.source);
  rec.published = meta_value(obj, published_key);
  if (rec.published) rec.published_key = published_key;
  rec.language = meta_value(obj, fields.language);
  rec.text = std::move(text->get_ref<std::string&>());
  return rec;
}

JsonlReader::JsonlReader(std::istream& in, JsonlOptions options) : in_(in), options_(std::move(options)) {}

bool JsonlReader::next(ArticleRecord& out) {
  while (std::getline(in_, buf_)) {
    ++line_;
    try {
      std::optional<ArticleRecord> rec = parse_article_line(buf_, options_.fields, line_, options_.utf8);
      if (!rec) continue;
      out = std::move(*rec);
      return true;
    } catch (const InputError& e) {  // EncodingError
      if (!options_.skip_bad_lines) throw;
      skipped_.push_back({line_, e.what()});
    } catch (const FormatError& e) {
      if (!options_.skip_bad_lines) throw;
      skipped_.push_back({line_, e.what()});
    }
  }
  if (in_.bad()) throw InputError("error reading JSON Lines input after " + where(line_));
  return false;
}

}  // namespace byline
