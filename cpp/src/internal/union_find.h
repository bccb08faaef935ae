// Disjoint-set forest over [0, n) with path halving (private).
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace byline::internal {

/// The root of a set is its smallest member, so results do not depend on merge order.
struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  /// Merges the sets of a and b; false when they were one set already.
  bool unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (a < b)
      parent[b] = a;
    else
      parent[a] = b;
    return true;
  }
};

}  // namespace byline::internal
