// Alias table: country aliases, demonyms and role titles (data/aliases.tsv, compiled in).
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "analysis/aliases_impl.h"
#include "analysis/context.h"
#include "analysis/text.h"
#include "byline/analysis.h"
#include "byline/errors.h"
#include "internal/files.h"

namespace byline {

namespace {
const char* const kBuiltinLines[] = {
#include "aliases.inc"
};

void add_line(AliasTable::Impl& t, std::string_view line, std::size_t lineno, const std::string& where) {
  if (line.empty() || line[0] == '#') return;
  std::vector<std::string_view> cols;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  using internal::analysis::fold;
  if (cols[0] == "ALIAS" && cols.size() == 3) {
    t.alias.emplace(fold(cols[1]), std::string(cols[2]));
  } else if (cols[0] == "DEMONYM" && cols.size() == 3) {
    t.demonym.emplace(fold(cols[1]), std::string(cols[2]));
  } else if (cols[0] == "ROLE" && cols.size() == 2) {
    std::vector<std::string> words;
    std::string w;
    for (char c : fold(cols[1])) {
      if (c == ' ') {
        if (!w.empty()) words.push_back(std::move(w));
        w.clear();
      } else {
        w.push_back(c);
      }
    }
    if (!w.empty()) words.push_back(std::move(w));
    if (words.empty()) return;
    std::string joined;
    for (const auto& x : words) joined += (joined.empty() ? "" : " ") + x;
    t.roles.insert(joined);
    if (words.size() > t.max_role_words) t.max_role_words = words.size();
  } else if (cols[0] == "GENDER" && cols.size() == 3 && (cols[2] == "m" || cols[2] == "f")) {
    t.gender[fold(cols[1])] = cols[2][0];
  } else {
    throw FormatError(where + ":" + std::to_string(lineno) +
                      ": expected ALIAS/DEMONYM/GENDER with 3 columns or ROLE with 2");
  }
}
}  // namespace

AliasTable::AliasTable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AliasTable::~AliasTable() = default;

std::shared_ptr<const AliasTable> AliasTable::builtin() {
  static const std::shared_ptr<const AliasTable> table = [] {
    auto impl = std::make_unique<Impl>();
    std::size_t n = 0;
    for (const char* line : kBuiltinLines) add_line(*impl, line, ++n, "aliases.inc");
    return std::make_shared<const AliasTable>(std::move(impl));
  }();
  return table;
}

std::shared_ptr<const AliasTable> AliasTable::with_file(const std::string& path) {
  auto impl = std::make_unique<Impl>(builtin()->impl());
  std::istringstream in(internal::read_input_file(path, internal::kMaxListFileBytes, "alias file"));
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    add_line(*impl, line, ++n, path);
  }
  return std::make_shared<const AliasTable>(std::move(impl));
}

std::string_view AliasTable::canonical(std::string_view name) const {
  auto it = impl_->alias.find(internal::analysis::fold(name));
  if (it != impl_->alias.end()) return it->second;
  return {};
}

std::string_view AliasTable::demonym_country(std::string_view adjective) const {
  auto it = impl_->demonym.find(internal::analysis::fold(adjective));
  if (it != impl_->demonym.end()) return it->second;
  return {};
}

char AliasTable::first_name_gender(std::string_view first_name) const {
  auto it = impl_->gender.find(internal::analysis::fold(first_name));
  return it == impl_->gender.end() ? '\0' : it->second;
}

namespace {

template <class Words>
std::size_t longest_role(const AliasTable::Impl& t, const Words& words, std::size_t start) {
  std::string key;
  std::size_t best = 0;
  for (std::size_t n = 1; n <= t.max_role_words && start + n <= words.size(); ++n) {
    if (n > 1) key.push_back(' ');
    key += internal::analysis::fold(words[start + n - 1]);
    if (t.roles.count(key)) best = n;
  }
  return best;
}

}  // namespace

std::size_t AliasTable::match_role(const std::vector<std::string_view>& words, std::size_t start) const {
  return longest_role(*impl_, words, start);
}

std::size_t AliasTable::match_role(const Doc& doc, std::size_t start) const {
  return longest_role(*impl_, internal::analysis::TokenWords(doc), start);
}

}  // namespace byline
