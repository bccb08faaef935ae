// Fuzzes user regexes in token patterns: the first line of the input is the regex, the
// rest is text to tokenize and match (with replacement of invalid UTF-8). A regex RE2
// cannot compile must be a ConfigError; compiling and matching must neither crash nor
// hang, whatever the nesting, repetition or size. Matches must be whole tokens.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/byline.h"
#include "byline/rules.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = input.find('\n');
  const std::string regex = input.substr(0, nl);
  const std::string text =
      nl == std::string::npos ? std::string("Zürich, 2025: AB-12 and (a+)+b") : input.substr(nl + 1);
  nlohmann::json pattern = nlohmann::json::array();
  // The regex as bytes: JSON needs valid UTF-8, so invalid input bytes are replaced.
  std::string re_utf8;
  try {
    re_utf8 = nlohmann::json(regex).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
    return 0;
  }
  const std::string json = R"([{"label": "X", "pattern": [{"regex": )" + re_utf8 +
                           R"(, "op": "+"}]}, {"label": "Y", "pattern": [{"regex": )" + re_utf8 + "}]}]";
  byline::TokenizerOptions to;
  to.utf8 = byline::Utf8Policy::kReplace;
  byline::Doc doc = byline::Tokenizer(to).tokenize(std::string_view(text));
  try {
    byline::TokenMatcher m = byline::TokenMatcher::from_json(json);
    std::uint32_t prev_end = 0;
    for (const auto& e : m.find(doc)) {
      check(e.tok_begin >= prev_end && e.tok_begin < e.tok_end && e.tok_end <= doc.size());
      prev_end = e.tok_end;
    }
  } catch (const byline::ConfigError&) {
    return 0;
  }
  return 0;
}
