#include "byline/extract.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>

#include "byline/errors.h"
#include "internal/json_parse.h"
#include "internal/pipeline_stages.h"
#include "internal/thread_pool.h"

namespace byline {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_opt(std::string& out, const std::optional<std::string>& s) {
  if (s)
    append_json_string(out, *s);
  else
    out += "null";
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity
    out += "null";
    return;
  }
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// The entity value as compact JSON ("" stays ""); a value that is not JSON (user
/// values are checked when patterns are made, so this does not happen) as a JSON string.
/// The rules, patterns and phrase lists store compact JSON, so a value without white
/// space is `value` itself; another is made in `scratch`.
std::string_view compact_value(std::string_view value, std::string& scratch) {
  if (value.find_first_of(" \t\n\r") == std::string_view::npos) return value;
  try {
    scratch = internal::parse_json(value).dump();
  } catch (const std::exception&) {
    scratch = nlohmann::json(std::string(value)).dump();
  }
  return scratch;
}

std::optional<std::string> article_id(const Doc* doc, const ExtractSource& src) {
  if (src.id) return src.id;
  if (doc != nullptr) {
    const auto& m = doc->meta();
    for (const char* key : {"id", "path"})
      if (auto it = m.find(key); it != m.end() && !it->second.empty()) return it->second;
  }
  return std::nullopt;
}

/// One entity of a Doc as the writers read it: views into the Doc, no copy.
struct MentionView {
  std::uint32_t tok_begin = 0, tok_end = 0;
  std::string_view label;
  float score = 0;
  EntitySource source = EntitySource::kModel;
  std::string_view value;  ///< JSON text; empty when none
};

/// Where a walk over a Doc's entities stands: the next entity and its sentence.
struct MentionCursor {
  std::size_t entity = 0;
  std::size_t sentence = 0;
};

/// Per entity from `at` on, while `more()`: code-point start/end, text, sentence index.
template <class More, class Visit>
void each_mention(const Doc& doc, MentionCursor& at, More&& more, Visit&& visit) {
  const auto& tb = doc.token_begin();
  const auto& te = doc.token_end();
  const auto& cb = doc.token_char_begin();
  const auto& ce = doc.token_char_end();
  const auto& sents = doc.sentences();
  std::size_t& sent = at.sentence;
  for (; at.entity < doc.num_entities() && more(); ++at.entity) {
    const std::size_t i = at.entity;
    const MentionView e{doc.entity_token_begin()[i], doc.entity_token_end()[i], doc.entity_label(i),
                        doc.entity_score(i),         doc.entity_source(i),      doc.entity_value(i)};
    while (sent + 1 < sents.size() && sents[sent + 1].begin <= e.tok_begin) ++sent;
    std::uint32_t sc, ec;
    std::string_view text;
    if (e.tok_begin < e.tok_end) {
      sc = cb[e.tok_begin];
      ec = ce[e.tok_end - 1];
      text = std::string_view(doc.text()).substr(tb[e.tok_begin], te[e.tok_end - 1] - tb[e.tok_begin]);
    } else {
      sc = ec = e.tok_begin < cb.size() ? cb[e.tok_begin] : doc.char_length();
    }
    visit(e, sc, ec, text, sent);
  }
}

/// Per entity: code-point start/end, text, sentence index.
template <class Visit>
void each_mention(const Doc& doc, Visit&& visit) {
  MentionCursor at;
  each_mention(doc, at, [] { return true; }, visit);
}

/// The document date the pipeline used: the Doc's meta "date" (given, or found in the
/// text), else the source's.
std::optional<std::string> doc_date(const Doc* doc, const ExtractSource& src) {
  if (doc) {
    auto it = doc->meta().find("date");
    if (it != doc->meta().end()) return it->second;
  }
  return src.date;
}

std::optional<std::string> doc_date_source(const Doc* doc) {
  if (doc) {
    auto it = doc->meta().find("date_source");
    if (it != doc->meta().end()) return it->second;
  }
  return std::nullopt;
}

void append_article_fields(std::string& out, const Doc* doc, const ExtractSource& src) {
  out += "{\"schema\":\"";
  out += kExtractSchema;
  out += "\",\"article_id\":";
  append_opt(out, article_id(doc, src));
  out += ",\"input\":";
  append_json_string(out, src.input);
  out += ",\"title\":";
  append_opt(out, src.title);
  out += ",\"date\":";
  append_opt(out, doc_date(doc, src));
  out += ",\"date_source\":";
  append_opt(out, doc_date_source(doc));
  out += ",\"url\":";
  append_opt(out, src.url);
  out += ",\"source\":";
  append_opt(out, src.source);
  out += ",\"chars\":";
  append_number(out, std::uint64_t{doc ? doc->char_length() : 0});
  out += ",\"tokens\":";
  append_number(out, std::uint64_t{doc ? doc->size() : 0});
  out += ",\"sentences\":";
  append_number(out, std::uint64_t{doc ? doc->sentences().size() : 0});
  out += doc && doc->utf8_replaced() ? ",\"utf8_replaced\":true" : ",\"utf8_replaced\":false";
}

// ---- CSV ----

void append_csv_text(std::string& out, std::string_view s, bool raw) {
  const bool formula =
      !raw && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
  const bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
  if (quote) out += '"';
  if (formula) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quote) out += '"';
}

