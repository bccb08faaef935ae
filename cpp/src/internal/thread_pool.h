// parallel_for over [0, n) with an atomic work index (private).
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace byline::internal {

/// Calls fn(i) for every i in [0, n) on `threads` threads (>= 1). If calls throw,
/// the exception of the smallest failing index is rethrown after all threads join.
template <class Fn>
void parallel_for(std::size_t n, int threads, Fn&& fn) {
  if (n == 0) return;
  std::size_t t = threads < 1 ? 1 : static_cast<std::size_t>(threads);
  if (t > n) t = n;
  if (t == 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_error{n};
  std::vector<std::exception_ptr> errors(t);
  std::vector<std::size_t> error_index(t, n);
  auto work = [&](std::size_t w) {
    for (;;) {
      std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n || i > first_error.load(std::memory_order_relaxed)) return;
      try {
        fn(i);
      } catch (...) {
        if (i < error_index[w]) {
          error_index[w] = i;
          errors[w] = std::current_exception();
        }
        std::size_t cur = first_error.load();
        while (i < cur && !first_error.compare_exchange_weak(cur, i)) {
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  for (std::size_t w = 1; w < t; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& th : pool) th.join();
  std::size_t best = n;
  std::exception_ptr err;
  for (std::size_t w = 0; w < t; ++w)
    if (errors[w] && error_index[w] < best) {
      best = error_index[w];
      err = errors[w];
    }
  if (err) std::rethrow_exception(err);
}

}  // namespace byline::internal
