#include "byline/extract.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>

#include "byline/errors.h"
#include "internal/json_parse.h"
#include "internal/thread_pool.h"

namespace byline {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
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
std::string compact_value(const std::string& value) {
  if (value.empty()) return value;
  try {
    return internal::parse_json(value).dump();
  } catch (const std::exception&) {
    return nlohmann::json(value).dump();
  }
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

/// Per entity: code-point start/end, text, sentence index.
template <class Visit>
void each_mention(const Doc& doc, Visit&& visit) {
  const auto& tb = doc.token_begin();
  const auto& te = doc.token_end();
  const auto& cb = doc.token_char_begin();
  const auto& ce = doc.token_char_end();
  const auto& sents = doc.sentences();
  std::size_t sent = 0;
  for (std::size_t i = 0; i < doc.num_entities(); ++i) {
    const Entity e = doc.entity(i);
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
  append_opt(out, src.date);
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
}

// ---- CSV ----

void append_csv_text(std::string& out, std::string_view s, bool raw) {
  const bool formula = !raw && !s.empty() &&
                       (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
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

}  // namespace

std::string extract_record(const Doc& doc, const ExtractSource& src) {
  std::string out;
  out.reserve(256 + 160 * doc.num_entities());
  append_article_fields(out, &doc, src);
  out += ",\"error\":null,\"entities\":[";
  bool first = true;
  each_mention(doc, [&](const Entity& e, std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
    out += first ? "{\"start\":" : ",{\"start\":";
    first = false;
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
    const std::string value = compact_value(e.value);
    out += value.empty() ? "null" : value;
    out += ",\"sentence\":";
    append_number(out, std::uint64_t{sent});
    out += '}';
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
  each_mention(doc, [&](const Entity& e, std::uint32_t sc, std::uint32_t ec, std::string_view text, std::size_t sent) {
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
    append_csv_text(out, compact_value(e.value), raw);
    out += ',';
    append_number(out, std::uint64_t{sent});
    out += '\n';
  });
}

std::string article_csv_header() { return "article_id,title,date,url,source,chars,tokens,sentences,entities,error\n"; }

void append_article_csv(std::string& out, const Doc* doc, const ExtractSource& src, std::string_view error, bool raw) {
  append_csv_opt(out, article_id(doc, src), raw);
  for (const auto* field : {&src.title, &src.date, &src.url, &src.source}) {
    out += ',';
    append_csv_opt(out, *field, raw);
  }
  for (std::uint64_t n : {std::uint64_t{doc ? doc->char_length() : 0}, std::uint64_t{doc ? doc->size() : 0},
                          std::uint64_t{doc ? doc->sentences().size() : 0},
                          std::uint64_t{doc ? doc->num_entities() : 0}}) {
    out += ',';
    append_number(out, n);
  }
  out += ',';
  if (doc == nullptr) append_csv_text(out, error.empty() ? std::string_view("failed") : error, raw);
  out += '\n';
}

std::vector<ExtractOutput> extract_batch(const Pipeline& pipeline, const std::vector<ExtractItem>& items,
                                         const ExtractOptions& options, int num_threads) {
  std::vector<ExtractOutput> out(items.size());
  internal::parallel_for(items.size(), resolve_num_threads(num_threads), [&](std::size_t i) {
    const ExtractItem& item = items[i];
    ExtractOutput& o = out[i];
    Doc doc;
    try {
      DocOptions doc_options;
      if (item.source.date) doc_options.date = *item.source.date;
      doc = pipeline.process(item.text, doc_options);
    } catch (const Error& e) {
      o.error = e.what();
      if (o.error.empty()) o.error = "failed";
    }
    const bool ok = o.error.empty();
    if (ok) {
      o.tokens = doc.size();
      o.entities = doc.num_entities();
    }
    if (options.format == ExtractFormat::kJsonl) {
      o.record = ok ? extract_record(doc, item.source) : extract_error_record(item.source, o.error);
    } else {
      if (ok) append_mention_csv(o.record, doc, article_id(&doc, item.source), options.csv_raw);
      append_article_csv(o.article_row, ok ? &doc : nullptr, item.source, o.error, options.csv_raw);
    }
  });
  return out;
}

}  // namespace byline
