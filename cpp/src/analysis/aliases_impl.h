// Storage of byline::AliasTable.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "byline/analysis.h"

namespace byline {

struct AliasTable::Impl {
  std::unordered_map<std::string, std::string> alias;    ///< folded alias -> canonical
  std::unordered_map<std::string, std::string> demonym;  ///< folded adjective -> country
  std::unordered_set<std::string> roles;                 ///< folded titles, words joined by ' '
  std::unordered_map<std::string, char> gender;          ///< folded first name -> 'm' / 'f'
  std::size_t max_role_words = 0;
};

}  // namespace byline
