// JSON (de)serialisation of Doc, schema "byline.doc/1" (documented in docs/schema.md).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "byline/doc.h"
#include "byline/errors.h"
#include "internal/chars.h"
#include "internal/json_parse.h"
#include "internal/utf8.h"

namespace byline {

namespace {
constexpr const char* kSchema = "byline.doc/1";
using json = nlohmann::json;

json span_pair(std::uint32_t a, std::uint32_t b) { return json::array({a, b}); }
}  // namespace

std::string Doc::to_json(int indent) const {
  json j;
  j["schema"] = kSchema;
  j["text"] = text_;
  json toks = json::array();
  json kinds = json::array();
  for (std::size_t i = 0; i < size(); ++i) {
    toks.push_back(span_pair(tok_cbegin_[i], tok_cend_[i]));
    kinds.push_back(token_kind_name(static_cast<TokenKind>(tok_kind_[i])));
  }
  j["tokens"] = std::move(toks);
  j["token_kinds"] = std::move(kinds);
  auto ranges = [&](const std::vector<TokenRange>& rs) {
    json out = json::array();
    for (const auto& r : rs) out.push_back(span_pair(tok_cbegin_[r.begin], tok_cend_[r.end - 1]));
    return out;
  };
  j["sentences"] = ranges(sents_);
  j["paragraphs"] = ranges(paras_);
  json ents = json::array();
  for (std::size_t i = 0; i < num_entities(); ++i) {
    json e;
    std::uint32_t tb = ent_begin_[i], te = ent_end_[i];
    e["start"] = tok_cbegin_[tb];
    e["end"] = tok_cend_[te - 1];
    e["text"] = text_.substr(tok_begin_[tb], tok_end_[te - 1] - tok_begin_[tb]);
    e["label"] = labels_[ent_label_[i]];
    e["score"] = ent_score_[i];
    e["source"] = entity_source_name(static_cast<EntitySource>(ent_source_[i]));
    e["tokens"] = span_pair(tb, te);
    if (const std::string& value = value_text(i); !value.empty()) {
      json v = json::parse(value, nullptr, /*allow_exceptions=*/false);
      e["value"] = v.is_discarded() ? json(value) : v;
    } else {
      e["value"] = nullptr;
    }
    ents.push_back(std::move(e));
  }
  j["entities"] = std::move(ents);
  j["meta"] = meta_;
  j["utf8_replaced"] = utf8_replaced_;
  return j.dump(indent);
}

namespace {

[[noreturn]] void fail(const std::string& what) { throw FormatError("invalid byline.doc JSON: " + what); }

const json& require(const json& j, const char* key, json::value_t type, const char* type_name) {
  auto it = j.find(key);
  if (it == j.end()) fail(std::string("missing field '") + key + "'");
  bool ok = it->type() == type || (type == json::value_t::number_unsigned &&
                                   it->type() == json::value_t::number_integer && it->get<std::int64_t>() >= 0);
  if (!ok) fail(std::string("field '") + key + "' must be " + type_name);
  return *it;
}

std::pair<std::uint32_t, std::uint32_t> read_pair(const json& p, const char* what) {
  if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer())
    fail(std::string(what) + " entries must be [start, end] integer pairs");
  auto a = p[0].get<std::int64_t>(), b = p[1].get<std::int64_t>();
  if (a < 0 || b < a || b > 0xFFFFFFFFLL) fail(std::string(what) + " entry has an invalid range");
  return {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)};
}

}  // namespace

