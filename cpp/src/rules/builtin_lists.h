// The names of the entity ruler's built-in lists (private; ruler.cpp and the model
// package reader in pipeline.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace byline::internal::rules {

/// The built-in lists (RulerOptions::resource_dir, RulerOptions::resources, a model
/// package's gazetteers/): the first kRequiredLists are required, not_names.txt is optional.
inline constexpr std::array<std::string_view, 5> kBuiltinLists = {"gpe.txt", "loc.txt", "norp.txt", "titles.txt",
                                                                  "not_names.txt"};
inline constexpr std::size_t kRequiredLists = 4;

inline bool is_builtin_list(std::string_view name) {
  return std::find(kBuiltinLists.begin(), kBuiltinLists.end(), name) != kBuiltinLists.end();
}

/// The first required list that `lists` (file name -> contents) lacks, or "" when none is missing.
inline std::string_view missing_required_list(const std::map<std::string, std::string>& lists) {
  for (std::size_t i = 0; i < kRequiredLists; ++i)
    if (lists.count(std::string(kBuiltinLists[i])) == 0) return kBuiltinLists[i];
  return {};
}

}  // namespace byline::internal::rules