void append_csv_opt(std::string& out, const std::optional<std::string>& s, bool raw) {
  if (s) append_csv_text(out, *s, raw);
}

/// The JSON object of one mention of extract_record, after a ',' unless `first`.
void append_json_mention(std::string& out, bool first, const MentionView& e, std::uint32_t sc, std::uint32_t ec,
                         std::string_view text, std::size_t sent) {
  out += first ? "{\"start\":" : ",{\"start\":";
  append_number(out, std::uint64_t{sc});
  out += ",\"end\":";
  append_number(out, std::uint64_t{ec});
  out += ",\"text\":";
  append_json_string(out, text);
  out += ",\"label\":";
  append_json_string(out, e.label);
  out += ",\"source\":\"";
  out += entity_source_name(e.source);
  out += "\",\"score\":";
  append_number(out, static_cast<double>(e.score));
  out += ",\"value\":";
  std::string scratch;
  out += e.value.empty() ? std::string_view("null") : compact_value(e.value, scratch);
  out += ",\"sentence\":";
  append_number(out, std::uint64_t{sent});
  out += '}';
}

/// One row of the mention table.
void append_csv_mention(std::string& out, const std::optional<std::string>& aid, bool raw, const MentionView& e,
                        std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
  append_csv_opt(out, aid, raw);
  out += ',';
  append_number(out, std::uint64_t{sc});
  out += ',';
  append_number(out, std::uint64_t{ec});
  out += ',';
  append_csv_text(out, text, raw);
  out += ',';
  append_csv_text(out, e.label, raw);
  out += ',';
  out += entity_source_name(e.source);
  out += ',';
  append_number(out, static_cast<double>(e.score));
  out += ',';
  std::string scratch;
  append_csv_text(out, compact_value(e.value, scratch), /*raw=*/true);  // JSON text, never a formula: kept as it is
  out += ',';
  append_number(out, std::uint64_t{sent});
  out += '\n';
}

}  // namespace

std::string extract_record(const Doc& doc, const ExtractSource& src) {
  std::string out;
  out.reserve(256 + 160 * doc.num_entities());
  append_article_fields(out, &doc, src);
  out += ",\"error\":null,\"entities\":[";
  bool first = true;
  each_mention(doc,
               [&](const MentionView& e, std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
                 append_json_mention(out, first, e, sc, ec, text, sent);
                 first = false;
               });
  out += "]}\n";
  return out;
}

std::string extract_error_record(const ExtractSource& src, std::string_view error) {
  std::string out;
  append_article_fields(out, nullptr, src);
  out += ",\"error\":";
  append_json_string(out, error.empty() ? std::string_view("failed") : error);
  out += ",\"entities\":[]}\n";
  return out;
}

std::string mention_csv_header() { return "article_id,start,end,text,label,source,score,value,sentence\n"; }

void append_mention_csv(std::string& out, const Doc& doc, const std::optional<std::string>& aid, bool raw) {
  each_mention(doc, [&](const MentionView& e, std::uint32_t sc, std::uint32_t ec, std::string_view text,
                        std::size_t sent) { append_csv_mention(out, aid, raw, e, sc, ec, text, sent); });
}

