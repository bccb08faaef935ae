// parallel_for over [0, n) with an atomic work index (private).
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <new>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "byline/tokenizer.h"  // kMaxThreads

namespace byline::internal {

/// Starts a std::thread (the default of parallel_for's `start`; tests pass one that fails).
struct StartThread {
  template <class F>
  std::thread operator()(F&& f) const {
    return std::thread(std::forward<F>(f));
  }
};

/// Logs that only `started` of `wanted` worker threads could be started (batch.cpp).
void warn_threads_not_started(std::size_t started, std::size_t wanted, const char* why) noexcept;

/// Calls fn(i) for every i in [0, n) on `threads` threads (1 .. kMaxThreads; the
/// calling thread is one of them). If calls throw, the exception of the smallest failing
/// index is rethrown after all threads join. When the system refuses to start a thread
/// (std::system_error, std::bad_alloc), the work goes on with the threads already
/// running, with a warning: never std::terminate.
template <class Fn, class Start = StartThread>
void parallel_for(std::size_t n, int threads, Fn&& fn, const Start& start = Start{}) {
  if (n == 0) return;
  std::size_t t = threads < 1 ? 1 : static_cast<std::size_t>(threads);
  if (t > static_cast<std::size_t>(kMaxThreads)) t = static_cast<std::size_t>(kMaxThreads);
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
  for (std::size_t w = 1; w < t; ++w) {
    try {
      pool.push_back(start([&work, w] { work(w); }));
    } catch (const std::system_error& e) {
      warn_threads_not_started(w, t, e.what());
      break;
    } catch (const std::bad_alloc&) {
      warn_threads_not_started(w, t, "out of memory");
      break;
    }
  }
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
