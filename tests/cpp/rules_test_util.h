// Helpers shared by the rules_*_test.cpp files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace rules_test {

/// "LABEL text = value" per entity, for compact assertions. DATE and TIME values show
/// their TIMEX3 string only ("= \"2025-01\"") unless `full_temporal`.
inline std::vector<std::string> describe(const byline::Doc& doc, const std::vector<byline::Entity>& ents,
                                         bool full_temporal = false) {
  std::vector<std::string> out;
  for (auto e : ents) {
    if (!full_temporal && (e.label == "DATE" || e.label == "TIME") && !e.value.empty() && e.value[0] == '{') {
      const auto v = nlohmann::json::parse(e.value);
      e.value = v.contains("timex") ? v["timex"].dump() : std::string();
    }
    std::string text;
    for (auto i = e.tok_begin; i < e.tok_end; ++i) {
      text += std::string(doc.token_text(i));
      if (i + 1 < e.tok_end && doc.space_after(i)) text += ' ';
    }
    std::string s = e.label + " " + text;
    if (!e.value.empty()) s += " = " + e.value;
    out.push_back(s);
  }
  return out;
}

inline const byline::Tokenizer& tokenizer() {
  static const byline::Tokenizer tok;
  return tok;
}

inline byline::Doc doc_of(const std::string& text, const std::string& date = "") {
  byline::Doc d = tokenizer().tokenize(text);
  if (!date.empty()) d.set_meta("date", date);
  return d;
}

inline std::vector<std::string> numeric(const std::string& text) {
  auto d = doc_of(text);
  return describe(d, byline::find_numeric_entities(d));
}

/// DATE/TIME entities with their full value objects.
inline std::vector<std::string> temporal_values(const std::string& text, const std::string& date = "") {
  auto d = doc_of(text, date);
  return describe(d, byline::find_temporal_entities(d), true);
}

/// DATE/TIME entities with the TIMEX3 string of their values ("LABEL text = \"2025-01\"").
inline std::vector<std::string> temporal(const std::string& text, const std::string& date = "") {
  auto d = doc_of(text, date);
  return describe(d, byline::find_temporal_entities(d));
}

}  // namespace rules_test