namespace {
constexpr int kValueStrings = 10, kValueNumbers = 3, kValueFlags = 3;
// The keys of a typed value's strings, numbers ("value" and "amount" both fill the first)
// and flags, in the order of the mention columns.
constexpr const char* kValueStringKeys[kValueStrings] = {"timex", "open",  "currency", "unit",   "country",
                                                         "kind",  "start", "end",      "anchor", "zone"};

/// A mention's value split into the typed columns: a string, a number, or a flat object of
/// the typed keys.
struct TypedValue {
  std::optional<std::string> strings[kValueStrings];  // string/timex, open, currency, unit, country, kind, ...
  std::optional<double> numbers[kValueNumbers];       // number (value/amount), min, max
  std::optional<std::uint8_t> flags[kValueFlags];     // approx, inclusive, fiscal
  bool null = false;                                  // the JSON literal null
  void clear() { *this = TypedValue(); }
};

/// nlohmann SAX handler that reads a TypedValue without building a DOM (no allocation
/// per key); it stops (returns false) at anything a TypedValue cannot hold: nesting,
/// arrays, a top-level boolean, an unknown key, a key of another type, a key given twice,
/// or both "value" and "amount" (which would fill the same field).
class TypedValueReader {
 public:
  using json = nlohmann::json;
  explicit TypedValueReader(TypedValue& v) : v_(v) {}
  bool null() {
    if (depth_ != 0) return false;
    v_.null = true;
    return true;
  }
  bool boolean(bool b) {
    if (depth_ == 0) return false;
    static constexpr const char* kKeys[kValueFlags] = {"approx", "inclusive", "fiscal"};
    for (int k = 0; k < kValueFlags; ++k)
      if (key_ == kKeys[k]) {
        if (!first_time(kValueStrings + kValueNumbers + k)) return false;
        v_.flags[k] = b ? 1 : 0;
        return true;
      }
    return false;
  }
  bool number_integer(json::number_integer_t x) { return number(static_cast<double>(x)); }
  bool number_unsigned(json::number_unsigned_t x) { return number(static_cast<double>(x)); }
  bool number_float(json::number_float_t x, const json::string_t&) { return number(x); }
  bool string(json::string_t& s) {
    if (depth_ == 0) {
      v_.strings[0] = std::move(s);
      return true;
    }
    for (int k = 0; k < kValueStrings; ++k)
      if (key_ == kValueStringKeys[k]) {
        if (!first_time(k)) return false;
        v_.strings[k] = std::move(s);
        return true;
      }
    return false;
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return depth_++ == 0; }
  bool key(json::string_t& k) {
    key_.swap(k);
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) { return false; }
  bool end_array() { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  bool number(double x) {
    int k;
    if (depth_ == 0 || key_ == "value" || key_ == "amount")
      k = 0;
    else if (key_ == "min")
      k = 1;
    else if (key_ == "max")
      k = 2;
    else
      return false;
    if (depth_ != 0 && !first_time(kValueStrings + k)) return false;
    v_.numbers[k] = x;
    return true;
  }
  /// Marks field `f` (strings, then numbers, then flags) as filled; false if it was.
  bool first_time(int f) {
    const std::uint32_t bit = 1u << f;
    if (seen_ & bit) return false;
    seen_ |= bit;
    return true;
  }
  TypedValue& v_;
  int depth_ = 0;
  std::uint32_t seen_ = 0;  // fields filled (first_time())
  std::string key_;
};

/// One row of the mention columns.
void append_column_row(MentionColumns& out, const std::optional<std::string>& aid, const MentionView& e,
                       std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
  out.article_id.push(aid);
  out.start.push(sc);
  out.end.push(ec);
  out.text.push(text);
  out.label.push(std::string_view(e.label));
  out.source.push(std::string_view(entity_source_name(e.source)));
  out.score.push(static_cast<double>(e.score));
  out.sentence.push(static_cast<std::int64_t>(sent));
  // The value, typed: a string, a number, or an object of the typed keys (numbers:
  // value/amount, min, max, approx, open, inclusive, currency, unit; places: country;
  // DATE/TIME: timex, kind, start, end, anchor); anything else as JSON text. The typed
  // forms (nearly every value) are read without a DOM; the rest through parse_json.
  TypedValue value;
  std::optional<std::string> other;
  bool has_value = !e.value.empty();
  if (has_value) {
    TypedValueReader reader(value);
    if (nlohmann::json::sax_parse(e.value.begin(), e.value.end(), &reader)) {
      has_value = !value.null;
    } else {
      value.clear();
      try {
        other = internal::parse_json(e.value).dump();
      } catch (const std::exception&) {
        other = nlohmann::json(std::string(e.value)).dump();
      }
    }
  }
  out.value_valid.push_back(has_value ? 1 : 0);
  StringColumn* string_cols[kValueStrings] = {&out.value_string,  &out.value_open, &out.value_currency, &out.value_unit,
                                              &out.value_country, &out.value_kind, &out.value_start,    &out.value_end,
                                              &out.value_anchor,  &out.value_zone};
  for (int k = 0; k < kValueStrings; ++k) string_cols[k]->push(value.strings[k]);
  out.value_other.push(other);
  NumberColumn<double>* number_cols[kValueNumbers] = {&out.value_number, &out.value_min, &out.value_max};
  for (int k = 0; k < kValueNumbers; ++k)
    value.numbers[k] ? number_cols[k]->push(*value.numbers[k]) : number_cols[k]->push_null();
  NumberColumn<std::uint8_t>* flag_cols[kValueFlags] = {&out.value_approx, &out.value_inclusive, &out.value_fiscal};
  for (int k = 0; k < kValueFlags; ++k)
    value.flags[k] ? flag_cols[k]->push(*value.flags[k]) : flag_cols[k]->push_null();
}

}  // namespace

struct RecordParts::State {
  Doc doc;
  ExtractSource source;
  std::optional<std::string> article_id;
  ExtractFormat format;
  bool csv_raw;
  MentionCursor at;
  bool started = false, done = false;
};

RecordParts::RecordParts(Doc doc, ExtractSource source, ExtractFormat format, bool csv_raw) {
  std::optional<std::string> aid = article_id(&doc, source);
  state_ = std::make_unique<State>(
      State{std::move(doc), std::move(source), std::move(aid), format, csv_raw, MentionCursor{}, false, false});
}

RecordParts::RecordParts(RecordParts&&) noexcept = default;
RecordParts& RecordParts::operator=(RecordParts&&) noexcept = default;
RecordParts::~RecordParts() = default;

ExtractFormat RecordParts::format() const noexcept { return state_->format; }

bool RecordParts::next(std::string& out, std::size_t bytes) {
  State& st = *state_;
  if (st.format == ExtractFormat::kColumns) throw std::invalid_argument("RecordParts::next: the parts are columns");
  if (st.done) return false;
  const bool jsonl = st.format == ExtractFormat::kJsonl;
  const std::size_t limit = out.size() + std::max<std::size_t>(bytes, 1);  // a mention at least
  if (!st.started) {
    st.started = true;
    if (jsonl) {
      append_article_fields(out, &st.doc, st.source);
      out += ",\"error\":null,\"entities\":[";
    }
  }
  auto more = [&] { return out.size() < limit; };
  each_mention(st.doc, st.at, more,
               [&](const MentionView& e, std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
                 if (jsonl)
                   append_json_mention(out, st.at.entity == 0, e, sc, ec, text, sent);
                 else
                   append_csv_mention(out, st.article_id, st.csv_raw, e, sc, ec, text, sent);
               });
  if (st.at.entity == st.doc.num_entities()) {
    if (jsonl) out += "]}\n";
    st.done = true;
  }
  return true;
}

bool RecordParts::next(MentionColumns& out, std::size_t rows) {
  State& st = *state_;
  if (st.format != ExtractFormat::kColumns) throw std::invalid_argument("RecordParts::next: the parts are text");
  if (st.done) return false;
  std::size_t n = 0;
  each_mention(
      st.doc, st.at, [&] { return n < std::max<std::size_t>(rows, 1); },
      [&](const MentionView& e, std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
        append_column_row(out, st.article_id, e, sc, ec, text, sent);
        ++n;
      });
  st.done = st.at.entity == st.doc.num_entities();
  return n > 0;
}

std::string article_csv_header() {
  return "article_id,input,title,date,url,source,chars,tokens,sentences,entities,utf8_replaced,error\n";
}

void append_article_csv(std::string& out, const Doc* doc, const ExtractSource& src, std::string_view error, bool raw) {
  append_csv_opt(out, article_id(doc, src), raw);
  out += ',';
  append_csv_text(out, src.input, raw);
  const std::optional<std::string> date = doc_date(doc, src);
  for (const auto* field : {&src.title, &date, &src.url, &src.source}) {
    out += ',';
    append_csv_opt(out, *field, raw);
  }
  for (std::uint64_t n :
       {std::uint64_t{doc ? doc->char_length() : 0}, std::uint64_t{doc ? doc->size() : 0},
        std::uint64_t{doc ? doc->sentences().size() : 0}, std::uint64_t{doc ? doc->num_entities() : 0}}) {
    out += ',';
    append_number(out, n);
  }
  out += doc != nullptr && doc->utf8_replaced() ? ",true," : ",false,";
  if (doc == nullptr) append_csv_text(out, error.empty() ? std::string_view("failed") : error, raw);
  out += '\n';
}

void StringColumn::push(std::string_view s) {
  data.append(s.data(), s.size());
  offsets.push_back(static_cast<std::int64_t>(data.size()));
  valid.push_back(1);
}

void StringColumn::push(const std::optional<std::string>& s) {
  if (s)
    push(std::string_view(*s));
  else
    push_null();
}

void StringColumn::push_null() {
  offsets.push_back(static_cast<std::int64_t>(data.size()));
  valid.push_back(0);
}

void StringColumn::append(const StringColumn& other) {
  const auto base = static_cast<std::int64_t>(data.size());
  data += other.data;
  for (std::size_t i = 1; i < other.offsets.size(); ++i) offsets.push_back(base + other.offsets[i]);
  valid.insert(valid.end(), other.valid.begin(), other.valid.end());
}

void MentionColumns::append(const MentionColumns& o) {
  for (auto [a, b] : {std::pair{&article_id, &o.article_id},
                      {&text, &o.text},
                      {&label, &o.label},
                      {&source, &o.source},
                      {&value_string, &o.value_string},
                      {&value_open, &o.value_open},
                      {&value_currency, &o.value_currency},
                      {&value_unit, &o.value_unit},
                      {&value_country, &o.value_country},
                      {&value_kind, &o.value_kind},
                      {&value_start, &o.value_start},
                      {&value_end, &o.value_end},
                      {&value_anchor, &o.value_anchor},
                      {&value_zone, &o.value_zone},
                      {&value_other, &o.value_other}})
    a->append(*b);
  start.append(o.start);
  end.append(o.end);
  sentence.append(o.sentence);
  score.append(o.score);
  value_number.append(o.value_number);
  value_min.append(o.value_min);
  value_max.append(o.value_max);
  value_approx.append(o.value_approx);
  value_inclusive.append(o.value_inclusive);
  value_fiscal.append(o.value_fiscal);
  value_valid.insert(value_valid.end(), o.value_valid.begin(), o.value_valid.end());
}

void append_mention_columns(MentionColumns& out, const Doc& doc, const std::optional<std::string>& aid) {
  each_mention(doc, [&](const MentionView& e, std::uint32_t sc, std::uint32_t ec, std::string_view text,
                        std::size_t sent) { append_column_row(out, aid, e, sc, ec, text, sent); });
}

void ArticleColumns::append(const ArticleColumns& o) {
  for (auto [a, b] : {std::pair{&article_id, &o.article_id},
                      {&input, &o.input},
                      {&title, &o.title},
                      {&date, &o.date},
                      {&url, &o.url},
                      {&source, &o.source},
                      {&error, &o.error}})
    a->append(*b);
  chars.append(o.chars);
  tokens.append(o.tokens);
  sentences.append(o.sentences);
  entities.append(o.entities);
  utf8_replaced.append(o.utf8_replaced);
}

void append_article_columns(ArticleColumns& out, const Doc* doc, const ExtractSource& src, std::string_view error) {
  out.article_id.push(article_id(doc, src));
  out.input.push(std::string_view(src.input));
  out.title.push(src.title);
  out.date.push(doc_date(doc, src));
  out.url.push(src.url);
  out.source.push(src.source);
  out.chars.push(doc ? doc->char_length() : 0);
  out.tokens.push(static_cast<std::int64_t>(doc ? doc->size() : 0));
  out.sentences.push(static_cast<std::int64_t>(doc ? doc->sentences().size() : 0));
  out.entities.push(static_cast<std::int64_t>(doc ? doc->num_entities() : 0));
  out.utf8_replaced.push(doc != nullptr && doc->utf8_replaced() ? 1 : 0);
  if (doc)
    out.error.push_null();
  else
    out.error.push(error.empty() ? std::string_view("failed") : error);
}

namespace {

/// The first part of processing an item (internal::annotate_model: tokenizer, recognizer):
/// its Doc, or its error in `o.error` (the item's own, or the one processing raised).
/// Returns whether the second part is to look for the document's date in the text.
bool process_model(const Pipeline& pipeline, const ExtractItem& item, ExtractOutput& o, Doc& doc) {
  o.error = item.error;
  if (!o.error.empty()) return false;
  try {
    DocOptions doc_options;
    if (item.source.date) doc_options.date = *item.source.date;
    if (item.source.date_source) doc_options.date_source = *item.source.date_source;
    doc = pipeline.tokenizer().tokenize(item.text);
    if (item.utf8_replaced) doc.set_utf8_replaced(true);
    return internal::annotate_model(pipeline, doc, doc_options);
  } catch (const std::exception& e) {  // byline::Error, or bad_alloc on a huge text: this item only
    o.error = e.what();
    if (o.error.empty()) o.error = "failed";
    doc = Doc();
  }
  return false;
}

/// The second part (internal::annotate_rules: document date, ruler) of an item that the
/// first left without an error; sets o.tokens and o.entities.
void process_rules(const Pipeline& pipeline, Doc& doc, bool find_date, ExtractOutput& o) {
  if (!o.error.empty()) return;
  try {
    internal::annotate_rules(pipeline, doc, find_date);
  } catch (const std::exception& e) {
    o.error = e.what();
    if (o.error.empty()) o.error = "failed";
    doc = Doc();
    return;
  }
  o.tokens = doc.size();
  o.entities = doc.num_entities();
}

/// Whether format_item() gives the item's output as RecordParts.
bool gives_parts(const Doc& doc, const ExtractOutput& o) {
  return o.error.empty() && doc.num_entities() > kRecordPartsEntities;
}

/// The second half: the item's output from its Doc (process_model, process_rules); kColumns rows go to
/// `mentions` and `article`.
void format_item(Doc&& doc, const ExtractItem& item, const ExtractOptions& options, ExtractOutput& o,
                 MentionColumns& mentions, ArticleColumns& article) {
  const bool ok = o.error.empty();
  if (gives_parts(doc, o)) {
    if (options.format == ExtractFormat::kCsv)
      append_article_csv(o.article_row, &doc, item.source, o.error, options.csv_raw);
    if (options.format == ExtractFormat::kColumns) append_article_columns(article, &doc, item.source, o.error);
    o.parts = std::make_shared<RecordParts>(std::move(doc), item.source, options.format, options.csv_raw);
  } else if (options.format == ExtractFormat::kJsonl) {
    o.record = ok ? extract_record(doc, item.source) : extract_error_record(item.source, o.error);
  } else if (options.format == ExtractFormat::kColumns) {
    if (ok) append_mention_columns(mentions, doc, article_id(&doc, item.source));
    append_article_columns(article, ok ? &doc : nullptr, item.source, o.error);
  } else {
    if (ok) append_mention_csv(o.record, doc, article_id(&doc, item.source), options.csv_raw);
    append_article_csv(o.article_row, ok ? &doc : nullptr, item.source, o.error, options.csv_raw);
  }
}

// The columns of MentionColumns by type, for sizing them at once.
constexpr StringColumn MentionColumns::* kMentionStrings[] = {
    &MentionColumns::article_id,     &MentionColumns::text,         &MentionColumns::label,
    &MentionColumns::source,         &MentionColumns::value_string, &MentionColumns::value_open,
    &MentionColumns::value_currency, &MentionColumns::value_unit,   &MentionColumns::value_country,
    &MentionColumns::value_kind,     &MentionColumns::value_start,  &MentionColumns::value_end,
    &MentionColumns::value_anchor,   &MentionColumns::value_zone,   &MentionColumns::value_other};
constexpr NumberColumn<std::int64_t> MentionColumns::* kMentionInts[] = {&MentionColumns::start, &MentionColumns::end,
                                                                         &MentionColumns::sentence};
constexpr NumberColumn<double> MentionColumns::* kMentionDoubles[] = {
    &MentionColumns::score, &MentionColumns::value_number, &MentionColumns::value_min, &MentionColumns::value_max};
constexpr NumberColumn<std::uint8_t> MentionColumns::* kMentionFlags[] = {
    &MentionColumns::value_approx, &MentionColumns::value_inclusive, &MentionColumns::value_fiscal};

/// Capacity for `n` elements in `v`, at least doubling it when it grows (as push_back does,
/// so that repeated calls cost amortised linear time).
template <class V>
void reserve_at_least(V& v, std::size_t n) {
  if (v.capacity() < n) v.reserve(std::max(n, 2 * v.capacity()));
}

/// Room in every column of `m` for `rows` more rows (values, offsets, validity) and, with
/// `parts`, for their string bytes: the columns then take those rows without regrowing.
void reserve_rows(MentionColumns& m, std::size_t rows, const std::vector<MentionColumns>* parts = nullptr) {
  const std::size_t n = m.size() + rows;
  for (auto col : kMentionStrings) {
    StringColumn& c = m.*col;
    reserve_at_least(c.offsets, n + 1);
    reserve_at_least(c.valid, n);
    if (parts != nullptr) {
      std::size_t bytes = c.data.size();
      for (const auto& p : *parts) bytes += (p.*col).data.size();
      reserve_at_least(c.data, bytes);
    }
  }
  auto numbers = [n](auto& c) {
    reserve_at_least(c.values, n);
    reserve_at_least(c.valid, n);
  };
  for (auto col : kMentionInts) numbers(m.*col);
  for (auto col : kMentionDoubles) numbers(m.*col);
  for (auto col : kMentionFlags) numbers(m.*col);
  reserve_at_least(m.value_valid, n);
}

/// Runs per thread of extract_batch_columns.
constexpr std::size_t kRunsPerThread = 16;
/// Text bytes whose Docs extract_batch and extract_batch_columns hold before making their output.
constexpr std::size_t kHeldBytes = std::size_t{1} << 20;

/// The bounds of `runs` runs of consecutive items of about equal work (text bytes, plus a
/// fixed cost per item): run r is [bounds[r], bounds[r + 1]), none empty; runs <= items.
std::vector<std::size_t> run_bounds(const std::vector<ExtractItem>& items, std::size_t runs) {
  constexpr std::size_t kItemBytes = 256;  // the work of an item beyond its text's
  std::vector<std::size_t> bounds{0};
  if (runs == 0) return bounds;
  std::size_t total = 0;
  for (const auto& item : items) total += item.text.size() + kItemBytes;
  std::size_t done = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    done += items[i].text.size() + kItemBytes;
    const std::size_t r = bounds.size();  // the run being filled is r - 1
    // Close run r - 1 after item i when it has its share of the work, or when every item
    // left must start a run of its own.
    const bool share =
        static_cast<double>(done) >= static_cast<double>(total) * static_cast<double>(r) / static_cast<double>(runs);
    const bool need = items.size() - (i + 1) == runs - r;
    if (r < runs && i + 1 < items.size() && (share || need)) bounds.push_back(i + 1);
  }
  bounds.push_back(items.size());
  return bounds;
}

/// The runs a batch of `items` items is cut into for `threads` threads (run_bounds):
/// kRunsPerThread per thread, one on one thread.
std::size_t batch_runs(std::size_t items, int threads) {
  if (threads <= 1) return std::min<std::size_t>(items, 1);
  return std::min(items, static_cast<std::size_t>(threads) * kRunsPerThread);
}

}  // namespace

