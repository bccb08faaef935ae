// Helpers shared by the rules_*_test.cpp files.
#pragma once

#include <string>
#include <vector>

#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace rules_test {

/// "LABEL text = value" per entity, for compact assertions.
inline std::vector<std::string> describe(const byline::Doc& doc, const std::vector<byline::Entity>& ents) {
  std::vector<std::string> out;
  for (const auto& e : ents) {
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

inline std::vector<std::string> temporal(const std::string& text, const std::string& date = "") {
  auto d = doc_of(text, date);
  return describe(d, byline::find_temporal_entities(d));
}

}  // namespace rules_test
