// The merge policy (rules.h, MERGE POLICY) and span conventions.
#include <algorithm>
#include <array>
#include <numeric>

#include "byline/rules.h"
#include "rules/text_util.h"

namespace byline {

using rules_internal::is_possessive;
using rules_internal::tok_text;

namespace {

// Used when no title list is given: the commonest news titles.
bool builtin_title(std::string_view t) {
  static const std::array<std::string_view, 22> k = {
      "Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "President", "Prime", "Minister", "Chancellor",
      "Gen.", "General", "Sen.", "Senator", "Rep.", "Gov.", "Governor", "King", "Queen", "Pope"};
  for (auto w : k)
    if (w == t) return true;
  return false;
}

int source_priority(EntitySource s) {
  switch (s) {
    case EntitySource::kUser: return 3;
    case EntitySource::kPattern: return 2;
    case EntitySource::kGazetteer: return 1;
    case EntitySource::kModel: return 0;
  }
  return 0;
}

}  // namespace

std::vector<Entity> resolve_overlaps(std::vector<Entity> entities, const Doc& doc, const PhraseMatcher* titles,
                                     const PhraseMatcher* norp) {
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  std::vector<Entity> extra;
  // 1. span conventions
  for (auto& e : entities) {
    if (e.tok_end > n) e.tok_end = n;
    if (e.tok_begin >= e.tok_end) continue;
    while (e.tok_end > e.tok_begin + 1 && is_possessive(tok_text(doc, e.tok_end - 1))) --e.tok_end;
    if (e.label != "PERSON") continue;
    for (bool changed = true; changed && e.tok_end > e.tok_begin + 1;) {
      changed = false;
      std::uint32_t k = 0;
      if (titles) {
        k = titles->match_at(doc, e.tok_begin, "TITLE");
      } else {
        while (e.tok_begin + k < e.tok_end && builtin_title(tok_text(doc, e.tok_begin + k))) ++k;
      }
      if (k > 0 && e.tok_begin + k < e.tok_end) {
        e.tok_begin += k;
        changed = true;
        continue;
      }
      if (norp) {
        k = norp->match_at(doc, e.tok_begin, "NORP");
        if (k > 0 && e.tok_begin + k < e.tok_end) {
          Entity ne;
          ne.tok_begin = e.tok_begin;
          ne.tok_end = e.tok_begin + k;
          ne.label = "NORP";
          ne.source = EntitySource::kGazetteer;
          ne.score = e.score;
          extra.push_back(std::move(ne));
          e.tok_begin += k;
          changed = true;
        }
      }
    }
  }
  for (auto& e : extra) entities.push_back(std::move(e));
  entities.erase(std::remove_if(entities.begin(), entities.end(),
                                [](const Entity& e) { return e.tok_begin >= e.tok_end; }),
                 entities.end());
  // 2. rank
  std::vector<std::size_t> order(entities.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Entity& x = entities[a];
    const Entity& y = entities[b];
    bool ux = x.source == EntitySource::kUser, uy = y.source == EntitySource::kUser;
    if (ux != uy) return ux;
    std::uint32_t lx = x.tok_end - x.tok_begin, ly = y.tok_end - y.tok_begin;
    if (lx != ly) return lx > ly;
    int px = source_priority(x.source), py = source_priority(y.source);
    if (px != py) return px > py;
    if (x.tok_begin != y.tok_begin) return x.tok_begin < y.tok_begin;
    return x.label < y.label;
  });
  // 3. greedy selection (occupancy per token)
  std::vector<std::uint8_t> taken(n, 0);
  std::vector<std::size_t> keep;
  for (std::size_t idx : order) {
    const Entity& e = entities[idx];
    bool free = true;
    for (auto t = e.tok_begin; t < e.tok_end && free; ++t) free = !taken[t];
    if (!free) continue;
    for (auto t = e.tok_begin; t < e.tok_end; ++t) taken[t] = 1;
    keep.push_back(idx);
  }
  std::sort(keep.begin(), keep.end(),
            [&](std::size_t a, std::size_t b) { return entities[a].tok_begin < entities[b].tok_begin; });
  std::vector<Entity> out;
  out.reserve(keep.size());
  for (std::size_t idx : keep) out.push_back(std::move(entities[idx]));
  return out;
}

void resolve_doc_entities(Doc& doc) {
  auto ents = resolve_overlaps(doc.entities(), doc);
  doc.clear_entities();
  for (const auto& e : ents) doc.add_entity(e);
}

}  // namespace byline