std::vector<ExtractOutput> extract_batch(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                         const ExtractOptions& options, int num_threads) {
  std::vector<ExtractOutput> out(items.size());
  const int threads = resolve_num_threads(num_threads);
  // Runs of consecutive items as in extract_batch_columns (one barrier per batch); within
  // a run, items of up to kHeldBytes of text at a time through the recognizer, then the
  // rules and the output (internal/pipeline_stages.h); a Doc is dropped once its output is made.
  const std::vector<std::size_t> bounds = run_bounds(items, batch_runs(items.size(), threads));
  internal::parallel_for(bounds.size() - 1, threads, [&](std::size_t r) {
    std::vector<Doc> docs;
    std::vector<std::uint8_t> find_date;
    for (std::size_t first = bounds[r], end = first; first < bounds[r + 1]; first = end) {
      for (std::size_t bytes = 0; end < bounds[r + 1] && bytes < kHeldBytes; ++end) bytes += items[end].text.size();
      docs.assign(end - first, Doc());
      find_date.assign(end - first, 0);
      for (std::size_t i = first; i < end; ++i)
        find_date[i - first] = process_model(pipeline, items[i], out[i], docs[i - first]) ? 1 : 0;
      for (std::size_t i = first; i < end; ++i) {
        Doc doc = std::move(docs[i - first]);
        process_rules(pipeline, doc, find_date[i - first] != 0, out[i]);
        format_item(std::move(doc), items[i], options, out[i], out[i].mentions, out[i].article);
      }
    }
  });
  return out;
}

