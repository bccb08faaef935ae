// Parsing untrusted JSON with bounded nesting (private). nlohmann's parser is iterative,
// but dumping and copying a value recurse once per level, so a few hundred kilobytes of
// brackets would overflow the stack later: parse_json refuses such input up front.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace byline::internal {

/// Deepest nesting of arrays and objects accepted in any JSON byline reads.
constexpr int kMaxJsonDepth = 256;

/// JSON nested deeper than kMaxJsonDepth; callers turn it into their own error type.
class JsonTooDeep : public std::runtime_error {
 public:
  JsonTooDeep() : std::runtime_error("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels") {}
};

/// nlohmann::json::parse with the nesting limit. Throws JsonTooDeep, or
/// nlohmann::json::exception for malformed JSON.
inline nlohmann::json parse_json(std::string_view text) {
  auto limit = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) throw JsonTooDeep();
    return true;
  };
  return nlohmann::json::parse(text.begin(), text.end(), limit);
}

}  // namespace byline::internal
