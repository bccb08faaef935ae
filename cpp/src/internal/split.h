// Splitting the comma-separated lists of the command lines (private, header-only so that
// the byline-dev tool can use it too).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline::internal {

/// The items of the comma-separated `s`, each without the characters of `trim` at either
/// end (none by default), in order; an item that is empty after that is left out.
/// split_commas("a,,b,") == {"a", "b"}; split_commas(" a , ,b", " \t") == {"a", "b"};
/// split_commas(" a , ,b") == {" a ", " ", "b"}; split_commas("") == {}.
inline std::vector<std::string> split_commas(std::string_view s, std::string_view trim = {}) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    const std::size_t first = item.find_first_not_of(trim);
    if (first != std::string_view::npos) out.emplace_back(item.substr(first, item.find_last_not_of(trim) - first + 1));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

}  // namespace byline::internal