std::vector<ExtractOutput> extract_batch_columns(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                                 MentionColumns& mentions, ArticleColumns& articles, int num_threads) {
  ExtractOptions options;
  options.format = ExtractFormat::kColumns;
  std::vector<ExtractOutput> out(items.size());
  const int threads = resolve_num_threads(num_threads);
  // Runs of consecutive items of about equal text bytes, kRunsPerThread per thread, taken
  // in turn from parallel_for's shared index, so that the threads finish a batch within
  // about one run of each other (a 32nd of the batch on two threads) instead of one
  // waiting for the other's last long run. One set of columns per run, appended in order.
  const std::size_t runs = batch_runs(items.size(), threads);
  const std::vector<std::size_t> bounds = run_bounds(items, runs);
  std::vector<MentionColumns> run_mentions(runs);
  std::vector<ArticleColumns> run_articles(runs);
  internal::parallel_for(runs, threads, [&](std::size_t r) {
    // The Docs of up to kHeldBytes of text at a time through the recognizer, then the
    // rules (internal/pipeline_stages.h), then their rows, into columns sized for those
    // rows at once instead of regrown row by row.
    std::vector<Doc> docs;
    std::vector<std::uint8_t> find_date;
    std::size_t first = bounds[r], bytes = 0;
    auto format_held = [&](std::size_t end) {
      std::size_t rows = 0;
      for (std::size_t i = first; i < end; ++i) {
        Doc& doc = docs[i - first];
        process_rules(pipeline, doc, find_date[i - first] != 0, out[i]);
        if (out[i].error.empty() && !gives_parts(doc, out[i])) rows += doc.num_entities();
      }
      reserve_rows(run_mentions[r], rows);
      for (std::size_t i = first; i < end; ++i)
        format_item(std::move(docs[i - first]), items[i], options, out[i], run_mentions[r], run_articles[r]);
      docs.clear();
      find_date.clear();
      first = end;
      bytes = 0;
    };
    for (std::size_t i = bounds[r]; i < bounds[r + 1]; ++i) {
      docs.emplace_back();
      find_date.push_back(process_model(pipeline, items[i], out[i], docs.back()) ? 1 : 0);
      bytes += items[i].text.size();
      if (bytes >= kHeldBytes) format_held(i + 1);
    }
    format_held(bounds[r + 1]);
  });
  std::size_t rows = 0;
  for (const auto& m : run_mentions) rows += m.size();
  reserve_rows(mentions, rows, &run_mentions);
  for (std::size_t r = 0; r < runs; ++r) {
    mentions.append(run_mentions[r]);
    articles.append(run_articles[r]);
  }
  return out;
}

}  // namespace byline
