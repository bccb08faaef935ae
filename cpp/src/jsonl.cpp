// JSON Lines article reader (byline/jsonl.h).
#include "byline/jsonl.h"

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

std::optional<RecordValue> meta_value(const nlohmann::json& obj, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return RecordValue{it->get<std::string>(), true};
  return RecordValue{it->dump(), false};
}

}  // namespace

std::optional<ArticleRecord> parse_article_line(std::string_view line, const ArticleFields& fields,
                                                std::size_t line_number) {
  if (internal::is_blank(line)) return std::nullopt;
  std::size_t bad = internal::find_invalid_utf8(line);
  if (bad != std::string_view::npos)
    throw EncodingError(where(line_number) + ": not valid UTF-8 (byte " + std::to_string(bad) + " of the line)", bad);
  nlohmann::json obj;
  try {
    obj = internal::parse_json(line);
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(where(line_number) + " is not valid JSON: " + json_problem(e));
  } catch (const internal::JsonTooDeep& e) {
    throw FormatError(where(line_number) + " is not usable JSON: " + e.what());
  }
  if (!obj.is_object()) throw FormatError(where(line_number) + " is not a JSON object");
  auto text = obj.find(fields.text);
  if (text == obj.end()) throw FormatError(where(line_number) + ": missing text field '" + fields.text + "'");
  if (!text->is_string())
    throw FormatError(where(line_number) + ": text field '" + fields.text + "' must be a string, not " +
                      text->type_name());
  auto date = obj.find(fields.published);
  if (date != obj.end() && !date->is_null() && !date->is_string())
    throw FormatError(where(line_number) + ": date field '" + fields.published + "' must be a string, not " +
                      date->type_name());
  ArticleRecord rec;
  rec.line = line_number;
  // The metadata before the text is moved out: a field mapped to the text's key (id =
  // "text") gets the text, not the empty string left behind.
  rec.id = meta_value(obj, fields.id);
  rec.title = meta_value(obj, fields.title);
  rec.url = meta_value(obj, fields.url);
  rec.source = meta_value(obj, fields.source);
  rec.published = meta_value(obj, fields.published);
  rec.language = meta_value(obj, fields.language);
  rec.text = std::move(text->get_ref<std::string&>());
  return rec;
}

JsonlReader::JsonlReader(std::istream& in, JsonlOptions options) : in_(in), options_(std::move(options)) {}

bool JsonlReader::next(ArticleRecord& out) {
  while (std::getline(in_, buf_)) {
    ++line_;
    try {
      std::optional<ArticleRecord> rec = parse_article_line(buf_, options_.fields, line_);
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