Doc Doc::from_json(std::string_view text) {
  json j;
  try {
    j = internal::parse_json(text);
  } catch (const json::exception&) {
    fail("not parseable JSON");
  } catch (const internal::JsonTooDeep& e) {
    fail(e.what());
  }
  if (!j.is_object()) fail("top level must be an object");
  const auto& schema = require(j, "schema", json::value_t::string, "a string");
  if (schema.get<std::string>() != kSchema)
    fail("unsupported schema '" + schema.get<std::string>() + "' (this version reads " + kSchema + ")");
  std::string body = require(j, "text", json::value_t::string, "a string").get<std::string>();
  if (internal::find_invalid_utf8(body) != std::string::npos) fail("text is not valid UTF-8");
  Doc doc(std::move(body));

  // code point -> byte table
  const std::string& t = doc.text_;
  std::vector<std::uint32_t> cp2b;
  cp2b.reserve(doc.char_length_ + 1);
  for (std::uint32_t b = 0; b < t.size(); ++b)
    if ((static_cast<unsigned char>(t[b]) & 0xC0) != 0x80) cp2b.push_back(b);
  cp2b.push_back(static_cast<std::uint32_t>(t.size()));

  const auto& toks = require(j, "tokens", json::value_t::array, "an array");
  std::vector<TokenKind> kinds(toks.size(), TokenKind::kOther);
  if (auto it = j.find("token_kinds"); it != j.end()) {
    if (!it->is_array() || it->size() != toks.size()) fail("'token_kinds' must be an array as long as 'tokens'");
    for (std::size_t i = 0; i < toks.size(); ++i) {
      if (!(*it)[i].is_string()) fail("'token_kinds' entries must be strings");
      kinds[i] = token_kind_from_name((*it)[i].get<std::string>());
    }
  }
  doc.reserve_tokens(toks.size());
  std::uint32_t prev_end = 0;
  // Everything between tokens must be separators (docs/tokenization.md): text that no
  // token covers would be lost to every annotation.
  auto check_gap = [&](std::uint32_t from, std::uint32_t to, std::size_t next) {
    const auto* s = reinterpret_cast<const unsigned char*>(t.data());
    for (std::uint32_t c = from; c < to; ++c) {
      int len = 0;
      const char32_t cp = internal::decode(s, cp2b[c], &len);
      if (internal::char_class(cp) != internal::kSep) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
        fail("character " + std::to_string(c) + " (" + hex + ") lies outside every token but is not a separator" +
             (next < toks.size() ? " (before token " + std::to_string(next) + ")" : " (after the last token)"));
      }
    }
  };
  for (std::size_t i = 0; i < toks.size(); ++i) {
    auto [a, b] = read_pair(toks[i], "tokens");
    if (a == b || a < prev_end || b > doc.char_length_)
      fail("token " + std::to_string(i) + " is empty, overlaps or is out of range");
    check_gap(prev_end, a, i);
    prev_end = b;
    doc.push_token(cp2b[a], cp2b[b], a, b, kinds[i], 0);
  }
  check_gap(prev_end, doc.char_length_, toks.size());
  doc.update_space_after();

  auto to_ranges = [&](const char* key) {
    std::vector<TokenRange> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array()) fail(std::string("'") + key + "' must be an array");
    for (const auto& p : *it) {
      auto [a, b] = read_pair(p, key);
      auto lo = std::lower_bound(doc.tok_cbegin_.begin(), doc.tok_cbegin_.end(), a);
      auto hi = std::lower_bound(doc.tok_cend_.begin(), doc.tok_cend_.end(), b);
      if (lo == doc.tok_cbegin_.end() || *lo != a || hi == doc.tok_cend_.end() || *hi != b)
        fail(std::string("'") + key + "' span [" + std::to_string(a) + ", " + std::to_string(b) +
             ") does not start and end on token boundaries");
      out.push_back({static_cast<std::uint32_t>(lo - doc.tok_cbegin_.begin()),
                     static_cast<std::uint32_t>(hi - doc.tok_cend_.begin()) + 1});
    }
    return out;
  };
  std::vector<TokenRange> sentences = to_ranges("sentences");
  // Sentences, when given, tile the tokens: every token in exactly one, in order.
  if (!sentences.empty()) {
    std::uint32_t next = 0;
    for (const auto& r : sentences) {
      if (r.begin != next)
        fail("'sentences' must cover every token in order without gaps or overlaps (token " +
             std::to_string(r.begin > next ? next : r.begin) +
             (r.begin > next ? " is in no sentence)" : " is in two sentences)"));
      next = r.end;
    }
    if (next != toks.size())
      fail("'sentences' must cover every token (tokens " + std::to_string(next) + " to " +
           std::to_string(toks.size() - 1) + " are in no sentence)");
  }
  try {
    doc.set_sentences(std::move(sentences));
    doc.set_paragraphs(to_ranges("paragraphs"));
  } catch (const std::out_of_range& e) {
    fail(e.what());
  }

  if (auto it = j.find("entities"); it != j.end()) {
    if (!it->is_array()) fail("'entities' must be an array");
    for (const auto& e : *it) {
      if (!e.is_object()) fail("'entities' entries must be objects");
      Entity ent;
      const bool has_tokens = e.contains("tokens"), has_chars = e.contains("start") || e.contains("end");
      if (!has_tokens && !has_chars) fail("an entity needs 'tokens' or 'start' and 'end'");
      if (has_tokens) {
        auto [a, b] = read_pair(e["tokens"], "entity tokens");
        ent.tok_begin = a;
        ent.tok_end = b;
      }
      if (has_chars) {
        auto s = require(e, "start", json::value_t::number_unsigned, "an integer").get<std::uint64_t>();
        auto en = require(e, "end", json::value_t::number_unsigned, "an integer").get<std::uint64_t>();
        auto lo = std::lower_bound(doc.tok_cbegin_.begin(), doc.tok_cbegin_.end(), s);
        auto hi = std::lower_bound(doc.tok_cend_.begin(), doc.tok_cend_.end(), en);
        if (lo == doc.tok_cbegin_.end() || *lo != s || hi == doc.tok_cend_.end() || *hi != en)
          fail("entity span does not start and end on token boundaries");
        const auto tb = static_cast<std::uint32_t>(lo - doc.tok_cbegin_.begin());
        const auto te = static_cast<std::uint32_t>(hi - doc.tok_cend_.begin()) + 1;
        if (has_tokens && (tb != ent.tok_begin || te != ent.tok_end))
          fail("entity 'start'/'end' [" + std::to_string(s) + ", " + std::to_string(en) +
               ") disagree with its 'tokens' [" + std::to_string(ent.tok_begin) + ", " + std::to_string(ent.tok_end) +
               ")");
        ent.tok_begin = tb;
        ent.tok_end = te;
      }
      if (auto tx = e.find("text"); tx != e.end()) {
        if (!tx->is_string()) fail("entity 'text' must be a string");
        if (ent.tok_begin < ent.tok_end && ent.tok_end <= doc.size() &&
            tx->get<std::string>() !=
                t.substr(doc.tok_begin_[ent.tok_begin], doc.tok_end_[ent.tok_end - 1] - doc.tok_begin_[ent.tok_begin]))
          fail("entity 'text' " + tx->dump() + " is not the text of its tokens");
      }
      ent.label = require(e, "label", json::value_t::string, "a string").get<std::string>();
      if (auto s = e.find("score"); s != e.end()) {
        if (!s->is_number()) fail("entity 'score' must be a number");
        ent.score = s->get<float>();
      }
      if (auto s = e.find("source"); s != e.end()) {
        if (!s->is_string()) fail("entity 'source' must be a string");
        ent.source = entity_source_from_name(s->get<std::string>());
      }
      if (auto v = e.find("value"); v != e.end() && !v->is_null()) ent.value = v->dump();
      try {
        doc.add_entity(ent);
      } catch (const std::exception& ex) {
        fail(ex.what());
      }
    }
  }
  if (auto it = j.find("meta"); it != j.end()) {
    if (!it->is_object()) fail("'meta' must be an object");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) fail("'meta' values must be strings ('" + k + "' is " + v.type_name() + ")");
      doc.meta_[k] = v.get<std::string>();
    }
  }
  if (auto it = j.find("utf8_replaced"); it != j.end()) {
    if (!it->is_boolean()) fail("'utf8_replaced' must be true or false");
    doc.utf8_replaced_ = it->get<bool>();
  }
  return doc;
}

}  // namespace byline
